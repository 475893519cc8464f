/**
 * The `tasks` table: ACS-to-CPE requests queued for a device's next session.
 *
 * @module
 */

import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { devices } from "./devices.ts";

/**
 * Where a task is in its life.
 *
 * - `pending`: waiting for the device's next session (or for `notBefore`).
 * - `running`: sent in a session that has not yet received the answer. A `running` task
 *   found at the start of a later session was interrupted (dropped session, restart) and is
 *   sent again. A transfer (Download, Upload, ScheduleDownload, ChangeDUState) that the CPE
 *   accepted stays `running` with `awaitingTransfer` set until its TransferComplete arrives.
 * - `done`: answered (a transfer: completed without fault); `result` holds the response.
 * - `faulted`: answered with a CPE fault on its last attempt, or given up (see `faults`).
 * - `expired`: `expires` passed before it could run.
 * - `cancelled`: withdrawn by an operator (`cancelTask`).
 */
export type TaskState = "pending" | "running" | "done" | "faulted" | "expired" | "cancelled";

/** Every {@link TaskState}. */
export const TASK_STATES: readonly TaskState[] = [
  "pending",
  "running",
  "done",
  "faulted",
  "expired",
  "cancelled",
];

/**
 * One request to a device. `method` and `args` are the ACS request message (the message
 * object of the protocol core, `method` included, as JSON).
 *
 * @see TR-069 Issue 1, 3.7.2 ACS Operation and A.3.2 CPE Methods
 */
export const tasks = sqliteTable("tasks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
  method: text("method").notNull(),
  args: text("args", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  state: text("state", { enum: TASK_STATES as [TaskState, ...TaskState[]] }).notNull(),
  attempts: integer("attempts").notNull().default(0),
  result: text("result", { mode: "json" }).$type<Record<string, unknown>>(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  /** Not sent before this time; null for as soon as possible. */
  notBefore: integer("not_before", { mode: "timestamp_ms" }),
  /** Expires at this time if not done; null for never. */
  expires: integer("expires", { mode: "timestamp_ms" }),
  /** Sends after which a fault or an interruption makes the task `faulted`. */
  maxAttempts: integer("max_attempts").notNull().default(5),
  /** The CommandKey a TransferComplete will carry (transfers only; the task id if none given). */
  commandKey: text("command_key"),
  /** The CPE accepted the transfer and a TransferComplete is due (state `running`). */
  awaitingTransfer: integer("awaiting_transfer", { mode: "boolean" }).notNull().default(false),
}, (table) => [index("tasks_device_state_idx").on(table.deviceId, table.state, table.id)]);

/** A row of {@link tasks}. */
export type TaskRow = typeof tasks.$inferSelect;
/** A new row of {@link tasks}. */
export type NewTaskRow = typeof tasks.$inferInsert;
