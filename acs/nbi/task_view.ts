/**
 * Tasks as the API shows them (with their last fault), and the task operations the API adds
 * to `acs/tasks/`: retrying a finished task and waiting for a task to finish.
 *
 * @module
 */

import { and, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { AcsDb } from "../db/client.ts";
import type { ConnectionRequestRow } from "../db/schema/connection_requests.ts";
import { type FaultRow, faults } from "../db/schema/faults.ts";
import { type TaskRow, tasks, type TaskState } from "../db/schema/tasks.ts";
import { taskRequest } from "../tasks/enqueue.ts";
import { ApiError } from "./errors.ts";
import type { TaskSchema } from "./schemas.ts";

/** A task as the API shows it. */
export type TaskView = z.output<typeof TaskSchema>;

/** States a task does not leave by itself. */
export const FINISHED_STATES: readonly TaskState[] = ["done", "faulted", "expired", "cancelled"];

/**
 * The API's view of a task.
 *
 * @param row The task.
 * @param fault Its latest fault, if any (shown unless the task is done).
 * @param connectionRequest The Connection Request sent when it was created, if any.
 * @returns The view.
 */
export function taskView(
  row: TaskRow,
  fault: FaultRow | undefined,
  connectionRequest?: ConnectionRequestRow | null,
): TaskView {
  const parameterFaults = fault?.detail?.setParameterValuesFaults ?? [];
  return {
    id: row.id,
    deviceId: row.deviceId,
    method: row.method,
    request: { ...taskRequest(row) },
    state: row.state,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(row.result === null ? {} : { result: row.result }),
    ...(fault === undefined || row.state === "done" ? {} : {
      fault: {
        code: fault.code,
        string: fault.string,
        ...(parameterFaults.length === 0 ? {} : {
          parameterFaults: parameterFaults.map((f) => ({
            parameterName: f.parameterName,
            faultCode: f.faultCode,
            faultString: f.faultString,
          })),
        }),
      },
    }),
    ...(connectionRequest === undefined || connectionRequest === null
      ? {}
      : { connectionRequest: connectionRequestView(connectionRequest) }),
  };
}

/**
 * A Connection Request's outcome as a task shows it.
 *
 * @param row The recorded Connection Request.
 * @returns `ok`, the last HTTP status if any, and the reason when not ok.
 */
export function connectionRequestView(
  row: ConnectionRequestRow,
): NonNullable<TaskView["connectionRequest"]> {
  return {
    ok: row.result === "ok",
    ...(row.status === null ? {} : { status: row.status }),
    ...(row.result === "ok" ? {} : { error: `${row.result}: ${row.detail}` }),
  };
}

/**
 * The views of some tasks, each with its latest fault.
 *
 * @param db A migrated database.
 * @param rows The tasks.
 * @returns The views, in the same order.
 */
export async function taskViews(db: AcsDb, rows: readonly TaskRow[]): Promise<TaskView[]> {
  if (rows.length === 0) return [];
  const found = await db.select().from(faults)
    .where(inArray(faults.taskId, rows.map((r) => r.id)))
    .orderBy(desc(faults.id));
  const latest = new Map<number, FaultRow>();
  for (const fault of found) {
    if (fault.taskId !== null && !latest.has(fault.taskId)) latest.set(fault.taskId, fault);
  }
  return rows.map((row) => taskView(row, latest.get(row.id)));
}

/**
 * A task by id.
 *
 * @throws {ApiError} 404 when there is none.
 */
export async function findTask(db: AcsDb, id: number): Promise<TaskRow> {
  const [row] = await db.select().from(tasks).where(eq(tasks.id, id));
  if (row === undefined) throw new ApiError(404, `Cannot find task ${id}`);
  return row;
}

/**
 * Queues a faulted, expired or cancelled task again: `pending`, attempts from zero, no
 * back-off, and no expiry if its expiry has passed. A task still pending or running is left
 * as it is (it is queued already) when `allowQueued`; a done task is not re-run.
 *
 * @param db A migrated database.
 * @param id The task id.
 * @param options The time, and whether a queued task is acceptable.
 * @returns The task after the change.
 * @throws {ApiError} 404 no such task; 409 done, or queued without `allowQueued`.
 */
export async function retryTask(
  db: AcsDb,
  id: number,
  options: { now: Date; allowQueued?: boolean },
): Promise<TaskRow> {
  const task = await findTask(db, id);
  if (task.state === "pending" || task.state === "running") {
    if (options.allowQueued) return task;
    throw new ApiError(409, `Cannot retry task ${id}: it is ${task.state} already`);
  }
  if (task.state === "done") {
    throw new ApiError(409, `Cannot retry task ${id}: it is done; queue a new task instead`);
  }
  const expired = task.expires !== null && task.expires.getTime() <= options.now.getTime();
  const [row] = await db.update(tasks).set({
    state: "pending",
    attempts: 0,
    notBefore: null,
    awaitingTransfer: false,
    result: null,
    updatedAt: options.now,
    ...(expired ? { expires: null } : {}),
  }).where(and(eq(tasks.id, id), eq(tasks.state, task.state))).returning();
  // Another request changed it meanwhile: report what it is now.
  return row ?? await findTask(db, id);
}

/** What {@link waitForTask} needs. */
export interface WaitDeps {
  db: AcsDb;
  now(): number;
  sleep(ms: number): Promise<void>;
  pollMs: number;
}

/**
 * Waits until a task is finished (done, faulted, expired or cancelled) or the time is up.
 *
 * @param deps Database, clock, sleep and poll interval.
 * @param id The task id.
 * @param timeoutMs How long to wait.
 * @returns The task as last read; its state tells whether it finished.
 */
export async function waitForTask(deps: WaitDeps, id: number, timeoutMs: number): Promise<TaskRow> {
  const deadline = deps.now() + timeoutMs;
  for (;;) {
    const task = await findTask(deps.db, id);
    if (FINISHED_STATES.includes(task.state)) return task;
    const left = deadline - deps.now();
    if (left <= 0) return task;
    await deps.sleep(Math.min(deps.pollMs, left));
  }
}
