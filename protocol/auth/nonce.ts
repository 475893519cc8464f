/**
 * Stateless server nonces and nonce-count replay checks. A nonce carries its issue time, 16
 * random bytes and an HMAC-SHA-256 over both under a server secret, so any ACS process that
 * knows the secret can check a nonce's age and origin without storing it. Nothing is tied to
 * a socket: a CPE may answer the 401 on a new TCP connection.
 *
 * @see TR-069 Issue 1 section 3.4.4 (Authentication) and RFC 7616 section 3.3 (`nonce`)
 * @module
 */

import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Default nonce lifetime: 5 minutes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_NONCE_TTL_MS } from "./nonce.ts";
 *
 * assert.equal(DEFAULT_NONCE_TTL_MS, 300_000);
 * ```
 *
 * @see TR-069 Issue 1 section 3.4.4
 */
export const DEFAULT_NONCE_TTL_MS = 5 * 60 * 1000;

const RANDOM_BYTES = 16;
const MAC_BYTES = 32;
const NONCE_BYTES = 8 + RANDOM_BYTES + MAC_BYTES;

/**
 * Inputs of {@linkcode createNonce}.
 *
 * @example With Web Crypto randomness
 * ```ts
 * import assert from "node:assert/strict";
 * import { createNonce, type CreateNonceOptions } from "./nonce.ts";
 *
 * const options: CreateNonceOptions = {
 *   secret: "k",
 *   now: 1_700_000_000_000,
 *   randomHex: (bytes) =>
 *     Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
 *       b.toString(16).padStart(2, "0")).join(""),
 * };
 * assert.notEqual(createNonce(options), createNonce(options));
 * ```
 *
 * @see RFC 7616 section 3.3
 */
export interface CreateNonceOptions {
  /** Server secret for the HMAC; keep it out of logs and rotate it to revoke all nonces. */
  readonly secret: string | Uint8Array;
  /** Current time, ms since the epoch. */
  readonly now: number;
  /** Returns `bytes` cryptographically random bytes as hex, e.g. from `crypto.getRandomValues`. */
  readonly randomHex: (bytes: number) => string;
}

/**
 * Creates a nonce: base64url of issued-at (8 bytes) + random (16) + HMAC (32), 75 characters.
 *
 * @throws {RangeError} When the secret is empty or `now` is not a time.
 * @throws {TypeError} When `randomHex` does not return 32 hex digits.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createNonce, verifyNonce } from "./nonce.ts";
 *
 * const secret = "server secret";
 * const nonce = createNonce({ secret, now: 1_000, randomHex: (n) => "ab".repeat(n) });
 * assert.equal(nonce.length, 75);
 * assert.deepEqual(verifyNonce(nonce, { secret, now: 2_000 }), { ok: true, issuedAt: 1_000 });
 * ```
 *
 * @see RFC 7616 section 3.3 and TR-069 Issue 1 section 3.4.4
 */
export function createNonce(options: CreateNonceOptions): string {
  const { secret, now } = options;
  if (secret.length === 0) throw new RangeError("Cannot create nonce: the secret is empty");
  if (!Number.isSafeInteger(Math.floor(now)) || now < 0) {
    throw new RangeError(`Cannot create nonce: "${now}" is not a time`);
  }
  const random = options.randomHex(RANDOM_BYTES);
  if (!new RegExp(`^[0-9a-fA-F]{${RANDOM_BYTES * 2}}$`).test(random)) {
    throw new TypeError(`Cannot create nonce: randomHex(${RANDOM_BYTES}) must return hex digits`);
  }
  const bytes = new Uint8Array(NONCE_BYTES);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(Math.floor(now)));
  for (let i = 0; i < RANDOM_BYTES; i++) {
    bytes[8 + i] = parseInt(random.slice(i * 2, i * 2 + 2), 16);
  }
  bytes.set(mac(secret, bytes.subarray(0, 8 + RANDOM_BYTES)), 8 + RANDOM_BYTES);
  return toBase64Url(bytes);
}

/**
 * Inputs of {@linkcode verifyNonce}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createNonce, verifyNonce, type VerifyNonceOptions } from "./nonce.ts";
 *
 * const nonce = createNonce({ secret: "k", now: 0, randomHex: (n) => "11".repeat(n) });
 * const options: VerifyNonceOptions = { secret: "other", now: 0, ttlMs: 1_000 };
 * assert.deepEqual(verifyNonce(nonce, options), { ok: false, reason: "bad-nonce" });
 * ```
 *
 * @see RFC 7616 section 3.3
 */
