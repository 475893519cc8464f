/**
 * HTTP authentication of CPEs against their stored credentials: the 401 challenge, and the
 * check of an Authorization header (Digest; Basic only over TLS). Nonces are stateless
 * (HMAC with the server key, `protocol/auth`), nonce counts are tracked per nonce in memory.
 *
 * @module
 */

import { buildBasicChallenge, buildChallenge } from "../../protocol/auth/challenge.ts";
import { parseAuthorization } from "../../protocol/auth/credentials.ts";
import type { DigestAlgorithm } from "../../protocol/auth/digest.ts";
import { createNonce, verifyNonce } from "../../protocol/auth/nonce.ts";
import { verifyAuthorization, type VerifyFailureReason } from "../../protocol/auth/verify.ts";
import type { AcsDb } from "../db/client.ts";
import type { DeviceCredentialsRow } from "../db/schema/credentials.ts";
import { findCredentialsByUsername, openCredentials } from "./credentials.ts";
import type { NonceCounts } from "./nonce_counts.ts";
import { type AcsKeys, SealError } from "./secrets.ts";

/** What a verifier needs. */
export interface VerifierDeps {
  db: AcsDb;
  /** The server keys (loaded once, on first use). */
  keys: () => Promise<AcsKeys>;
  counts: NonceCounts;
  realm: string;
  /** The algorithm challenged with; its `-sess` variant is accepted too. */
  algorithm: "MD5" | "SHA-256";
  nonceTtlMs: number;
  /** Offer and accept Basic on TLS connections. */
  basicOverTls: boolean;
  now: () => number;
  randomBytes: (length: number) => Uint8Array;
}

/** The outcome of {@link verifyRequest}. */
export type RequestVerification =
  | { ok: true; credentials: DeviceCredentialsRow; scheme: "Digest" | "Basic" }
  | { ok: false; reason: VerifyFailureReason | "sealed"; message: string };

/**
 * Whether the request arrived over TLS (the URL a server gives a request carries the scheme).
 *
 * @example Usage
 * ```ts
 * import { isTls } from "./verifier.ts";
 * if (!isTls(new Request("https://acs/")) || isTls(new Request("http://acs/"))) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function isTls(request: Request): boolean {
  return request.url.startsWith("https:");
}

/**
 * The 401 answer: a Digest challenge with a fresh nonce, and a Basic one on TLS when allowed.
 *
 * @param deps The verifier's configuration.
 * @param request The request being refused.
 * @param options `stale` when the refused credentials were right but their nonce expired.
 * @returns The response.
 * @see TR-069 Issue 1, 3.4.4 and RFC 7616 section 3.3
 */
export async function challengeResponse(
  deps: VerifierDeps,
  request: Request,
  options: { stale: boolean },
): Promise<Response> {
  const keys = await deps.keys();
  const nonce = createNonce({
    secret: keys.nonceKey,
    now: deps.now(),
    randomHex: (n) =>
      Array.from(deps.randomBytes(n), (b) => b.toString(16).padStart(2, "0")).join(""),
  });
  const headers = new Headers({ "content-type": "text/plain; charset=utf-8" });
  headers.append(
    "www-authenticate",
    buildChallenge({
      realm: deps.realm,
      nonce,
      qop: ["auth"],
      algorithm: deps.algorithm,
      stale: options.stale,
    }),
  );
  if (deps.basicOverTls && isTls(request)) {
    headers.append("www-authenticate", buildBasicChallenge(deps.realm));
  }
  return new Response("Authentication required\n", { status: 401, headers });
}

/**
 * Checks a request's Authorization against the credentials its username names. A nonce
 * count is recorded only once the whole request verified.
 *
 * @param deps The verifier's configuration.
 * @param request The request.
 * @returns The matching credentials, or why not.
 * @see TR-069 Issue 1, 3.4.4 Authentication
 */
export async function verifyRequest(
  deps: VerifierDeps,
  request: Request,
): Promise<RequestVerification> {
  const parsed = parseAuthorization(request.headers.get("authorization"));
  if (!parsed.ok) return { ok: false, reason: parsed.reason, message: parsed.message };
  const { credentials } = parsed;
  const keys = await deps.keys();
  const row = await findCredentialsByUsername(deps.db, credentials.username);
  let password: string | undefined;
  try {
    password = row === undefined ? undefined : openCredentials(keys, row).password;
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    return { ok: false, reason: "sealed", message: `${row?.deviceId}: ${error.message}` };
  }
  const now = deps.now();
  let lastNonceCount: number | undefined;
  let issuedAt = now;
  if (credentials.scheme === "Digest") {
    const nonce = verifyNonce(credentials.nonce, {
      secret: keys.nonceKey,
      now,
      ttlMs: deps.nonceTtlMs,
    });
    issuedAt = "issuedAt" in nonce ? nonce.issuedAt : now;
    const state = deps.counts.check(credentials.nonce, issuedAt, now);
    if (state.kind === "forgotten") {
      return { ok: false, reason: "stale", message: "the nonce is too old to check its count" };
    }
    lastNonceCount = state.kind === "seen" ? state.lastCount : undefined;
    if (lastNonceCount !== undefined && credentials.qop === undefined) {
      return { ok: false, reason: "replayed", message: "a nonce without qop was used again" };
    }
  }
  const url = new URL(request.url);
  const result = verifyAuthorization(credentials, {
    realm: deps.realm,
    method: request.method,
    uri: url.pathname + url.search,
    secret: password === undefined ? undefined : { password },
    nonceSecret: keys.nonceKey,
    now,
    nonceTtlMs: deps.nonceTtlMs,
    algorithms: [deps.algorithm, `${deps.algorithm}-sess` as DigestAlgorithm],
    qop: ["auth"],
    lastNonceCount,
    allowBasic: deps.basicOverTls && isTls(request),
  });
  if (!result.ok) return { ok: false, reason: result.reason, message: result.message };
  if (row === undefined) throw new Error("Cannot verify: credentials vanished");
  if (result.nonce !== undefined) {
    const count = result.nonceCount ?? 0;
    if (!deps.counts.commit(result.nonce, { count, issuedAt, now })) {
      return { ok: false, reason: "replayed", message: "the nonce count was used concurrently" };
    }
  }
  return { ok: true, credentials: row, scheme: result.scheme };
}
