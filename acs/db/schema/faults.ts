/**
 * The `faults` table: CWMP faults a device answered with.
 *
 * @module
 */

import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { FaultStruct } from "../../../protocol/errors.ts";
import { devices } from "./devices.ts";
import { tasks } from "./tasks.ts";

/**
 * Where a fault comes from.
 *
 * - `cpe`: the CPE answered a request with a SOAP fault.
 * - `transfer`: a TransferComplete (or AutonomousTransferComplete) carried a non-zero FaultCode.
 * - `acs`: the ACS gave a task up (no answer after its last attempt, or a request the CPE's
 *   CWMP version cannot carry); the code is then 0 or the ACS's own fault code.
 */
export type FaultSource = "cpe" | "transfer" | "acs";

/** Every {@link FaultSource}. */
export const FAULT_SOURCES: readonly FaultSource[] = ["cpe", "transfer", "acs"];

/**
 * One fault: its CWMP fault code and string, the whole `cwmp:Fault` detail (with the
 * per-parameter SetParameterValuesFault entries), and the task it answered (null when it
 * answered no task of ours).
 *
 * @see TR-069 Issue 1, A.5 Fault Handling
 */
export const faults = sqliteTable("faults", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
  taskId: integer("task_id").references(() => tasks.id, { onDelete: "set null" }),
  source: text("source", { enum: FAULT_SOURCES as [FaultSource, ...FaultSource[]] }).notNull()
    .default("cpe"),
  /** The preset whose RPC faulted or whose convergence failed; null otherwise. */
  presetId: text("preset_id"),
  code: integer("code").notNull(),
  string: text("string").notNull(),
  detail: text("detail", { mode: "json" }).$type<FaultStruct | null>(),
  time: integer("time", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  index("faults_device_time_idx").on(table.deviceId, table.time),
  index("faults_task_idx").on(table.taskId),
]);

/** A row of {@link faults}. */
export type FaultRow = typeof faults.$inferSelect;
/** A new row of {@link faults}. */
export type NewFaultRow = typeof faults.$inferInsert;
