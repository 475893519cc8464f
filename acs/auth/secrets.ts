/**
 * The ACS's server secret and what derives from it: the HMAC key of Digest nonces and the key
 * that seals stored passwords (AES-256-GCM). The secret comes from the operator (`--secret-file`)
 * or, by default, is created once and kept in the database's `acs_secrets` table, so nonces
 * survive a restart and every process sharing the database accepts them.
 *
 * A secret kept in the database protects sealed passwords only from a leak of the
 * credentials rows alone (an export, a log); against a leak of the whole database (a backup,
 * a remote libSQL host), give the secret from outside.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { createCipheriv, createDecipheriv, hkdfSync } from "node:crypto";
import { eq } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import { acsSecrets } from "../db/schema/credentials.ts";

/** Keys derived from the server secret. */
export interface AcsKeys {
  /** The HMAC key of Digest nonces (`createNonce`'s secret). */
  readonly nonceKey: Uint8Array;
  /**
   * Seals a password for storage.
   *
   * @param plaintext The password.
   * @param context What it belongs to (device id and field); opening needs the same.
   * @returns `v1.` and base64url of IV, ciphertext and tag.
   */
  seal(plaintext: string, context: string): string;
  /**
   * Opens what {@link AcsKeys.seal} made.
   *
   * @throws {SealError} Sealed under another secret or context, or corrupt.
   */
  open(sealed: string, context: string): string;
}

/**
 * A sealed value that cannot be opened: another server secret, another context, or corrupt.
 *
 * @example Usage
 * ```ts
 * import { SealError } from "./secrets.ts";
 * const e = new SealError("the tag does not match");
 * if (!e.message.startsWith("Cannot open sealed value")) throw new Error("unexpected");
 * ```
 */
export class SealError extends Error {
  /** @param reason Why it cannot be opened. */
  constructor(reason: string) {
    super(`Cannot open sealed value: ${reason}`);
    this.name = "SealError";
  }
}

/** Options of {@link loadAcsKeys}. */
export interface LoadAcsKeysOptions {
  /** The operator's secret (at least 16 bytes); when absent the database's is used. */
  secret?: Uint8Array;
  /** Random bytes (default `crypto.getRandomValues`). */
  randomBytes?: (length: number) => Uint8Array;
  /** The clock (default `Date.now`). */
  now?: () => number;
}

const SECRET_NAME = "server";
const SECRET_BYTES = 32;
const MIN_SECRET_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Loads the keys: from the given secret, or from the database's, created on first use. Two
 * processes starting together agree on one secret (the first insert wins).
 *
 * @param db A migrated database.
 * @param options The operator's secret, randomness and clock.
 * @returns The derived keys.
 * @throws {RangeError} The operator's secret is shorter than 16 bytes.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { loadAcsKeys } from "./secrets.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const keys = await loadAcsKeys(db);
 * const again = await loadAcsKeys(db);
 * if (again.open(keys.seal("pw", "dev/password"), "dev/password") !== "pw") {
 *   throw new Error("unexpected");
 * }
 * db.$client.close();
 * ```
 */
export async function loadAcsKeys(db: AcsDb, options: LoadAcsKeysOptions = {}): Promise<AcsKeys> {
  if (options.secret !== undefined) {
    if (options.secret.byteLength < MIN_SECRET_BYTES) {
      throw new RangeError(
        `Cannot use the server secret: it has fewer than ${MIN_SECRET_BYTES} bytes`,
      );
    }
    return deriveAcsKeys(options.secret);
  }
  const random = options.randomBytes ?? defaultRandomBytes;
  await db.insert(acsSecrets).values({
    name: SECRET_NAME,
    value: Buffer.from(random(SECRET_BYTES)),
    createdAt: new Date((options.now ?? Date.now)()),
  }).onConflictDoNothing();
  const [row] = await db.select().from(acsSecrets).where(eq(acsSecrets.name, SECRET_NAME));
  if (row === undefined) throw new Error("Cannot load the server secret: it was not stored");
  return deriveAcsKeys(new Uint8Array(row.value));
}

/**
 * Derives the keys from a secret (HKDF-SHA-256, one label per use).
 *
 * @param secret The server secret.
 * @returns The keys.
 *
 * @example Sealed values are bound to their context
 * ```ts
 * import { deriveAcsKeys, SealError } from "./secrets.ts";
 * const keys = deriveAcsKeys(new TextEncoder().encode("0123456789abcdef"));
 * const sealed = keys.seal("secret", "device-1/password");
 * try {
 *   keys.open(sealed, "device-2/password");
 *   throw new Error("unreachable");
 * } catch (error) {
 *   if (!(error instanceof SealError)) throw error;
 * }
 * ```
 */
export function deriveAcsKeys(secret: Uint8Array): AcsKeys {
  const derive = (label: string): Uint8Array =>
    new Uint8Array(hkdfSync("sha256", secret, new Uint8Array(), `cwmp acs ${label}`, 32));
  const sealKey = derive("credential seal");
  return {
    nonceKey: derive("digest nonce"),
    seal: (plaintext, context) => seal(sealKey, plaintext, context),
    open: (sealed, context) => open(sealKey, sealed, context),
  };
}

function seal(key: Uint8Array, plaintext: string, context: string): string {
  const iv = defaultRandomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(new TextEncoder().encode(context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
}

function open(key: Uint8Array, sealed: string, context: string): string {
  if (!sealed.startsWith("v1.")) throw new SealError("unknown format");
  const bytes = Buffer.from(sealed.slice(3), "base64url");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealError("too short");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(new TextEncoder().encode(context));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    throw new SealError("another server secret sealed it, or it is corrupt");
  }
}

function defaultRandomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}
