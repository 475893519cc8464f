/**
 * The Connection Request listener (spec 3.2.2): an HTTP GET to a random path, authenticated
 * with Digest against ManagementServer.ConnectionRequestUsername/Password, asks the agent to
 * open a session. It answers at once (200, empty body) and never waits for the session; a
 * rate limit bounds how often it may trigger one, and failed authentication attempts count
 * toward the same limit, so guessing the password is as slow as triggering sessions. An empty
 * username is the operator's explicit opt-out of authentication.
 *
 * @module
 */

import { buildChallenge } from "../protocol/auth/challenge.ts";
import { parseAuthorization } from "../protocol/auth/credentials.ts";
import { createNonce } from "../protocol/auth/nonce.ts";
import { verifyAuthorization } from "../protocol/auth/verify.ts";

/** ConnectionRequestUsername and ConnectionRequestPassword. */
export interface ConnectionRequestCredentials {
  username: string;
  password: string;
}

/** Options of {@link startConnectionRequestServer}. */
export interface ConnectionRequestOptions {
  /** Address to listen on, e.g. `0.0.0.0` or `127.0.0.1`. */
  hostname: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** The random path, e.g. `/cr/8f3a...`; only it triggers sessions. */
  path: string;
  /**
   * The current credentials (the ACS may change them); an empty username needs none (an
   * explicit opt-out: anyone who reaches the port may then trigger sessions, up to the limit).
   */
  credentials: () => ConnectionRequestCredentials;
  /** Secret of the Digest nonces. */
  nonceSecret: string;
  /** Called for each accepted request, after the answer is on its way. */
  onRequest: () => void;
  /**
   * Accepted requests and failed authentication attempts per window before every request is
   * answered 503 (default 20 per 60 s). A bare request that is only challenged does not count.
   */
  rateLimit?: { count: number; windowMs: number };
  now?: () => number;
  randomHex?: (bytes: number) => string;
  /** One line per refused request (default: none). */
  log?: (line: string) => void;
}

/** A running listener. */
export interface ConnectionRequestServer {
  /** The port it listens on (the real one when 0 was asked). */
  readonly port: number;
  /** Stops listening. */
  close(): Promise<void>;
}

/**
 * The listener cannot be opened.
 *
 * @example Usage
 * ```ts
 * import { ListenError } from "./connection_request.ts";
 * if (new ListenError("Cannot listen").name !== "ListenError") throw new Error("unexpected");
 * ```
 */
export class ListenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ListenError";
  }
}

const REALM = "cwmp-cpe";
const MAX_NONCES = 256;

/**
 * Starts the Connection Request listener.
 *
 * @param options Address, path, credentials and the trigger.
 * @returns The running server.
 * @throws {ListenError} The address cannot be listened on (taken, not local, no permission).
 *
 * @example A request without credentials when none are configured
 * ```ts
 * import { startConnectionRequestServer } from "./connection_request.ts";
 * let requests = 0;
 * const server = startConnectionRequestServer({
 *   hostname: "127.0.0.1",
 *   port: 0,
 *   path: "/cr/abc",
 *   credentials: () => ({ username: "", password: "" }),
 *   nonceSecret: "s",
 *   onRequest: () => requests++,
 * });
 * const response = await fetch(`http://127.0.0.1:${server.port}/cr/abc`);
 * await response.body?.cancel();
 * await server.close();
 * if (response.status !== 200) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.2.2 ACS Connection Initiation
 */
export function startConnectionRequestServer(
  options: ConnectionRequestOptions,
): ConnectionRequestServer {
  const handle = createConnectionRequestHandler(options);
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve(
      { hostname: options.hostname, port: options.port, onListen: () => {} },
      handle,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ListenError(
      `Cannot listen for connection requests on ${options.hostname}:${options.port}: ${
        reason.replace(/\s*\(os error \d+\)$/, "")
      }`,
      { cause: error },
    );
  }
  return { port: server.addr.port, close: () => server.shutdown() };
}

/** Options of {@link createConnectionRequestHandler}: those of the listener but its address. */
export type ConnectionRequestHandlerOptions = Omit<ConnectionRequestOptions, "hostname" | "port">;

