/**
 * The `api_tokens` table: bearer tokens of the northbound API (acs/nbi/), stored hashed.
 *
 * @module
 */

import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * One API token. Only the SHA-256 of the token is kept: a copy of the database does not
 * hand out access, and the token is shown once, when it is created. A revoked token stays
 * listed (with `revokedAt`) so that an operator can see what was withdrawn and when.
 */
export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** What the token is for, e.g. `grafana` or `ops laptop`. */
  name: text("name").notNull(),
  /** Lower-case hex SHA-256 of the token. */
  tokenHash: text("token_hash").notNull(),
  /** Allows GET and HEAD only. */
  readOnly: integer("read_only", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  /** The last request it authenticated; null until one. */
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
  /** When it was revoked; null while valid. */
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
}, (table) => [uniqueIndex("api_tokens_hash_idx").on(table.tokenHash)]);

/** A row of {@link apiTokens}. */
export type ApiTokenRow = typeof apiTokens.$inferSelect;
/** A new row of {@link apiTokens}. */
export type NewApiTokenRow = typeof apiTokens.$inferInsert;
