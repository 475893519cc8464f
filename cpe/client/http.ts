/**
 * The HTTP side of one CWMP session, CPE role (spec 3.4): POSTs bodies to the ACS and returns
 * its answers, with the session's cookies, Basic or Digest authentication on 401, redirects
 * (kept for the rest of the session), a silence timeout per exchange and a size limit.
 *
 * @module
 */

import { RemoteProtocolError, XmlLimitError, XmlSyntaxError } from "../../protocol/errors.ts";
import { decodeEnvelopes } from "../../protocol/soap/envelope.ts";
import type { HttpBody } from "../../protocol/session/mod.ts";
import { decodeXmlBytes } from "../../protocol/xml/charset.ts";
import { HttpAuthorizer } from "./authorizer.ts";
import { CookieJar } from "./cookies.ts";
import { readCapped, transportFailure } from "./read.ts";

/** Options of {@link AcsConnection}. */
export interface AcsConnectionOptions {
  /** The transport's fetch. */
  fetch: typeof fetch;
  /** The ACS URL (ManagementServer.URL). */
  url: string;
  /** ManagementServer.Username and Password; an empty username sends no credentials. */
  username: string;
  password: string;
  /** No HTTP response within this many ms ends the session (spec 3.7.1.4: at least 30 s). */
  timeoutMs: number;
  now: () => number;
  randomHex: (bytes: number) => string;
  /** Answer Basic challenges over plain HTTP too (default: only over HTTPS, spec 3.4.4). */
  allowBasicOverHttp?: boolean;
  /** Largest response body in bytes (default 16 MiB). */
  maxBodyBytes?: number;
  /** Redirects followed per session (default 5). */
  maxRedirects?: number;
}

/**
 * The session failed on the HTTP side; the message says why in a few words.
 *
 * @example Usage
 * ```ts
 * import { SessionError } from "./http.ts";
 * const e = new SessionError("Cannot reach the ACS: connection refused");
 * if (e.name !== "SessionError") throw new Error("unexpected");
 * ```
 */
export class SessionError extends Error {
  /** The ACS's Retry-After (of a 503), in seconds, when it gave one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options);
    this.name = "SessionError";
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/**
 * One session's connection to the ACS.
 *
 * @example An empty POST answered with 204
 * ```ts
 * import { AcsConnection } from "./http.ts";
 * const connection = new AcsConnection({
 *   fetch: () => Promise.resolve(new Response(null, { status: 204 })),
 *   url: "http://acs.invalid/cwmp",
 *   username: "",
 *   password: "",
 *   timeoutMs: 30_000,
 *   now: () => 0,
 *   randomHex: (n) => "00".repeat(n),
 * });
 * if (await connection.post(null) !== "empty") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4 Use of HTTP
 */
export class AcsConnection {
  readonly #options: AcsConnectionOptions;
  readonly #cookies = new CookieJar();
  readonly #auth: HttpAuthorizer;
  #url: URL;
  #redirects = 0;

