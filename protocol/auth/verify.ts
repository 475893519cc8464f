/**
 * The server side: verify credentials against a secret the caller looked up. The ACS verifies
 * CPEs (TR-069 section 3.4.4); the CPE verifies the ACS's Connection Request (section 3.2.2).
 *
 * @see TR-069 Issue 1 sections 3.4.4 and 3.2.2
 * @module
 */

import { createHash, timingSafeEqual } from "node:crypto";
import type { BasicCredentials, Credentials, DigestCredentials } from "./credentials.ts";
import {
  computeDigestResponse,
  DIGEST_ALGORITHMS,
  type DigestAlgorithm,
  type DigestSecret,
  hashCredentials,
  parseAlgorithm,
  type Qop,
} from "./digest.ts";
import { checkNonceCount, verifyNonce } from "./nonce.ts";

/**
 * Why verification failed. `missing`, `malformed` and `unsupported-scheme` also come from
 * `parseAuthorization()`. Answer `stale` with a fresh challenge carrying `stale: true`, every
 * other reason with a fresh challenge as well; answer `malformed` with 400 if preferred.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { VerifyFailureReason } from "./verify.ts";
 *
 * const reason: VerifyFailureReason = "stale";
 * assert.equal(reason, "stale");
 * ```
 *
 * @see TR-069 Issue 1 section 3.4.4 and RFC 7616 section 3.3 (`stale`)
 */
export type VerifyFailureReason =
  | "missing"
  | "malformed"
  | "unsupported-scheme"
  | "unsupported-algorithm"
  | "unsupported-qop"
  | "realm-mismatch"
  | "opaque-mismatch"
  | "uri-mismatch"
  | "bad-nonce"
  | "stale"
  | "unknown-user"
  | "wrong-response"
  | "replayed";

/**
 * Inputs of {@linkcode verifyAuthorization}.
 *
 * @example Basic over TLS
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyAuthorization, type VerifyOptions } from "./verify.ts";
 *
 * const options: VerifyOptions = {
 *   realm: "cwmp",
 *   method: "POST",
 *   uri: "/acs",
 *   secret: { password: "p" },
 *   nonceSecret: "k",
 *   now: 0,
 *   allowBasic: true,
 * };
 * const credentials = { scheme: "Basic", username: "u", password: "p" } as const;
 * assert.equal(verifyAuthorization(credentials, options).ok, true);
 * ```
 *
 * @see TR-069 Issue 1 section 3.4.4
 */
export interface VerifyOptions {
  /** The realm this server challenges with. */
  readonly realm: string;
  /** The request's method and request-target as received. */
  readonly method: string;
  readonly uri: string;
  /** The request body, needed for `auth-int`; a string is hashed as UTF-8. */
  readonly body?: Uint8Array | string | undefined;
  /** Looked up by `credentials.username`; `undefined` for an unknown user. */
  readonly secret: DigestSecret | undefined;
  /** The secret `createNonce()` was given. */
  readonly nonceSecret: string | Uint8Array;
  /** Current time, ms since the epoch. */
  readonly now: number;
  /** Defaults to 5 minutes. */
  readonly nonceTtlMs?: number | undefined;
  /** Accepted algorithms; defaults to all of `DIGEST_ALGORITHMS`. Pass what was offered. */
  readonly algorithms?: readonly DigestAlgorithm[] | undefined;
  /** Accepted `qop` values; defaults to both. */
  readonly qop?: readonly Qop[] | undefined;
  /** Accept the RFC 2069 form without `qop` (old CPEs); defaults to `true`. */
  readonly allowLegacy?: boolean | undefined;
  /** When given, the `opaque` the client must echo. */
  readonly opaque?: string | undefined;
  /** The highest `nc` accepted so far for this nonce, from the caller's storage. */
  readonly lastNonceCount?: number | undefined;
  /** Accept Basic credentials; defaults to `false` (TR-069 allows Basic only over TLS). */
  readonly allowBasic?: boolean | undefined;
}

/**
 * The outcome of {@linkcode verifyAuthorization}. On success store `nonceCount` for `nonce`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { VerifyResult } from "./verify.ts";
 *
 * const result: VerifyResult = { ok: false, reason: "stale", message: "", username: "u" };
 * assert.equal(result.ok, false);
 * ```
 *
 * @see TR-069 Issue 1 section 3.4.4
 */
export type VerifyResult =
  | {
    readonly ok: true;
    readonly scheme: "Digest" | "Basic";
    readonly username: string;
    readonly nonce: string | undefined;
    readonly nonceCount: number | undefined;
  }
  | {
    readonly ok: false;
    readonly reason: VerifyFailureReason;
    readonly message: string;
    readonly username: string;
  };

type Failure = Extract<VerifyResult, { ok: false }>;

/**
 * Verifies parsed credentials. Never throws on hostile input. `stale` is reported only when
 * the digest is right, so the client may retry with the fresh nonce without a new password.
 * Digests are compared in constant time.
 *
 * @example Round trip
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildChallenge } from "./challenge.ts";
 * import { answerChallenge } from "./client.ts";
 * import { parseAuthorization } from "./credentials.ts";
 * import { createNonce } from "./nonce.ts";
 * import { verifyAuthorization } from "./verify.ts";
 *
 * const nonceSecret = "acs secret";
 * const nonce = createNonce({ secret: nonceSecret, now: 0, randomHex: (n) => "5a".repeat(n) });
 * const answer = answerChallenge(buildChallenge({ realm: "cwmp", nonce }), {
 *   username: "00D09E-0123456789",
 *   password: "pw",
 *   method: "POST",
 *   uri: "/acs",
 *   cnonce: "c1",
 * });
 * assert.ok(answer.ok);
 * const parsed = parseAuthorization(answer.authorization);
 * assert.ok(parsed.ok);
 * const result = verifyAuthorization(parsed.credentials, {
 *   realm: "cwmp",
 *   method: "POST",
 *   uri: "/acs",
 *   secret: { password: "pw" },
 *   nonceSecret,
 *   now: 1_000,
 * });
 * assert.deepEqual(result, {
 *   ok: true,
 *   scheme: "Digest",
 *   username: "00D09E-0123456789",
 *   nonce,
 *   nonceCount: 1,
 * });
 * ```
 *
 * @see RFC 7616 section 3.4, RFC 7617 section 2 and TR-069 Issue 1 sections 3.4.4 and 3.2.2
 */
