/**
 * {@link AcsStore} over a database whose schema drizzle-orm defines and migrates. The session
 * hot path does not go through drizzle's query builder: its statements are constant SQL texts
 * (`statements.ts`) that an executor keeps prepared, and the writes of many sessions share one
 * transaction (group commit). Each write still resolves only once committed.
 *
 * @module
 */

import type { AcsDb, DbSynchronous } from "../db/client.ts";
import {
  createClientExecutor,
  createSyncExecutor,
  type ExecutorOptions,
  localPathOf,
  type SqlExecutor,
  type SqlRow,
} from "./executor.ts";
import { effectStatements, eventStatement, informStatements } from "./statements.ts";
import type { AcsStore, FaultRecord, InformOutcome, OpenTask, TransferRecord } from "./types.ts";
import type { SqlStatement } from "./write_queue.ts";

/** Options of {@link createDrizzleStore}. */
export interface DrizzleStoreOptions extends ExecutorOptions {
  /**
   * The database URL. A `file:` URL gets the store its own synchronous connection with
   * prepared statements; otherwise (or with `executor: "client"`) the store goes through
   * `db.$client`.
   */
  url?: string;
  /** Force an executor (default: `sync` for a `file:` URL, else `client`). */
  executor?: "sync" | "client";
  /** Busy timeout of the store's own connection, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** SQLite's `synchronous` of the store's own connection (default `full`). */
  synchronous?: DbSynchronous;
}

const OPEN_TASKS = `SELECT id, state, method, args, attempts, max_attempts, expires FROM tasks
  WHERE device_id = ? AND state IN ('pending', 'running') AND awaiting_transfer = 0
    AND (not_before IS NULL OR not_before <= ?)
  ORDER BY id LIMIT ?`;
const START_TASK = `UPDATE tasks SET state = 'running', attempts = attempts + 1, updated_at = ?
  WHERE id = ? AND state IN ('pending', 'running')`;
const COMPLETE_TASK = `UPDATE tasks SET state = CASE WHEN ? THEN 'running' ELSE 'done' END,
    awaiting_transfer = ?, result = ?, updated_at = ?
  WHERE id = ? AND state = 'running'`;
const KNOWN_DEVICE = "SELECT 1 FROM devices WHERE id = ?";
const INSERT_FAULT = `INSERT INTO faults (device_id, task_id, source, code, string, detail, time,
    preset_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const RETRY_TASK = `UPDATE tasks SET state = 'pending', not_before = ?, updated_at = ?
  WHERE id = ? AND state = 'running'`;
const FAULT_TASK = `UPDATE tasks SET state = 'faulted', awaiting_transfer = 0, updated_at = ?
  WHERE id = ? AND state IN ('pending', 'running')`;
const REQUEUE_TASK = `UPDATE tasks SET state = 'pending', attempts = max(attempts - 1, 0),
    updated_at = ? WHERE id = ? AND state = 'running'`;
const EXPIRE_TASK = `UPDATE tasks SET state = 'expired', updated_at = ?
  WHERE id = ? AND state IN ('pending', 'running')`;
const TRANSFER_TASK = `SELECT id FROM tasks
  WHERE device_id = ? AND state = 'running' AND command_key = ?
  ORDER BY awaiting_transfer DESC, id LIMIT 1`;
const FINISH_TRANSFER = `UPDATE tasks SET state = ?, awaiting_transfer = 0, result = ?,
    updated_at = ? WHERE id = ? AND state = 'running'`;
const END_SESSION = "UPDATE sessions SET ended_at = ?, end = ?, exchanges = ? WHERE id = ?";
// Transfers that will never report: past `expires`, or accepted before the deadline.
const STALE_TRANSFERS = `device_id = ? AND state = 'running' AND awaiting_transfer = 1`;
const EXPIRE_TRANSFERS = `UPDATE tasks SET state = 'expired', awaiting_transfer = 0,
    updated_at = ? WHERE ${STALE_TRANSFERS} AND expires <= ?`;
const FAULT_TRANSFERS_RECORD = `INSERT INTO faults (device_id, task_id, source, code, string,
    detail, time)
  SELECT device_id, id, 'acs', 0, 'No TransferComplete since the CPE accepted the transfer at ' ||
    strftime('%Y-%m-%dT%H:%M:%SZ', updated_at / 1000, 'unixepoch'), NULL, ?
  FROM tasks WHERE ${STALE_TRANSFERS} AND updated_at <= ?`;
const FAULT_TRANSFERS = `UPDATE tasks SET state = 'faulted', awaiting_transfer = 0,
    updated_at = ? WHERE ${STALE_TRANSFERS} AND updated_at <= ?`;

/**
 * Creates the store of the CWMP edge over a migrated database.
 *
 * @param db A database from `createDb`, migrated with `migrateDb`.
 * @param options The database URL (for the fast executor on `file:` URLs) and group commit.
 * @returns The store; `close()` it before closing `db`.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { createDrizzleStore } from "./drizzle_store.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const store = createDrizzleStore(db);
 * const open = await store.openTasks("00D09E-GW-1", new Date(0), 10);
 * if (open.length !== 0) throw new Error("unexpected");
 * await store.close();
 * db.$client.close();
 * ```
 */
