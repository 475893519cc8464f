/**
 * {@link AcsStore} over drizzle-orm and libSQL. Each method is one `batch()`: one round trip
 * and one transaction, and no interactive transaction that would hold an in-memory database's
 * only connection.
 *
 * @module
 */

import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AcsDb } from "../db/client.ts";
import { devices } from "../db/schema/devices.ts";
import { events } from "../db/schema/events.ts";
import { faults } from "../db/schema/faults.ts";
import { parameters } from "../db/schema/parameters.ts";
import { sessions } from "../db/schema/sessions.ts";
import { type TaskRow, tasks } from "../db/schema/tasks.ts";
import type { ParameterValueStruct } from "../../protocol/rpc/values.ts";
import type { AcsStore, FaultRecord, InformRecord, SessionEndRecord, TaskResult } from "./types.ts";

type Statement = BatchItem<"sqlite">;

// Rows per multi-row INSERT: 6 bound values each stays far below SQLite's variable limit.
const PARAMETER_CHUNK = 500;

const BOOT_EVENTS = new Set(["0 BOOTSTRAP", "1 BOOT"]);

/**
 * Creates the store of the CWMP edge over a migrated database.
 *
 * @param db A database from `createDb`, migrated with `migrateDb`.
 * @returns The store.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { createDrizzleStore } from "./drizzle_store.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const store = createDrizzleStore(db);
 * if (await store.nextTask("00D09E-GW-1", new Date(0)) !== undefined) throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export function createDrizzleStore(db: AcsDb): AcsStore {
  return {
    recordInform: (record) => runBatch(db, informStatements(db, record)),
    nextTask: (deviceId, now) => nextTask(db, deviceId, now),
    async startTask(taskId, now): Promise<void> {
      await db.update(tasks)
        .set({ state: "running", attempts: sql`${tasks.attempts} + 1`, updatedAt: now })
        .where(eq(tasks.id, taskId));
    },
    completeTask: (result) => runBatch(db, completeStatements(db, result)),
    recordFault: (fault) => runBatch(db, faultStatements(db, fault)),
    async endSession(record: SessionEndRecord): Promise<void> {
      await db.update(sessions)
        .set({ endedAt: record.time, end: record.end, exchanges: record.exchanges })
        .where(eq(sessions.id, record.sessionId));
    },
  };
}

async function runBatch(db: AcsDb, statements: Statement[]): Promise<void> {
  const [first, ...rest] = statements;
  if (first === undefined) return;
  await db.batch([first, ...rest]);
}

function informStatements(db: AcsDb, record: InformRecord): Statement[] {
  const { deviceId, deviceIdStruct: id, time } = record;
  const booted = record.events.some((e) => BOOT_EVENTS.has(e.eventCode));
  const out: Statement[] = [
    db.insert(devices).values({
      id: deviceId,
      manufacturer: id.manufacturer,
      oui: id.oui,
      productClass: id.productClass,
      serialNumber: id.serialNumber,
      cwmpVersion: record.cwmpVersion,
      firstInform: time,
      lastInform: time,
      lastBoot: booted ? time : null,
    }).onConflictDoUpdate({
      target: devices.id,
      set: {
        manufacturer: sql`excluded.manufacturer`,
        cwmpVersion: sql`excluded.cwmp_version`,
        lastInform: sql`excluded.last_inform`,
        lastBoot: sql`coalesce(excluded.last_boot, ${devices.lastBoot})`,
      },
    }),
  ];
  if (record.events.some((e) => e.eventCode === "0 BOOTSTRAP")) {
    out.push(db.delete(parameters).where(eq(parameters.deviceId, deviceId)));
  }
  if (record.events.length > 0) {
    out.push(
      db.insert(events).values(record.events.map((e) => ({
        deviceId,
        code: e.eventCode,
        commandKey: e.commandKey,
        time,
      }))),
    );
  }
  out.push(...parameterStatements(db, deviceId, record.parameters, time));
  out.push(
    db.insert(sessions).values({
      id: record.sessionId,
      deviceId,
      cwmpVersion: record.cwmpVersion,
      startedAt: time,
      remoteAddress: record.remoteAddress,
    }),
  );
  return out;
}

function parameterStatements(
  db: AcsDb,
  deviceId: string,
  values: readonly ParameterValueStruct[],
  time: Date,
): Statement[] {
  // The last value of a name wins, as it would on the device; SQLite rejects one INSERT that
  // upserts the same key twice.
  const latest = new Map(values.map((p) => [p.name, p]));
  const rows = [...latest.values()].map((p) => ({
    deviceId,
    path: p.name,
    value: p.value,
    type: p.type,
    fetchedAt: time,
  }));
  const out: Statement[] = [];
  for (let start = 0; start < rows.length; start += PARAMETER_CHUNK) {
    out.push(
      db.insert(parameters).values(rows.slice(start, start + PARAMETER_CHUNK))
        .onConflictDoUpdate({
          target: [parameters.deviceId, parameters.path],
          set: {
            value: sql`excluded.value`,
            type: sql`excluded.type`,
            fetchedAt: sql`excluded.fetched_at`,
          },
        }),
    );
  }
  return out;
}

async function nextTask(db: AcsDb, deviceId: string, now: Date): Promise<TaskRow | undefined> {
  const open = and(eq(tasks.deviceId, deviceId), inArray(tasks.state, ["pending", "running"]));
  const [, found] = await db.batch([
    db.update(tasks).set({ state: "expired", updatedAt: now })
      .where(and(open, lte(tasks.expires, now))),
    db.select().from(tasks)
      .where(and(open, or(isNull(tasks.notBefore), lte(tasks.notBefore, now))))
      .orderBy(asc(tasks.id))
      .limit(1),
  ]);
  return found[0];
}

function completeStatements(db: AcsDb, result: TaskResult): Statement[] {
  return [
    ...parameterStatements(db, result.deviceId, result.parameters, result.time),
    db.update(tasks)
      .set({ state: "done", result: result.result, updatedAt: result.time })
      .where(eq(tasks.id, result.taskId)),
  ];
}

function faultStatements(db: AcsDb, fault: FaultRecord): Statement[] {
  const out: Statement[] = [db.insert(faults).values(fault)];
  if (fault.taskId !== null) {
    out.push(
      db.update(tasks).set({ state: "faulted", updatedAt: fault.time })
        .where(eq(tasks.id, fault.taskId)),
    );
  }
  return out;
}
