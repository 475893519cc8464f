/**
 * The SQL of `GET /api/devices`: its filters (including `param=PATH<op>VALUE` over the cached
 * parameters), order and the SoftwareVersion column.
 *
 * @module
 */

import { and, asc, desc, eq, gt, lt, type SQL, sql } from "drizzle-orm";
import { devices } from "../db/schema/devices.ts";
import type { z } from "zod";
import { type DeviceListQuery, PARAM_FILTER } from "./schemas.ts";

/** Where each data model keeps the software version. */
const SOFTWARE_VERSION_PATHS = [
  "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
  "Device.DeviceInfo.SoftwareVersion",
];

/** The device's DeviceInfo.SoftwareVersion from the cached parameters (null when unknown). */
export const softwareVersionColumn: SQL<string | null> = sql<string | null>`(
  SELECT p.value FROM parameters p WHERE p.device_id = ${devices.id}
  AND p.path IN (${sql.join(SOFTWARE_VERSION_PATHS.map((p) => sql`${p}`), sql`, `)})
  ORDER BY p.path LIMIT 1)`;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// A stored value that SQLite can compare as a number: digits and number characters only.
const STORED_NUMBER = sql.raw(`(p.value GLOB '*[0-9]*' AND p.value NOT GLOB '*[^0-9.eE+-]*')`);

/**
 * The condition of one `PATH<op>VALUE` filter: the device has the parameter and its value
 * matches. `=` equals, `~` contains, `< > <= >=` compare; both `=` and the comparisons are
 * numeric when the value given and the value stored are numbers, textual otherwise.
 *
 * @param filter The filter as given (already matched against `PARAM_FILTER`).
 * @returns The SQL condition.
 */
export function paramCondition(filter: string): SQL {
  const match = PARAM_FILTER.exec(filter);
  const path = match?.[1] ?? "";
  const op = match?.[2] ?? "=";
  const value = match?.[3] ?? "";
  const has =
    sql`SELECT 1 FROM parameters p WHERE p.device_id = ${devices.id} AND p.path = ${path}`;
  if (op === "~") return sql`EXISTS (${has} AND instr(p.value, ${value}) > 0)`;
  const sqlOp = sql.raw(op);
  if (!NUMBER.test(value.trim())) return sql`EXISTS (${has} AND p.value ${sqlOp} ${value})`;
  return sql`EXISTS (${has} AND CASE WHEN ${STORED_NUMBER}
    THEN CAST(p.value AS REAL) ${sqlOp} ${Number(value)} ELSE p.value ${sqlOp} ${value} END)`;
}

/**
 * The WHERE clause of a device listing.
 *
 * @param query The validated query.
 * @returns The condition, or undefined for all devices.
 */
export function deviceWhere(query: z.output<typeof DeviceListQuery>): SQL | undefined {
  const conditions: SQL[] = [];
  if (query.id !== undefined) conditions.push(eq(devices.id, query.id));
  if (query.oui !== undefined) conditions.push(eq(devices.oui, query.oui));
  if (query.productClass !== undefined) {
    conditions.push(eq(devices.productClass, query.productClass));
  }
  if (query.softwareVersion !== undefined) {
    conditions.push(sql`${softwareVersionColumn} = ${query.softwareVersion}`);
  }
  for (const tag of query.tag ?? []) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${devices.tags}) WHERE value = ${tag})`);
  }
  if (query.informedBefore !== undefined) {
    conditions.push(lt(devices.lastInform, new Date(query.informedBefore)));
  }
  if (query.informedAfter !== undefined) {
    conditions.push(gt(devices.lastInform, new Date(query.informedAfter)));
  }
  for (const filter of query.param ?? []) conditions.push(paramCondition(filter));
  return conditions.length === 0 ? undefined : and(...conditions);
}

const SORT_COLUMNS = {
  id: devices.id,
  lastInform: devices.lastInform,
  oui: devices.oui,
  productClass: devices.productClass,
} as const;

/**
 * The ORDER BY of a device listing: the sort key, then the id.
 *
 * @param sort `key[:asc|:desc]`, default `id`.
 * @returns The order terms.
 */
export function deviceOrder(sort: string | undefined): SQL[] {
  const [key, direction] = (sort ?? "id").split(":");
  const column = SORT_COLUMNS[(key ?? "id") as keyof typeof SORT_COLUMNS] ?? devices.id;
  const first = direction === "desc" ? desc(column) : asc(column);
  return column === devices.id ? [first] : [first, asc(devices.id)];
}