export function createDrizzleStore(db: AcsDb, options: DrizzleStoreOptions = {}): AcsStore {
  const path = options.url === undefined ? undefined : localPathOf(options.url);
  const useSync = options.executor === "sync" ||
    (options.executor === undefined && path !== undefined);
  if (useSync && path === undefined) {
    throw new TypeError("The sync executor needs a file: URL in options.url");
  }
  const sql: SqlExecutor = useSync && path !== undefined
    ? createSyncExecutor(path, options)
    : createClientExecutor(db.$client, options);
  return storeOver(sql);
}

function storeOver(sql: SqlExecutor): AcsStore {
  return {
    async recordInform(record): Promise<InformOutcome> {
      const newDevice = record.detectNewDevice === true &&
        (await sql.first(KNOWN_DEVICE, [record.deviceId])) === undefined;
      await sql.write(informStatements(record));
      return { newDevice };
    },
    async openTasks(deviceId, now, limit): Promise<OpenTask[]> {
      const args = [deviceId, now.getTime(), limit];
      // Most sessions find no task: one step of the statement answers that.
      if (limit < 1 || (await sql.first(OPEN_TASKS, args)) === undefined) return [];
      return (await sql.query(OPEN_TASKS, args)).map(openTaskOf);
    },
    startTasks: (ids, now) =>
      sql.write(ids.map((id) => ({ sql: START_TASK, args: [now.getTime(), id] }))),
    completeTasks(record): Promise<void> {
      const time = record.time.getTime();
      return sql.write([
        ...effectStatements(record.deviceId, record.effects, time),
        ...record.tasks.map((t) => ({
          sql: COMPLETE_TASK,
          args: [
            t.awaitingTransfer ? 1 : 0,
            t.awaitingTransfer ? 1 : 0,
            JSON.stringify(t.result),
            time,
            t.taskId,
          ],
        })),
      ]);
    },
    recordFault: (fault) => sql.write(faultStatements(fault)),
    requeueTasks: (ids, now) =>
      sql.write(ids.map((id) => ({ sql: REQUEUE_TASK, args: [now.getTime(), id] }))),
    expireTasks: (ids, now) =>
      sql.write(ids.map((id) => ({ sql: EXPIRE_TASK, args: [now.getTime(), id] }))),
    completeTransfer: (record) => completeTransfer(sql, record),
    recordCpeRequest: (record) =>
      sql.write([eventStatement(record.deviceId, record, record.time.getTime())]),
    endSession(record): Promise<void> {
      const time = record.time.getTime();
      const deadline = record.transferDeadline.getTime();
      return sql.write([
        { sql: END_SESSION, args: [time, record.end, record.exchanges, record.sessionId] },
        { sql: EXPIRE_TRANSFERS, args: [time, record.deviceId, time] },
        { sql: FAULT_TRANSFERS_RECORD, args: [time, record.deviceId, deadline] },
        { sql: FAULT_TRANSFERS, args: [time, record.deviceId, deadline] },
      ]);
    },
    close: () => sql.close(),
  };
}

function openTaskOf(row: SqlRow): OpenTask {
  const expires = row["expires"];
  return {
    id: Number(row["id"]),
    state: row["state"] === "running" ? "running" : "pending",
    method: String(row["method"]),
    args: JSON.parse(String(row["args"])) as Record<string, unknown>,
    attempts: Number(row["attempts"]),
    maxAttempts: Number(row["max_attempts"]),
    expires: expires === null || expires === undefined ? null : Number(expires),
  };
}

function faultStatements(fault: FaultRecord): SqlStatement[] {
  const time = fault.time.getTime();
  const out: SqlStatement[] = [{
    sql: INSERT_FAULT,
    args: [
      fault.deviceId,
      fault.taskId,
      fault.source,
      fault.code,
      fault.string,
      fault.detail === null ? null : JSON.stringify(fault.detail),
      time,
      fault.presetId ?? null,
    ],
  }];
  if (fault.taskId !== null && fault.outcome !== null) {
    out.push(
      fault.outcome.state === "pending"
        ? { sql: RETRY_TASK, args: [fault.outcome.notBefore.getTime(), time, fault.taskId] }
        : { sql: FAULT_TASK, args: [time, fault.taskId] },
    );
  }
  return out;
}

async function completeTransfer(sql: SqlExecutor, record: TransferRecord): Promise<number | null> {
  const row = await sql.first(TRANSFER_TASK, [record.deviceId, record.commandKey]);
  if (row === undefined) return null;
  const taskId = Number(row["id"]);
  const time = record.time.getTime();
  const result = JSON.stringify(record.message);
  if (record.fault === null) {
    await sql.write([{ sql: FINISH_TRANSFER, args: ["done", result, time, taskId] }]);
    return taskId;
  }
  const { faultCode, faultString } = record.fault;
  await sql.write([
    { sql: FINISH_TRANSFER, args: ["faulted", result, time, taskId] },
    ...faultStatements({
      deviceId: record.deviceId,
      taskId,
      source: "transfer",
      code: faultCode,
      string: faultString,
      detail: { faultCode, faultString, setParameterValuesFaults: [] },
      outcome: null,
      time: record.time,
    }),
  ]);
  return taskId;
}
