/**
 * The `sessions` table: a log of CWMP sessions, one row per session.
 *
 * @module
 */

import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { devices } from "./devices.ts";

/**
 * How a session ended.
 *
 * - `completed`: the ACS answered the last empty POST with 204.
 * - `timeout`: the CPE went quiet for longer than the inactivity limit.
 * - `replaced`: the device opened a new session with a new Inform.
 * - `failed`: the CPE broke the protocol, or the server stopped.
 */
export type SessionEnd = "completed" | "timeout" | "replaced" | "failed";

/**
 * One session: who, when, how it ended and how many HTTP exchanges it took.
 *
 * @see TR-069 Issue 1, 3.7 Transaction Session Procedures
 */
export const sessions = sqliteTable("sessions", {
  /** The session cookie's value. */
  id: text("id").primaryKey(),
  deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
  cwmpVersion: text("cwmp_version").notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  /** Null while the session runs (or when the server stopped before recording its end). */
  endedAt: integer("ended_at", { mode: "timestamp_ms" }),
  end: text("end").$type<SessionEnd>(),
  /** HTTP requests of the session, the Inform's included. */
  exchanges: integer("exchanges").notNull().default(1),
  remoteAddress: text("remote_address"),
}, (table) => [index("sessions_device_started_idx").on(table.deviceId, table.startedAt)]);

/** A row of {@link sessions}. */
export type SessionRow = typeof sessions.$inferSelect;
/** A new row of {@link sessions}. */
export type NewSessionRow = typeof sessions.$inferInsert;
