/**
 * The `parameters` table: the ACS's cached copy of each device's data model.
 *
 * @module
 */

import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { ValueType } from "../../../protocol/rpc/values.ts";
import { devices } from "./devices.ts";

/**
 * One parameter of one device with its last known value and attributes. An object (a path
 * ending in a dot, from GetParameterNames or AddObject) has a row too, without a value. The
 * primary key (device, path) is the only index a session needs: every lookup and upsert is
 * per device.
 *
 * @see TR-069 Issue 1, A.3.2.1 ParameterValueStruct and A.3.2.3 ParameterInfoStruct
 */
export const parameters = sqliteTable("parameters", {
  deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
  /** Full parameter name, e.g. `InternetGatewayDevice.DeviceInfo.SoftwareVersion`. */
  path: text("path").notNull(),
  /** Canonical lexical form; null when only the name is known (GetParameterNames). */
  value: text("value"),
  /** The xsd type the value came with; null when only the name is known. */
  type: text("type").$type<ValueType>(),
  /** From GetParameterNames; null when not known. */
  writable: integer("writable", { mode: "boolean" }),
  /** Notification attribute (0 off, 1 passive, 2 active, ...); null when not known. */
  notification: integer("notification"),
  /** AccessList attribute, e.g. `["Subscriber"]`; null when not known. */
  accessList: text("access_list", { mode: "json" }).$type<string[]>(),
  /** When the value was read from the device. */
  fetchedAt: integer("fetched_at", { mode: "timestamp_ms" }).notNull(),
  /**
   * Objects only: when the complete list of its children was last read (a GetParameterValues
   * of the partial path); null when never. Provisioning trusts a cached instance list only
   * with it.
   */
  listedAt: integer("listed_at", { mode: "timestamp_ms" }),
}, (table) => [primaryKey({ columns: [table.deviceId, table.path] })]);

/** A row of {@link parameters}. */
export type ParameterRow = typeof parameters.$inferSelect;
/** A new row of {@link parameters}. */
export type NewParameterRow = typeof parameters.$inferInsert;
