/**
 * What provisioning reads and writes besides the session's own store: presets, the device as
 * the engine sees it (only the subtrees its presets name), the presets' recent faults, tags,
 * and firmware files and Download tasks.
 *
 * @module
 */

import { asc, eq } from "drizzle-orm";
import type { ValueType } from "../../protocol/rpc/values.ts";
import type { AcsDb } from "../db/client.ts";
import { devices } from "../db/schema/devices.ts";
import { presets } from "../db/schema/presets.ts";
import type { CachedParameter, DeviceView, Preset } from "./types.ts";

// More prefixes than this: one query for the device's whole cached tree instead.
const MAX_PREFIXES = 24;

/**
 * Every preset, lightest first.
 *
 * @param db The ACS database.
 * @returns The presets.
 */
export async function loadPresets(db: AcsDb): Promise<Preset[]> {
  const rows = await db.select().from(presets).orderBy(asc(presets.weight), asc(presets.id));
  return rows.map((r) => ({
    id: r.id,
    description: r.description,
    enabled: r.enabled,
    weight: r.weight,
    precondition: r.precondition,
    events: r.events,
    schedule: r.schedule ?? null,
    desired: r.desired,
  }));
}

/**
 * The device with the cached parameters at or below the given names and partial paths.
 *
 * @param db The ACS database.
 * @param deviceId The device.
 * @param prefixes Names and partial paths (a name also loads what is below it).
 * @returns The view; undefined for an unknown device.
 */
export async function loadDeviceView(
  db: AcsDb,
  deviceId: string,
  prefixes: readonly string[],
): Promise<DeviceView | undefined> {
  const [row] = await db.select().from(devices).where(eq(devices.id, deviceId)).limit(1);
  if (row === undefined) return undefined;
  const outer = [...new Set(prefixes)].filter((p) =>
    !prefixes.some((q) => q !== p && q.endsWith(".") && p.startsWith(q))
  );
  const parameters = new Map<string, CachedParameter>();
  if (outer.length > 0) {
    const all = outer.length > MAX_PREFIXES;
    const where = all ? "" : ` AND (${outer.map(() => "substr(path, 1, ?) = ?").join(" OR ")})`;
    const result = await db.$client.execute({
      sql: `SELECT path, value, type, writable, notification, fetched_at, listed_at
        FROM parameters WHERE device_id = ?${where}`,
      args: [deviceId, ...(all ? [] : outer.flatMap((p) => [p.length, p]))],
    });
    for (const r of result.rows) {
      parameters.set(String(r["path"]), {
        value: r["value"] === null ? null : String(r["value"]),
        type: r["type"] === null ? null : String(r["type"]) as ValueType,
        writable: r["writable"] === null ? null : Number(r["writable"]) === 1,
        notification: r["notification"] === null ? null : Number(r["notification"]),
        fetchedAt: Number(r["fetched_at"]),
        listedAt: r["listed_at"] === null ? null : Number(r["listed_at"]),
      });
    }
  }
  return {
    id: row.id,
    oui: row.oui,
    manufacturer: row.manufacturer,
    productClass: row.productClass,
    serialNumber: row.serialNumber,
    tags: row.tags,
    firstInform: row.firstInform.getTime(),
    lastInform: row.lastInform.getTime(),
    parameters,
  };
}

/** A preset's faults on one device. */
export interface PresetFaults {
  count: number;
  /** The last one, ms since the epoch. */
  last: number;
}

/**
 * The device's faults recorded against presets, by preset id.
 *
 * @param db The ACS database.
 * @param deviceId The device.
 * @returns Count and time of the last, per preset.
 */
export async function presetFaults(
  db: AcsDb,
  deviceId: string,
): Promise<Map<string, PresetFaults>> {
  const result = await db.$client.execute({
    sql: `SELECT preset_id, count(*) AS n, max(time) AS last FROM faults
      WHERE device_id = ? AND preset_id IS NOT NULL GROUP BY preset_id`,
    args: [deviceId],
  });
  return new Map(result.rows.map((r) => [
    String(r["preset_id"]),
    { count: Number(r["n"]), last: Number(r["last"]) },
  ]));
}

/**
 * Replaces the device's tags.
 *
 * @param db The ACS database.
 * @param deviceId The device.
 * @param tags Its tags, sorted.
 */
export async function saveTags(
  db: AcsDb,
  deviceId: string,
  tags: readonly string[],
): Promise<void> {
  await db.update(devices).set({ tags: [...tags] }).where(eq(devices.id, deviceId));
}

/** A firmware file to download. */
export interface FirmwareFile {
  name: string;
  fileType: string;
  size: number;
}

/**
 * The firmware file of a version: the named one, or else the newest ready file of type
 * `1 Firmware Upgrade Image` with that version whose OUI and product class (when set) are
 * the device's.
 *
 * @param db The ACS database.
 * @param wanted The version and optional file name.
 * @param device The device's OUI and product class.
 * @returns The file, or undefined when none fits.
 */
export async function firmwareFile(
  db: AcsDb,
  wanted: { version: string; file: string | undefined },
  device: { oui: string; productClass: string },
): Promise<FirmwareFile | undefined> {
  const result = wanted.file !== undefined
    ? await db.$client.execute({
      sql: "SELECT name, file_type, size FROM files WHERE name = ? AND state = 'ready'",
      args: [wanted.file],
    })
    : await db.$client.execute({
      sql: `SELECT name, file_type, size FROM files WHERE state = 'ready'
        AND file_type = '1 Firmware Upgrade Image' AND version = ?
        AND (oui IS NULL OR oui = ?) AND (product_class IS NULL OR product_class = ?)
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      args: [wanted.version, device.oui, device.productClass],
    });
  const row = result.rows[0];
  if (row === undefined) return undefined;
  return {
    name: String(row["name"]),
    fileType: String(row["file_type"]),
    size: Number(row["size"]),
  };
}

/**
 * The device's Download tasks: whether one is open (pending or running), and how many carry
 * the CommandKey.
 *
 * @param db The ACS database.
 * @param deviceId The device.
 * @param commandKey The CommandKey of provisioning's Downloads of one version.
 * @returns Open or not, and the count with that key.
 */
export async function downloadTasks(
  db: AcsDb,
  deviceId: string,
  commandKey: string,
): Promise<{ open: boolean; withKey: number }> {
  const result = await db.$client.execute({
    sql: `SELECT
        coalesce(sum(state IN ('pending', 'running')), 0) AS open,
        coalesce(sum(command_key = ?), 0) AS with_key
      FROM tasks WHERE device_id = ? AND method = 'Download'`,
    args: [commandKey, deviceId],
  });
  const row = result.rows[0];
  return { open: Number(row?.["open"] ?? 0) > 0, withKey: Number(row?.["with_key"] ?? 0) };
}
