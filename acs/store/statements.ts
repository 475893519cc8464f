/**
 * The SQL of the session hot path. Statement texts come from a small fixed set, so an
 * executor prepares each once per connection: a list of rows becomes multi-row statements of
 * at most {@link ROWS_PER_STATEMENT} rows, whose texts differ only in their row count.
 *
 * @module
 */

import type { ParameterValueStruct } from "../../protocol/rpc/values.ts";
import type { InformRecord, ParameterEffect } from "./types.ts";
import type { SqlStatement, SqlValue } from "./write_queue.ts";

const BOOT_EVENTS = new Set(["0 BOOTSTRAP", "1 BOOT"]);

/** Rows per multi-row INSERT: at most this many statement texts per kind of row. */
export const ROWS_PER_STATEMENT = 32;

const UPSERT_DEVICE = `INSERT INTO devices
  (id, manufacturer, oui, product_class, serial_number, cwmp_version, first_inform, last_inform,
   last_boot)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET manufacturer = excluded.manufacturer,
    cwmp_version = excluded.cwmp_version, last_inform = excluded.last_inform,
    last_boot = coalesce(excluded.last_boot, devices.last_boot)`;
const DROP_PARAMETERS = "DELETE FROM parameters WHERE device_id = ?";
const INSERT_EVENT = "INSERT INTO events (device_id, code, command_key, time, detail) VALUES";
const INSERT_SESSION = `INSERT INTO sessions
  (id, device_id, cwmp_version, started_at, remote_address) VALUES (?, ?, ?, ?, ?)`;
const UPSERT_VALUES = {
  head: "INSERT INTO parameters (device_id, path, value, type, fetched_at) VALUES",
  tail: `ON CONFLICT (device_id, path) DO UPDATE SET value = excluded.value,
    type = excluded.type, fetched_at = excluded.fetched_at`,
};
const UPSERT_NAME = `INSERT INTO parameters (device_id, path, writable, fetched_at)
  VALUES (?, ?, ?, ?)
  ON CONFLICT (device_id, path) DO UPDATE SET writable = excluded.writable`;
const UPSERT_ATTRIBUTES = `INSERT INTO parameters
  (device_id, path, notification, access_list, fetched_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (device_id, path) DO UPDATE SET
    notification = coalesce(excluded.notification, parameters.notification),
    access_list = coalesce(excluded.access_list, parameters.access_list)`;
// Below a partial path: only the rows already known (a name that ends in a dot is an object).
const SET_ATTRIBUTES_UNDER = `UPDATE parameters SET
    notification = coalesce(?, notification), access_list = coalesce(?, access_list)
  WHERE device_id = ? AND substr(path, 1, length(?4)) = ?4 AND substr(path, -1) <> '.'`;
const INSERT_OBJECT = `INSERT INTO parameters (device_id, path, fetched_at) VALUES (?, ?, ?)
  ON CONFLICT (device_id, path) DO NOTHING`;
// A partial path's GetParameterValues returned its whole subtree: rows below it older than the
// answer were not in it; the object itself records when its children were listed.
const DELETE_UNLISTED =
  `DELETE FROM parameters WHERE device_id = ? AND substr(path, 1, length(?2)) = ?2
  AND path <> ?2 AND fetched_at < ?3`;
const UPSERT_LISTED = `INSERT INTO parameters (device_id, path, fetched_at, listed_at)
  VALUES (?, ?, ?, ?) ON CONFLICT (device_id, path) DO UPDATE SET listed_at = excluded.listed_at`;
const DELETE_SUBTREE =
  "DELETE FROM parameters WHERE device_id = ? AND substr(path, 1, length(?2)) = ?2";

/** Statements that store an Inform (see `AcsStore.recordInform`). */
export function informStatements(record: InformRecord): SqlStatement[] {
  const { deviceId, deviceIdStruct: id } = record;
  const time = record.time.getTime();
  const booted = record.events.some((e) => BOOT_EVENTS.has(e.eventCode));
  const out: SqlStatement[] = [{
    sql: UPSERT_DEVICE,
    args: [
      deviceId,
      id.manufacturer,
      id.oui,
      id.productClass,
      id.serialNumber,
      record.cwmpVersion,
      time,
      time,
      booted ? time : null,
    ],
  }];
  if (record.events.some((e) => e.eventCode === "0 BOOTSTRAP")) {
    out.push({ sql: DROP_PARAMETERS, args: [deviceId] });
  }
  out.push(
    ...rowStatements(
      { head: INSERT_EVENT, tail: "" },
      record.events.map((e) => [deviceId, e.eventCode, e.commandKey, time, null]),
    ),
  );
  out.push(...valueStatements(deviceId, record.parameters, time));
  out.push({
    sql: INSERT_SESSION,
    args: [record.sessionId, deviceId, record.cwmpVersion, time, record.remoteAddress],
  });
  return out;
}

