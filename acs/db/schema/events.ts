/**
 * The `events` table: the event history of each device, from its Informs.
 *
 * @module
 */

import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { devices } from "./devices.ts";

/**
 * One EventStruct of one Inform, e.g. `1 BOOT` or `M Reboot` with its CommandKey; or one
 * request the CPE made besides Inform (code `TransferComplete`, `AutonomousTransferComplete`,
 * `RequestDownload`, `Kicked`, ...) with its arguments in `detail`.
 *
 * @see TR-069 Issue 1, A.3.3.1 Inform (EventStruct) and A.3.3 ACS Methods
 */
export const events = sqliteTable("events", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
  code: text("code").notNull(),
  commandKey: text("command_key").notNull(),
  time: integer("time", { mode: "timestamp_ms" }).notNull(),
  /** The request's arguments, for a CPE request other than Inform; null for an Inform event. */
  detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
}, (table) => [index("events_device_time_idx").on(table.deviceId, table.time)]);

/** A row of {@link events}. */
export type EventRow = typeof events.$inferSelect;
/** A new row of {@link events}. */
export type NewEventRow = typeof events.$inferInsert;