export interface VerifyNonceOptions {
  readonly secret: string | Uint8Array;
  /** Current time, ms since the epoch. */
  readonly now: number;
  /** Defaults to {@linkcode DEFAULT_NONCE_TTL_MS}. */
  readonly ttlMs?: number | undefined;
}

/**
 * The outcome of {@linkcode verifyNonce}: `stale` means authentic but expired.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { type NonceCheck, verifyNonce } from "./nonce.ts";
 *
 * const check: NonceCheck = verifyNonce("forged", { secret: "s", now: 0 });
 * assert.deepEqual(check, { ok: false, reason: "bad-nonce" });
 * ```
 *
 * @see RFC 7616 section 3.3 (`stale`)
 */
export type NonceCheck =
  | { readonly ok: true; readonly issuedAt: number }
  | { readonly ok: false; readonly reason: "stale"; readonly issuedAt: number }
  | { readonly ok: false; readonly reason: "bad-nonce" };

/**
 * Checks that `nonce` came from {@linkcode createNonce} with this secret, and its age.
 * Never throws on hostile input. A nonce from the future (clock stepped back) counts its age
 * as the distance either way.
 *
 * @example Expiry
 * ```ts
 * import assert from "node:assert/strict";
 * import { createNonce, DEFAULT_NONCE_TTL_MS, verifyNonce } from "./nonce.ts";
 *
 * const secret = new TextEncoder().encode("k");
 * const nonce = createNonce({ secret, now: 0, randomHex: (n) => "00".repeat(n) });
 * const later = verifyNonce(nonce, { secret, now: DEFAULT_NONCE_TTL_MS + 1 });
 * assert.deepEqual(later, { ok: false, reason: "stale", issuedAt: 0 });
 * ```
 *
 * @see RFC 7616 section 3.3 and TR-069 Issue 1 section 3.4.4
 */
export function verifyNonce(nonce: string, options: VerifyNonceOptions): NonceCheck {
  const { secret, now, ttlMs = DEFAULT_NONCE_TTL_MS } = options;
  const bytes = nonce.length === 75 ? fromBase64Url(nonce) : undefined;
  if (bytes === undefined || bytes.length !== NONCE_BYTES || secret.length === 0) {
    return { ok: false, reason: "bad-nonce" };
  }
  const expected = mac(secret, bytes.subarray(0, 8 + RANDOM_BYTES));
  if (!timingSafeEqual(expected, bytes.subarray(8 + RANDOM_BYTES))) {
    return { ok: false, reason: "bad-nonce" };
  }
  const issuedAt = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0));
  if (Math.abs(now - issuedAt) > ttlMs) return { ok: false, reason: "stale", issuedAt };
  return { ok: true, issuedAt };
}

/**
 * The outcome of {@linkcode checkNonceCount}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkNonceCount, type NonceCountCheck } from "./nonce.ts";
 *
 * const check: NonceCountCheck = checkNonceCount(undefined, "0000000a");
 * assert.deepEqual(check, { ok: true, nonceCount: 10 });
 * ```
 *
 * @see RFC 7616 section 3.4 (`nc`)
 */
export type NonceCountCheck =
  | { readonly ok: true; readonly nonceCount: number }
  | { readonly ok: false; readonly reason: "malformed" | "replayed" };

/**
 * Replay check for the caller's own per-nonce storage (per device or session, never per
 * socket): `nc` must be 1 to 8 hex digits and greater than the last count accepted for the
 * same nonce. Store the returned `nonceCount` only after the whole request verified.
 *
 * @param lastSeen The highest count accepted so far for this nonce, `undefined` if none.
 * @param nc The `nc` parameter as sent.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkNonceCount } from "./nonce.ts";
 *
 * assert.deepEqual(checkNonceCount(1, "00000002"), { ok: true, nonceCount: 2 });
 * assert.deepEqual(checkNonceCount(2, "00000002"), { ok: false, reason: "replayed" });
 * assert.deepEqual(checkNonceCount(undefined, "xyz"), { ok: false, reason: "malformed" });
 * ```
 *
 * @see RFC 7616 section 3.4 and TR-069 Issue 1 section 3.4.4
 */
export function checkNonceCount(lastSeen: number | undefined, nc: string): NonceCountCheck {
  if (!/^[0-9a-fA-F]{1,8}$/.test(nc)) return { ok: false, reason: "malformed" };
  const nonceCount = parseInt(nc, 16);
  if (lastSeen !== undefined && nonceCount <= lastSeen) return { ok: false, reason: "replayed" };
  return { ok: true, nonceCount };
}

function mac(secret: string | Uint8Array, data: Uint8Array): Uint8Array {
  return createHmac("sha256", secret).update(data).digest();
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return toBase64Url(bytes) === text ? bytes : undefined;
}