/**
 * The listener's request handling without a socket: one device's path, Digest and rate limit.
 * A listener shared by many devices (the simulator's) keeps one handler per path.
 *
 * @param options Path, credentials and the trigger.
 * @returns The handler: 200 (accepted), 401, 404 (another path), 405 or 503.
 *
 * @example A request to another path
 * ```ts
 * import { createConnectionRequestHandler } from "./connection_request.ts";
 * const handle = createConnectionRequestHandler({
 *   path: "/cr/abc",
 *   credentials: () => ({ username: "", password: "" }),
 *   nonceSecret: "s",
 *   onRequest: () => {},
 * });
 * if (handle(new Request("http://cpe.invalid/cr/other")).status !== 404) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.2.2 ACS Connection Initiation
 */
export function createConnectionRequestHandler(
  options: ConnectionRequestHandlerOptions,
): (request: Request) => Response {
  const now = options.now ?? Date.now;
  const randomHex = options.randomHex ?? defaultRandomHex;
  const limit = options.rateLimit ?? { count: 20, windowMs: 60_000 };
  // Times of accepted requests and failed authentication attempts in the current window.
  const attempts: number[] = [];
  const nonceCounts = new Map<string, number>();
  const log = options.log ?? ((): void => {});

  function handle(request: Request): Response {
    const url = new URL(request.url);
    if (url.pathname !== options.path) return text(404, "Not found");
    if (request.method !== "GET") return text(405, "Method not allowed", { allow: "GET" });
    const t = now();
    while (attempts.length > 0 && (attempts[0] ?? 0) <= t - limit.windowMs) attempts.shift();
    if (attempts.length >= limit.count) {
      log(
        `connection request refused: ${limit.count} requests or failed authentications in ${
          limit.windowMs / 1000
        } s`,
      );
      return text(503, "Too many connection requests", {
        "retry-after": String(Math.ceil(limit.windowMs / 1000)),
      });
    }
    const { username, password } = options.credentials();
    if (username !== "") {
      const denied = authenticate(request, url, { username, password });
      if (denied !== undefined) {
        if (denied.failed) attempts.push(t);
        return denied.response;
      }
    }
    attempts.push(t);
    // The session starts after this answer is sent (spec 3.2.2: no waiting for it).
    setTimeout(options.onRequest, 0);
    return new Response(null, { status: 200, headers: { "content-length": "0" } });
  }

  // undefined when authenticated; `failed` when credentials were offered and were wrong (a
  // bare request and a stale nonce are steps of the normal exchange, not failures).
  function authenticate(
    request: Request,
    url: URL,
    expected: ConnectionRequestCredentials,
  ): { response: Response; failed: boolean } | undefined {
    const header = request.headers.get("authorization");
    const parsed = parseAuthorization(header);
    let stale = false;
    if (parsed.ok) {
      const nonce = parsed.credentials.scheme === "Digest" ? parsed.credentials.nonce : "";
      const result = verifyAuthorization(parsed.credentials, {
        realm: REALM,
        method: "GET",
        uri: url.pathname + url.search,
        secret: parsed.credentials.username === expected.username
          ? { password: expected.password }
          : undefined,
        nonceSecret: options.nonceSecret,
        now: now(),
        lastNonceCount: nonceCounts.get(nonce),
      });
      if (result.ok) {
        remember(nonceCounts, nonce, result.nonceCount ?? 0);
        return undefined;
      }
      stale = result.reason === "stale";
      log(`connection request refused: ${result.message}`);
    }
    const challenge = buildChallenge({
      realm: REALM,
      nonce: createNonce({ secret: options.nonceSecret, now: now(), randomHex }),
      qop: ["auth"],
      stale,
    });
    return {
      response: text(401, "Unauthorized", { "www-authenticate": challenge }),
      failed: header !== null && !stale,
    };
  }

  return handle;
}

function remember(counts: Map<string, number>, nonce: string, count: number): void {
  counts.delete(nonce);
  counts.set(nonce, count);
  // Oldest first in insertion order; forgetting a nonce only makes it usable until it expires.
  while (counts.size > MAX_NONCES) counts.delete(counts.keys().next().value ?? "");
}

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(`${body}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  });
}

function defaultRandomHex(bytes: number): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(bytes)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}
