/**
 * API tokens of the northbound API: created at random, shown once, stored as their SHA-256,
 * checked on every request, revoked by id.
 *
 * @module
 */

import { and, asc, eq, isNull } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import { type ApiTokenRow, apiTokens } from "../db/schema/api_tokens.ts";

/** A token as listed: everything but its hash. */
export interface ApiTokenInfo {
  id: number;
  name: string;
  readOnly: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A new token: the secret itself (shown once) and its record. */
export interface CreatedApiToken {
  /** `cwmp_` and 43 base64url characters (32 random bytes). */
  token: string;
  info: ApiTokenInfo;
}

/** Options of {@link createApiToken}. */
export interface CreateApiTokenOptions {
  /** What it is for (default `token`). */
  name?: string;
  /** Allow GET and HEAD only (default false). */
  readOnly?: boolean;
  /** The time of creation (default: now). */
  now?: Date;
}

/**
 * A token operation that cannot be done (unknown id, bad name).
 *
 * @example Usage
 * ```ts
 * import { ApiTokenError } from "./tokens.ts";
 * const e = new ApiTokenError("Cannot revoke token 9: no such token");
 * if (e.name !== "ApiTokenError") throw new Error("unexpected");
 * ```
 */
export class ApiTokenError extends Error {
  /** @param message The whole message. */
  constructor(message: string) {
    super(message);
    this.name = "ApiTokenError";
  }
}

// Updating last-used on every request would make each read a write; a minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Creates a token. Only its SHA-256 is stored: keep the returned `token`, it cannot be shown
 * again.
 *
 * @param db A migrated database.
 * @param options Name, read-only flag and time.
 * @returns The token and its record.
 * @throws {ApiTokenError} The name is empty, too long or has control characters.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { authenticateApiToken, createApiToken } from "./tokens.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { token } = await createApiToken(db, { name: "ops", readOnly: true });
 * const found = await authenticateApiToken(db, token);
 * if (found?.name !== "ops" || !found.readOnly) throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function createApiToken(
  db: AcsDb,
  options: CreateApiTokenOptions = {},
): Promise<CreatedApiToken> {
  const name = options.name ?? "token";
  // deno-lint-ignore no-control-regex
  if (name.length === 0 || name.length > 100 || /[\x00-\x1f\x7f]/.test(name)) {
    throw new ApiTokenError(
      `Cannot create token '${name}': a name is 1 to 100 characters without control characters`,
    );
  }
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = `cwmp_${base64Url(bytes)}`;
  const [row] = await db.insert(apiTokens).values({
    name,
    tokenHash: await hashToken(token),
    readOnly: options.readOnly ?? false,
    createdAt: options.now ?? new Date(),
  }).returning();
  if (row === undefined) throw new Error(`Cannot create token '${name}': nothing was stored`);
  return { token, info: infoOf(row) };
}

/**
 * Every token, revoked ones included, oldest first.
 *
 * @param db A migrated database.
 * @returns The tokens without their hashes.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { createApiToken, listApiTokens } from "./tokens.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * await createApiToken(db, { name: "a" });
 * await createApiToken(db, { name: "b", readOnly: true });
 * const names = (await listApiTokens(db)).map((t) => t.name);
 * if (names.join() !== "a,b") throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function listApiTokens(db: AcsDb): Promise<ApiTokenInfo[]> {
  const rows = await db.select().from(apiTokens).orderBy(asc(apiTokens.id));
  return rows.map(infoOf);
}

/**
 * Whether any token that is not revoked exists.
 *
 * @param db A migrated database.
 * @returns True when a request could authenticate.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { createApiToken, hasActiveApiToken, revokeApiToken } from "./tokens.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { info } = await createApiToken(db);
 * if (!(await hasActiveApiToken(db))) throw new Error("unexpected");
 * await revokeApiToken(db, info.id);
 * if (await hasActiveApiToken(db)) throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function hasActiveApiToken(db: AcsDb): Promise<boolean> {
  const rows = await db.select({ id: apiTokens.id }).from(apiTokens)
    .where(isNull(apiTokens.revokedAt)).limit(1);
  return rows.length > 0;
}

/**
 * Revokes a token; requests carrying it get 401 from then on.
 *
 * @param db A migrated database.
 * @param id The token's id.
 * @param now The time of revocation (default: now).
 * @returns The revoked token (unchanged when it was already revoked).
 * @throws {ApiTokenError} No token has this id.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { authenticateApiToken, createApiToken, revokeApiToken } from "./tokens.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { token, info } = await createApiToken(db, { name: "old" });
 * const revoked = await revokeApiToken(db, info.id);
 * if (revoked.revokedAt === null || (await authenticateApiToken(db, token)) !== undefined) {
 *   throw new Error("unexpected");
 * }
 * db.$client.close();
 * ```
 */
export async function revokeApiToken(
  db: AcsDb,
  id: number,
  now: Date = new Date(),
): Promise<ApiTokenInfo> {
  await db.update(apiTokens).set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  if (row === undefined) throw new ApiTokenError(`Cannot revoke token ${id}: no such token`);
  return infoOf(row);
}

/**
 * The valid (not revoked) token with this secret, recording its use.
 *
 * @param db A migrated database.
 * @param token The secret a request carried.
 * @param now The time of the request (default: now).
 * @returns The token, or undefined when unknown or revoked.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { authenticateApiToken, createApiToken } from "./tokens.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { token } = await createApiToken(db);
 * const found = await authenticateApiToken(db, token, new Date(0));
 * if (found?.lastUsedAt?.getTime() !== 0) throw new Error("unexpected");
 * if ((await authenticateApiToken(db, "cwmp_wrong")) !== undefined) throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function authenticateApiToken(
  db: AcsDb,
  token: string,
  now: Date = new Date(),
): Promise<ApiTokenInfo | undefined> {
  const [row] = await db.select().from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, await hashToken(token)), isNull(apiTokens.revokedAt)));
  if (row === undefined) return undefined;
  const last = row.lastUsedAt?.getTime() ?? -Infinity;
  if (now.getTime() - last >= LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
    row.lastUsedAt = now;
  }
  return infoOf(row);
}

async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

function infoOf(row: ApiTokenRow): ApiTokenInfo {
  const { tokenHash: _hash, ...info } = row;
  return info;
}
