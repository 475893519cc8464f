/**
 * The `devices` table: one row per CPE, keyed by its device id (see `acs/device_id.ts`).
 *
 * @module
 */

import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A CPE the ACS has heard from: its DeviceIdStruct, when it last informed and booted, and the
 * CWMP version it speaks.
 *
 * @see TR-069 Issue 1, A.3.3.1 Inform (DeviceIdStruct) and 3.4.4 (device identity)
 */
export const devices = sqliteTable("devices", {
  /** `OUI-ProductClass-SerialNumber`, each part escaped (acs/device_id.ts). */
  id: text("id").primaryKey(),
  manufacturer: text("manufacturer").notNull(),
  oui: text("oui").notNull(),
  productClass: text("product_class").notNull(),
  serialNumber: text("serial_number").notNull(),
  /** The CWMP version of the namespace of its last Inform, e.g. `1.0`. */
  cwmpVersion: text("cwmp_version").notNull(),
  firstInform: integer("first_inform", { mode: "timestamp_ms" }).notNull(),
  lastInform: integer("last_inform", { mode: "timestamp_ms" }).notNull(),
  /** Time of the last Inform carrying `1 BOOT` or `0 BOOTSTRAP`; null until one arrives. */
  lastBoot: integer("last_boot", { mode: "timestamp_ms" }),
  /** Operator tags, a JSON array of strings. */
  tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
}, (table) => [index("devices_last_inform_idx").on(table.lastInform)]);

/** A row of {@link devices}. */
export type DeviceRow = typeof devices.$inferSelect;
/** A new row of {@link devices}. */
export type NewDeviceRow = typeof devices.$inferInsert;
