/**
 * The `connection_requests` table: a log of the ACS's Connection Requests and their results.
 *
 * @module
 */

import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { devices } from "./devices.ts";

/**
 * How a Connection Request ended.
 *
 * - `ok`: the CPE answered 2xx (after authentication, if it asked for it).
 * - `auth-failed`: the CPE refused our credentials, or challenged with nothing we may answer.
 * - `unreachable`: no connection (refused, reset, no route, unknown host).
 * - `timeout`: no answer within the time limit.
 * - `http-error`: the CPE answered with another status (e.g. 404, 503, a redirect).
 * - `no-url`: the device has reported no usable ConnectionRequestURL.
 */
export type ConnectionRequestResult =
  | "ok"
  | "auth-failed"
  | "unreachable"
  | "timeout"
  | "http-error"
  | "no-url";

/** Every {@link ConnectionRequestResult}. */
export const CONNECTION_REQUEST_RESULTS: readonly ConnectionRequestResult[] = [
  "ok",
  "auth-failed",
  "unreachable",
  "timeout",
  "http-error",
  "no-url",
];

/**
 * One Connection Request: where it went, what came back, when and how long it took.
 *
 * @see TR-069 Issue 1, 3.2.2 ACS Connection Initiation
 */
export const connectionRequests = sqliteTable(
  "connection_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
    /** The URL requested; empty when the device reported none. */
    url: text("url").notNull(),
    result: text("result", {
      enum: CONNECTION_REQUEST_RESULTS as [ConnectionRequestResult, ...ConnectionRequestResult[]],
    }).notNull(),
    /** The last HTTP status received; null when none. */
    status: integer("status"),
    /** A one-line explanation for a human. */
    detail: text("detail").notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    durationMs: integer("duration_ms").notNull(),
  },
  (table) => [index("connection_requests_device_started_idx").on(table.deviceId, table.startedAt)],
);

/** A row of {@link connectionRequests}. */
export type ConnectionRequestRow = typeof connectionRequests.$inferSelect;
/** A new row of {@link connectionRequests}. */
export type NewConnectionRequestRow = typeof connectionRequests.$inferInsert;