  constructor(options: AcsConnectionOptions) {
    this.#options = options;
    this.#url = new URL(options.url);
    this.#auth = new HttpAuthorizer({
      username: options.username,
      password: options.password,
      allowBasic: this.#url.protocol === "https:" || options.allowBasicOverHttp === true,
      randomHex: options.randomHex,
    });
  }

  /** The URL the session talks to now (after redirects). */
  get url(): string {
    return this.#url.href;
  }

  /**
   * POSTs one body (null: the empty POST) and returns the ACS's answer.
   *
   * @throws {SessionError} No answer in time, a connection failure, an HTTP status other than
   * 200/204, refused credentials, too many redirects, or a body that is not CWMP.
   */
  async post(xml: string | null): Promise<HttpBody> {
    const body = xml ?? "";
    let answered: string | undefined;
    for (let hops = 0; hops < 16; hops++) {
      const uri = this.#url.pathname + this.#url.search;
      const authorization = answered ?? this.#auth.next({ method: "POST", uri, body });
      const challenged = answered !== undefined;
      answered = undefined;
      const response = await this.#send(body, authorization);
      this.#cookies.store(response.headers.getSetCookie(), this.#url.pathname, this.#options.now());
      if (response.status === 401) {
        await response.body?.cancel();
        if (challenged) throw new SessionError("The ACS refused the credentials (HTTP 401)");
        const challenges = response.headers.get("www-authenticate");
        const answer = this.#auth.answer(challenges === null ? [] : [challenges], {
          method: "POST",
          uri,
          body,
        });
        if (!answer.ok) throw new SessionError(`Cannot authenticate to the ACS: ${answer.message}`);
        answered = answer.authorization;
        continue;
      }
      if (isRedirect(response.status)) {
        await response.body?.cancel();
        this.#follow(response);
        continue;
      }
      return await this.#read(response);
    }
    throw new SessionError("Cannot finish the POST: too many 401 and redirect answers");
  }

  async #send(body: string, authorization: string | undefined): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== "") {
      headers["content-type"] = 'text/xml; charset="utf-8"';
      // Spec 3.4.1: no value, as the body may carry several envelopes.
      headers["soapaction"] = "";
    }
    const cookie = this.#cookies.header(this.#url.pathname);
    if (cookie !== undefined) headers["cookie"] = cookie;
    if (authorization !== undefined) headers["authorization"] = authorization;
    try {
      return await this.#options.fetch(this.#url.href, {
        method: "POST",
        body,
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
    } catch (error) {
      throw new SessionError(
        `Cannot reach the ACS at ${this.#url.href}: ${
          transportFailure(error, this.#options.timeoutMs)
        }`,
        { cause: error },
      );
    }
  }

  #follow(response: Response): void {
    const location = response.headers.get("location");
    if (location === null) {
      throw new SessionError(`The ACS answered HTTP ${response.status} without a Location`);
    }
    if (++this.#redirects > (this.#options.maxRedirects ?? 5)) {
      throw new SessionError(`Cannot follow the ACS: more than ${this.#redirects - 1} redirects`);
    }
    let next: URL;
    try {
      next = new URL(location, this.#url);
    } catch {
      throw new SessionError(`Cannot follow the ACS's redirect to '${location}'`);
    }
    if (next.protocol !== "http:" && next.protocol !== "https:") {
      throw new SessionError(`Cannot follow the ACS's redirect to '${location}'`);
    }
    if (next.origin !== this.#url.origin) {
      this.#cookies.clear();
      this.#auth.reset();
    }
    this.#url = next;
  }

  async #read(response: Response): Promise<HttpBody> {
    const status = response.status;
    // SOAP 1.1 sends faults with HTTP 500; some ACSes do so for CWMP faults (e.g. 8005).
    const soapFault = status === 500 && /xml/i.test(response.headers.get("content-type") ?? "");
    if (status !== 200 && status !== 204 && !soapFault) {
      await response.body?.cancel();
      const retryAfterSeconds = retryAfterOf(response.headers.get("retry-after"), this.#options);
      throw new SessionError(
        `The ACS answered HTTP ${status} ${response.statusText}`.trim(),
        retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
      );
    }
    const max = this.#options.maxBodyBytes ?? 16 * 1024 * 1024;
    let bytes: Uint8Array;
    try {
      bytes = await readCapped(response, max);
    } catch (error) {
      throw new SessionError(
        `Cannot read the ACS's answer: ${transportFailure(error, this.#options.timeoutMs)}`,
        { cause: error },
      );
    }
    return decodeBody(bytes, response.headers.get("content-type") ?? undefined);
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function decodeBody(bytes: Uint8Array, contentType: string | undefined): HttpBody {
  try {
    const { text } = decodeXmlBytes(bytes, contentType);
    if (text.trim() === "") return "empty";
    const { envelopes } = decodeEnvelopes(text);
    return envelopes.length === 0 ? "empty" : envelopes;
  } catch (error) {
    if (
      error instanceof XmlSyntaxError || error instanceof XmlLimitError ||
      error instanceof RemoteProtocolError
    ) {
      throw new SessionError(`Cannot decode the ACS's answer: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

// Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3), at most a day: a wrong value
// must not keep the CPE away from its ACS for longer.
function retryAfterOf(
  value: string | null,
  options: Pick<AcsConnectionOptions, "now">,
): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  let seconds: number;
  if (/^\d+$/.test(text)) seconds = Number(text);
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    seconds = Math.max(0, Math.ceil((date - options.now()) / 1000));
  }
  return Math.min(seconds, 86_400);
}