/** The statement that adds one entry to a device's event history. */
export function eventStatement(
  deviceId: string,
  event: { code: string; commandKey: string; detail: Record<string, unknown> | null },
  time: number,
): SqlStatement {
  const detail = event.detail === null ? null : JSON.stringify(event.detail);
  return {
    sql: `${INSERT_EVENT} (?, ?, ?, ?, ?)`,
    args: [deviceId, event.code, event.commandKey, time, detail],
  };
}

function valueStatements(
  deviceId: string,
  values: readonly ParameterValueStruct[],
  time: number,
): SqlStatement[] {
  // The last of repeated names wins, as it would on the device; SQLite refuses one INSERT that
  // upserts the same key twice.
  const latest = new Map(values.map((p) => [p.name, p]));
  return rowStatements(
    UPSERT_VALUES,
    [...latest.values()].map((p) => [deviceId, p.name, p.value, p.type, time]),
  );
}

// `(?, ?, ?, ?, ?), ...` for 0 to ROWS_PER_STATEMENT rows of five columns: both multi-row
// statements (events, parameter values) have five.
const PLACEHOLDERS: readonly string[] = Array.from(
  { length: ROWS_PER_STATEMENT + 1 },
  (_, rows) => Array.from({ length: rows }, () => "(?, ?, ?, ?, ?)").join(", "),
);

// INSERT ... VALUES (?, ...), (?, ...) ... tail, in chunks of ROWS_PER_STATEMENT rows.
function rowStatements(
  text: { head: string; tail: string },
  rows: readonly (readonly SqlValue[])[],
): SqlStatement[] {
  const out: SqlStatement[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    out.push({
      sql: `${text.head} ${PLACEHOLDERS[chunk.length]} ${text.tail}`,
      args: chunk.flat(),
    });
  }
  return out;
}

/**
 * Statements that apply changes to a device's cached data model.
 *
 * @param deviceId The device.
 * @param effects What the answers changed, in order.
 * @param time When the answers arrived (ms since the epoch).
 * @returns The statements.
 */
export function effectStatements(
  deviceId: string,
  effects: readonly ParameterEffect[],
  time: number,
): SqlStatement[] {
  const out: SqlStatement[] = [];
  for (const effect of effects) {
    switch (effect.kind) {
      case "values":
        out.push(...valueStatements(deviceId, effect.values, time));
        break;
      case "names":
        for (const n of effect.names) {
          out.push({ sql: UPSERT_NAME, args: [deviceId, n.name, n.writable ? 1 : 0, time] });
        }
        break;
      case "attributes":
        for (const a of effect.attributes) {
          out.push({
            sql: UPSERT_ATTRIBUTES,
            args: [deviceId, a.name, a.notification, JSON.stringify(a.accessList), time],
          });
        }
        break;
      case "setAttributes":
        out.push(...setAttributeStatements(deviceId, effect.changes, time));
        break;
      case "addObject":
        out.push({ sql: INSERT_OBJECT, args: [deviceId, effect.path, time] });
        break;
      case "deleteObject":
        out.push({ sql: DELETE_SUBTREE, args: [deviceId, effect.path] });
        break;
      case "listed":
        for (const path of effect.paths) {
          out.push({ sql: DELETE_UNLISTED, args: [deviceId, path, time] });
          out.push({ sql: UPSERT_LISTED, args: [deviceId, path, time, time] });
        }
        break;
    }
  }
  return out;
}

function setAttributeStatements(
  deviceId: string,
  changes: Extract<ParameterEffect, { kind: "setAttributes" }>["changes"],
  time: number,
): SqlStatement[] {
  return changes.map((c) => {
    const accessList: SqlValue = c.accessList === null ? null : JSON.stringify(c.accessList);
    if (c.name === "" || c.name.endsWith(".")) {
      return { sql: SET_ATTRIBUTES_UNDER, args: [c.notification, accessList, deviceId, c.name] };
    }
    return { sql: UPSERT_ATTRIBUTES, args: [deviceId, c.name, c.notification, accessList, time] };
  });
}
