/**
 * The Digest hash computations of RFC 7616 section 3.4 (and RFC 2617 section 3.2.2),
 * shared by the client and server sides.
 *
 * @see TR-069 Issue 1 section 3.4.4 (Authentication) and RFC 2617 reference [6]
 * @module
 */

import { createHash } from "node:crypto";

/**
 * Digest algorithms this module computes, weakest family first.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DIGEST_ALGORITHMS } from "./digest.ts";
 *
 * assert.ok(DIGEST_ALGORITHMS.includes("SHA-256-sess"));
 * ```
 *
 * @see RFC 7616 section 3.4 and TR-069 Issue 1 section 3.4.4
 */
export const DIGEST_ALGORITHMS = [
  "MD5",
  "MD5-sess",
  "SHA-256",
  "SHA-256-sess",
  "SHA-512-256",
  "SHA-512-256-sess",
] as const;

/**
 * One of {@linkcode DIGEST_ALGORITHMS}, spelled as RFC 7616 section 6.1 registers it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { DigestAlgorithm } from "./digest.ts";
 *
 * const algorithm: DigestAlgorithm = "SHA-256";
 * assert.equal(algorithm, "SHA-256");
 * ```
 *
 * @see RFC 7616 section 6.1
 */
export type DigestAlgorithm = typeof DIGEST_ALGORITHMS[number];

/**
 * Quality of protection: `auth` hashes method and URI, `auth-int` also the body.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Qop } from "./digest.ts";
 *
 * const qop: Qop = "auth-int";
 * assert.equal(qop, "auth-int");
 * ```
 *
 * @see RFC 7616 section 3.4.3
 */
export type Qop = "auth" | "auth-int";

/**
 * The shared secret: the password, or HA1 = H(username:realm:password) as stored by a server
 * that keeps no clear-text passwords. An HA1 is specific to the algorithm's hash family.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { DigestSecret } from "./digest.ts";
 *
 * const secret: DigestSecret = { ha1: "939e7578ed9e3c518a452acee763bce9" };
 * assert.ok("ha1" in secret);
 * ```
 *
 * @see RFC 7616 section 3.4.2
 */
export type DigestSecret = { readonly password: string } | { readonly ha1: string };

/**
 * Inputs of {@linkcode computeDigestResponse}.
 *
 * @example The RFC 2069 form, without qop
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeDigestResponse, type DigestResponseOptions } from "./digest.ts";
 *
 * const options: DigestResponseOptions = {
 *   username: "Mufasa",
 *   realm: "testrealm@host.com",
 *   secret: { password: "CircleOfLife" },
 *   nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
 *   method: "GET",
 *   uri: "/dir/index.html",
 * };
 * assert.equal(computeDigestResponse(options), "1949323746fe6a43ef61f9606e7febea");
 * ```
 *
 * @see RFC 2069 section 2.4 (errata) and TR-069 Issue 1 section 3.4.4
 */
export interface DigestResponseOptions {
  /** Defaults to `MD5`, the RFC 2617 default when the challenge names none. */
  readonly algorithm?: DigestAlgorithm | undefined;
  readonly username: string;
  readonly realm: string;
  readonly secret: DigestSecret;
  readonly nonce: string;
  readonly method: string;
  /** The `uri` parameter exactly as sent in the credentials. */
  readonly uri: string;
  /** Absent for the RFC 2069 form that older CPEs use. */
  readonly qop?: Qop | undefined;
  /** Nonce count as sent: 8 hex digits. Required with `qop`. */
  readonly nc?: string | undefined;
  /** Required with `qop` and with the `-sess` algorithms. */
  readonly cnonce?: string | undefined;
  /** Entity body hashed for `auth-int`; a string is hashed as UTF-8. */
  readonly body?: Uint8Array | string | undefined;
}

const HASHES: Readonly<Record<DigestAlgorithm, string>> = {
  "MD5": "md5",
  "MD5-sess": "md5",
  "SHA-256": "sha256",
  "SHA-256-sess": "sha256",
  "SHA-512-256": "sha512-256",
  "SHA-512-256-sess": "sha512-256",
};

