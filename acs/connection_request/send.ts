/**
 * One Connection Request: an HTTP GET to the CPE's ConnectionRequestURL, answering its Digest
 * challenge (Basic only when allowed), within a time limit.
 *
 * The URL comes from the device's own Inform, so a hostile device can point it anywhere the
 * ACS can reach (server-side request forgery: internal hosts, cloud metadata endpoints). What
 * limits the harm: only `http`/`https`, only GET, no body sent, redirects not followed, the
 * answer's body never read, and nothing but the outcome kept. Deployments that need more
 * should run the ACS where its outbound traffic is filtered.
 *
 * @module
 */

import { answerChallenge } from "../../protocol/auth/client.ts";
import type { ConnectionRequestResult } from "../db/schema/connection_requests.ts";

/** What a Connection Request came to. */
export interface ConnectionRequestOutcome {
  result: ConnectionRequestResult;
  /** The last HTTP status received; null when none. */
  status: number | null;
  /** One line for a human. */
  detail: string;
}

/** Options of {@link sendConnectionRequest}. */
export interface SendConnectionRequestOptions {
  /** ConnectionRequestUsername; null or absent when none is known. */
  username?: string | null;
  /** ConnectionRequestPassword. */
  password?: string | null;
  /** Answer a Basic-only challenge (default false: the password would travel in clear). */
  allowBasic?: boolean;
  /** The whole exchange's time limit (default 5000 ms). */
  timeoutMs?: number;
  /** The HTTP client (default `fetch`). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Client nonces (default: 16 random hex digits). */
  cnonce?: () => string;
}

/**
 * Sends a Connection Request. A CPE that closes the connection after its 401 (as some do) is
 * asked once more on a new connection.
 *
 * @param url The device's ConnectionRequestURL.
 * @param options Credentials, Basic permission, time limit, client.
 * @returns The outcome; this never throws for a network or HTTP failure.
 *
 * @example A dead port is unreachable
 * ```ts
 * import { sendConnectionRequest } from "./send.ts";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const port = listener.addr.port;
 * listener.close();
 * const outcome = await sendConnectionRequest(`http://127.0.0.1:${port}/cr`);
 * if (outcome.result !== "unreachable") throw new Error(outcome.detail);
 * ```
 * @see TR-069 Issue 1, 3.2.2 ACS Connection Initiation
 */
export async function sendConnectionRequest(
  url: string,
  options: SendConnectionRequestOptions = {},
): Promise<ConnectionRequestOutcome> {
  const target = checkUrl(url);
  if (typeof target === "string") return { result: "no-url", status: null, detail: target };
  const signal = AbortSignal.timeout(options.timeoutMs ?? 5000);
  const get = (authorization?: string): Promise<Response | ConnectionRequestOutcome> =>
    attempt(options.fetch ?? fetch, url, authorization, signal);
  const first = await get();
  if (!(first instanceof Response)) return first;
  if (first.status !== 401) return settled(first, "");
  const header = first.headers.get("www-authenticate");
  const { username, password } = options;
  if (username === null || username === undefined || password === null || password === undefined) {
    return {
      result: "auth-failed",
      status: 401,
      detail: "The CPE asks for credentials and none are known",
    };
  }
  const authorize = (nc: number): ReturnType<typeof answerChallenge> =>
    answerChallenge(header, {
      username,
      password,
      method: "GET",
      uri: target.pathname + target.search,
      cnonce: (options.cnonce ?? randomCnonce)(),
      nc,
      allowBasic: options.allowBasic ?? false,
    });
  const answer = authorize(1);
  if (!answer.ok) return { result: "auth-failed", status: 401, detail: answer.message };
  let second = await get(answer.authorization);
  if (!(second instanceof Response) && second.result === "unreachable") {
    const again = authorize(2);
    if (again.ok) second = await get(again.authorization);
  }
  if (!(second instanceof Response)) return second;
  return settled(second, ` with ${answer.challenge.scheme} credentials`);
}

function checkUrl(url: string): URL | string {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return `Cannot use ConnectionRequestURL '${url}': it is not a URL`;
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return `Cannot use ConnectionRequestURL '${url}': only http and https are allowed`;
  }
  if (target.username !== "" || target.password !== "") {
    return `Cannot use ConnectionRequestURL '${url}': it carries credentials`;
  }
  return target;
}

async function attempt(
  client: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
  authorization: string | undefined,
  signal: AbortSignal,
): Promise<Response | ConnectionRequestOutcome> {
  try {
    const response = await client(url, {
      method: "GET",
      redirect: "manual",
      signal,
      headers: authorization === undefined ? {} : { authorization },
    });
    await response.body?.cancel().catch(() => {});
    return response;
  } catch (error) {
    if (signal.aborted) {
      return { result: "timeout", status: null, detail: "The CPE did not answer in time" };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return {
      result: "unreachable",
      status: null,
      detail: `Cannot reach the CPE: ${oneLine(reason)}`,
    };
  }
}

function settled(response: Response, how: string): ConnectionRequestOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) {
    return { result: "ok", status, detail: `The CPE accepted${how} (${status})` };
  }
  if (status === 401) {
    return { result: "auth-failed", status, detail: `The CPE refused${how} (401)` };
  }
  return { result: "http-error", status, detail: `The CPE answered ${status}` };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function randomCnonce(): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(8)),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}