export function verifyAuthorization(
  credentials: Credentials,
  options: VerifyOptions,
): VerifyResult {
  if (credentials.scheme === "Basic") return verifyBasic(credentials, options);
  const checked = checkDigestParameters(credentials, options);
  if ("reason" in checked) return checked;
  const { username, nonce, nc } = credentials;
  const fail = (reason: VerifyFailureReason, message: string): Failure =>
    failure(reason, message, username);
  const nonceCheck = verifyNonce(nonce, {
    secret: options.nonceSecret,
    now: options.now,
    ttlMs: options.nonceTtlMs,
  });
  if (!nonceCheck.ok && nonceCheck.reason === "bad-nonce") {
    return fail("bad-nonce", "the nonce was not issued by this server");
  }
  if (options.secret === undefined) return fail("unknown-user", "no secret for this user");
  const expected = computeDigestResponse({
    algorithm: checked.algorithm,
    username,
    realm: credentials.realm,
    secret: options.secret,
    nonce,
    method: options.method,
    uri: credentials.uri,
    qop: checked.qop,
    nc,
    cnonce: credentials.cnonce,
    body: options.body,
  });
  if (!safeEqual(expected, credentials.response.toLowerCase())) {
    return fail("wrong-response", "the digest does not match");
  }
  if (!nonceCheck.ok) return fail("stale", "the nonce expired");
  const count = nc === undefined ? undefined : checkNonceCount(options.lastNonceCount, nc);
  if (count !== undefined && !count.ok) return fail("replayed", `nonce count "${nc}" was seen`);
  return { ok: true, scheme: "Digest", username, nonce, nonceCount: count?.nonceCount };
}

function checkDigestParameters(
  credentials: DigestCredentials,
  options: VerifyOptions,
): { readonly algorithm: DigestAlgorithm; readonly qop: Qop | undefined } | Failure {
  const { username, qop, nc, cnonce } = credentials;
  const fail = (reason: VerifyFailureReason, message: string): Failure =>
    failure(reason, message, username);
  if (credentials.userhash) return fail("malformed", "userhash is not supported");
  const algorithm = parseAlgorithm(credentials.algorithm);
  if (algorithm === undefined || !(options.algorithms ?? DIGEST_ALGORITHMS).includes(algorithm)) {
    return fail("unsupported-algorithm", `algorithm "${credentials.algorithm}" is not accepted`);
  }
  const chosen = (options.qop ?? ["auth", "auth-int"]).find((accepted) => accepted === qop);
  if (qop === undefined) {
    if (options.allowLegacy === false || algorithm.endsWith("-sess")) {
      return fail("unsupported-qop", "credentials without qop are not accepted");
    }
  } else if (chosen === undefined) {
    return fail("unsupported-qop", `qop "${qop}" is not accepted`);
  } else if (nc === undefined || !checkNonceCount(undefined, nc).ok || !cnonce) {
    return fail("malformed", "qop needs a hex nc and a cnonce");
  }
  if (credentials.realm !== options.realm) return fail("realm-mismatch", "wrong realm");
  if (options.opaque !== undefined && credentials.opaque !== options.opaque) {
    return fail("opaque-mismatch", "opaque was not echoed");
  }
  if (!sameResource(credentials.uri, options.uri)) {
    return fail("uri-mismatch", "uri differs from the request-target");
  }
  return { algorithm, qop: chosen };
}

function verifyBasic(credentials: BasicCredentials, options: VerifyOptions): VerifyResult {
  const { username, password } = credentials;
  if (!options.allowBasic) {
    return failure("unsupported-scheme", "Basic is not accepted here", username);
  }
  const { secret, realm } = options;
  if (secret === undefined) return failure("unknown-user", "no secret for this user", username);
  const matches = "password" in secret
    ? safeEqual(secret.password, password)
    : (["MD5", "SHA-256", "SHA-512-256"] as const).some((algorithm) =>
      safeEqual(secret.ha1.toLowerCase(), hashCredentials({ algorithm, username, realm, password }))
    );
  if (!matches) return failure("wrong-response", "wrong password", username);
  return { ok: true, scheme: "Basic", username, nonce: undefined, nonceCount: undefined };
}

function failure(reason: VerifyFailureReason, message: string, username: string): Failure {
  return { ok: false, reason, message: `Cannot authenticate "${username}": ${message}`, username };
}

/** Absolute-form and origin-form name the same resource (RFC 7230 section 5.3). */
function sameResource(digestUri: string, requestUri: string): boolean {
  return digestUri === requestUri || originForm(digestUri) === originForm(requestUri);
}

function originForm(uri: string): string {
  const origin = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(uri);
  const rest = origin === null ? uri : uri.slice(origin[0].length);
  return rest === "" || rest.startsWith("?") ? `/${rest}` : rest;
}

/** Compares digests of both sides, so neither content nor length leaks through timing. */
function safeEqual(a: string, b: string): boolean {
  const digest = (text: string): Uint8Array => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}