/**
 * Normalises an `algorithm` parameter (case-insensitive); absent means `MD5`.
 *
 * @param raw The parameter value as sent, or `undefined` when it was absent.
 * @returns The canonical spelling, or `undefined` for an algorithm this module lacks.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAlgorithm } from "./digest.ts";
 *
 * assert.equal(parseAlgorithm("sha-256-SESS"), "SHA-256-sess");
 * assert.equal(parseAlgorithm(undefined), "MD5");
 * assert.equal(parseAlgorithm("SHA-1"), undefined);
 * ```
 *
 * @see RFC 7616 section 3.3 (`algorithm`)
 */
export function parseAlgorithm(raw: string | undefined): DigestAlgorithm | undefined {
  if (raw === undefined) return "MD5";
  const wanted = raw.trim().toLowerCase();
  return DIGEST_ALGORITHMS.find((algorithm) => algorithm.toLowerCase() === wanted);
}

/**
 * Computes HA1 = H(username:realm:password), the value a server may store instead of the
 * password (pass it on as `{ ha1 }`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { hashCredentials } from "./digest.ts";
 *
 * const ha1 = hashCredentials({
 *   algorithm: "MD5",
 *   username: "Mufasa",
 *   realm: "testrealm@host.com",
 *   password: "Circle Of Life",
 * });
 * assert.equal(ha1, "939e7578ed9e3c518a452acee763bce9");
 * ```
 *
 * @see RFC 7616 section 3.4.2 and TR-069 Issue 1 section 3.4.4
 */
export function hashCredentials(
  options: {
    readonly algorithm: DigestAlgorithm;
    readonly username: string;
    readonly realm: string;
    readonly password: string;
  },
): string {
  const { algorithm, username, realm, password } = options;
  return hash(algorithm, `${username}:${realm}:${password}`);
}

/**
 * Computes the `response` parameter: H(HA1:nonce:nc:cnonce:qop:HA2), or H(HA1:nonce:HA2)
 * without `qop`, with the `-sess` HA1 and the `auth-int` HA2 where they apply.
 *
 * @returns Lower-case hex, 32 digits for MD5 and 64 for the SHA-2 algorithms.
 * @throws {TypeError} When `qop` or a `-sess` algorithm is given without `cnonce`/`nc`.
 *
 * @example RFC 2617 section 3.5
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeDigestResponse } from "./digest.ts";
 *
 * const response = computeDigestResponse({
 *   username: "Mufasa",
 *   realm: "testrealm@host.com",
 *   secret: { password: "Circle Of Life" },
 *   nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
 *   method: "GET",
 *   uri: "/dir/index.html",
 *   qop: "auth",
 *   nc: "00000001",
 *   cnonce: "0a4f113b",
 * });
 * assert.equal(response, "6629fae49393a05397450978507c4ef1");
 * ```
 *
 * @see RFC 7616 section 3.4.1 and TR-069 Issue 1 section 3.4.4
 */
export function computeDigestResponse(options: DigestResponseOptions): string {
  const { algorithm = "MD5", username, realm, secret, nonce, qop, nc, cnonce } = options;
  const sess = algorithm.endsWith("-sess");
  if ((qop !== undefined && (nc === undefined || cnonce === undefined)) || (sess && !cnonce)) {
    throw new TypeError(
      `Cannot compute Digest response: ${qop ? `qop "${qop}"` : `"${algorithm}"`} needs cnonce/nc`,
    );
  }
  let ha1 = "password" in secret
    ? hashCredentials({ algorithm, username, realm, password: secret.password })
    : secret.ha1.toLowerCase();
  if (sess) ha1 = hash(algorithm, `${ha1}:${nonce}:${cnonce}`);
  let a2 = `${options.method}:${options.uri}`;
  if (qop === "auth-int") a2 += `:${hash(algorithm, options.body ?? "")}`;
  const ha2 = hash(algorithm, a2);
  return qop === undefined
    ? hash(algorithm, `${ha1}:${nonce}:${ha2}`)
    : hash(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
}

function hash(algorithm: DigestAlgorithm, data: string | Uint8Array): string {
  return createHash(HASHES[algorithm]).update(data).digest("hex");
}
