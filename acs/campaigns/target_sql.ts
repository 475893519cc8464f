/**
 * A campaign's target as SQL: a {@link Precondition} turned into a condition on `devices`
 * (the same fields and the same `PATH<op>VALUE` semantics as the device filters of
 * `GET /api/devices` and as the presets' preconditions), and the target resolved into the
 * ordered list of device ids the campaign covers.
 *
 * @module
 */

import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import { devices } from "../db/schema/devices.ts";
import { softwareVersionColumn } from "../nbi/device_query.ts";
import { PRECONDITION_PARAM } from "../provisioning/schemas.ts";
import type { CampaignTarget, Precondition } from "../provisioning/types.ts";

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// A stored value SQLite can compare as a number: digits and number characters only.
const STORED_NUMBER = sql.raw(`(p.value GLOB '*[0-9]*' AND p.value NOT GLOB '*[^0-9.eE+-]*')`);
// SQLite's limit on bound values is 32766; lists are looked up in slices well below it.
const SLICE = 500;

/**
 * The condition of one `PATH<op>VALUE` precondition: the device has the parameter cached and
 * its value matches. `=`/`!=` compare for equality, `~` contains, `< > <= >=` order; equality
 * and order are numeric when both the given and the stored value are numbers. A parameter the
 * ACS has not cached fails every condition on it, `!=` included.
 *
 * @param filter The condition as given, e.g. `InternetGatewayDevice.DeviceInfo.UpTime>=60`.
 * @returns The SQL condition.
 * @throws {RangeError} The text is not `PATH<op>VALUE`.
 *
 * @example Usage
 * ```ts
 * import { paramPrecondition } from "./target_sql.ts";
 * paramPrecondition("InternetGatewayDevice.DeviceInfo.SoftwareVersion!=2.0");
 * ```
 */
export function paramPrecondition(filter: string): SQL {
  const match = PRECONDITION_PARAM.exec(filter);
  if (match === null) {
    throw new RangeError(`Cannot read condition '${filter}': expected PATH<op>VALUE`);
  }
  const [, path = "", op = "=", value = ""] = match;
  const has = sql`SELECT 1 FROM parameters p WHERE p.device_id = ${devices.id}
    AND p.path = ${path.trim()} AND p.value IS NOT NULL`;
  if (op === "~") return sql`EXISTS (${has} AND instr(p.value, ${value}) > 0)`;
  const sqlOp = sql.raw(op);
  if (!NUMBER.test(value.trim())) return sql`EXISTS (${has} AND p.value ${sqlOp} ${value})`;
  return sql`EXISTS (${has} AND CASE WHEN ${STORED_NUMBER}
    THEN CAST(p.value AS REAL) ${sqlOp} ${Number(value)} ELSE p.value ${sqlOp} ${value} END)`;
}

/**
 * The WHERE clause selecting the devices a precondition matches: every given field must
 * hold; `tag` lists tags the device must all have, `notTag` tags it must have none of.
 *
 * @param pre The precondition (already validated by `PreconditionSchema`).
 * @returns The condition, or undefined when it matches every device (`{}`).
 *
 * @example Usage
 * ```ts
 * import { preconditionWhere } from "./target_sql.ts";
 * if (preconditionWhere({}) !== undefined) throw new Error("{} matches all");
 * if (preconditionWhere({ oui: "00D09E", notTag: ["lab"] }) === undefined) throw new Error("x");
 * ```
 * @see TR-069 Issue 1, A.3.3.1 Inform (DeviceIdStruct: Manufacturer, OUI, ProductClass,
 * SerialNumber)
 */
export function preconditionWhere(pre: Precondition): SQL | undefined {
  const conditions: SQL[] = [];
  if (pre.id !== undefined) conditions.push(eq(devices.id, pre.id));
  if (pre.oui !== undefined) conditions.push(eq(devices.oui, pre.oui));
  if (pre.manufacturer !== undefined) conditions.push(eq(devices.manufacturer, pre.manufacturer));
  if (pre.productClass !== undefined) conditions.push(eq(devices.productClass, pre.productClass));
  if (pre.serialNumber !== undefined) conditions.push(eq(devices.serialNumber, pre.serialNumber));
  if (pre.softwareVersion !== undefined) {
    conditions.push(sql`${softwareVersionColumn} = ${pre.softwareVersion}`);
  }
  for (const tag of pre.tag ?? []) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${devices.tags}) WHERE value = ${tag})`);
  }
  for (const tag of pre.notTag ?? []) {
    conditions.push(
      sql`NOT EXISTS (SELECT 1 FROM json_each(${devices.tags}) WHERE value = ${tag})`,
    );
  }
  for (const filter of pre.param ?? []) conditions.push(paramPrecondition(filter));
  return conditions.length === 0 ? undefined : and(...conditions);
}

/** A target resolved against the devices the ACS knows. */
export interface ResolvedTarget {
  /** Known devices, ordered by id, each once. */
  devices: string[];
  /** Ids of a list target the ACS does not know, ordered, each once. */
  unknown: string[];
}

/**
 * Resolves a campaign's target once: the devices a query matches, or the known and the
 * unknown ids of a list.
 *
 * @param db A migrated database.
 * @param target The campaign's target.
 * @returns The devices, ordered by id.
 *
 * @example A list naming a device nobody knows
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { resolveTarget } from "./target_sql.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const resolved = await resolveTarget(db, { devices: ["b", "a", "b"] });
 * if (resolved.unknown.join() !== "a,b" || resolved.devices.length !== 0) throw new Error("x");
 * db.$client.close();
 * ```
 */
export async function resolveTarget(db: AcsDb, target: CampaignTarget): Promise<ResolvedTarget> {
  if ("query" in target) {
    const rows = await db.select({ id: devices.id }).from(devices)
      .where(preconditionWhere(target.query)).orderBy(asc(devices.id));
    return { devices: rows.map((r) => r.id), unknown: [] };
  }
  const wanted = [...new Set(target.devices)].sort(compareIds);
  const known = new Set<string>();
  for (let i = 0; i < wanted.length; i += SLICE) {
    const slice = wanted.slice(i, i + SLICE);
    const rows = await db.select({ id: devices.id }).from(devices).where(
      inArray(devices.id, slice),
    );
    for (const row of rows) known.add(row.id);
  }
  return {
    devices: wanted.filter((id) => known.has(id)),
    unknown: wanted.filter((id) => !known.has(id)),
  };
}

// Device ids are ASCII (acs/device_id.ts percent-encodes the rest), so comparing UTF-16 code
// units orders a list as SQLite's binary collation orders a query.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
