/**
 * Cancelling a task: an operator withdraws it before it is done.
 *
 * @module
 */

import { and, eq, inArray } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import { type TaskRow, tasks } from "../db/schema/tasks.ts";
import { TaskError } from "./enqueue.ts";

/**
 * Cancels a task that is `pending` or `running` (sent in a session in progress, or a transfer
 * awaiting its TransferComplete). An answer that arrives later is not applied to it. A
 * finished task (done, faulted, expired, cancelled) cannot be cancelled.
 *
 * @param db A migrated database.
 * @param id The task id.
 * @param now The time of cancellation (default: now).
 * @returns The cancelled task.
 * @throws {TaskError} No such task, or it is already finished.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { cancelTask } from "./cancel.ts";
 * import { TaskError } from "./enqueue.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * try {
 *   await cancelTask(db, 42);
 *   throw new Error("unreachable");
 * } catch (error) {
 *   if (!(error instanceof TaskError)) throw error;
 * }
 * db.$client.close();
 * ```
 */
export async function cancelTask(db: AcsDb, id: number, now: Date = new Date()): Promise<TaskRow> {
  const [row] = await db.update(tasks)
    .set({ state: "cancelled", awaitingTransfer: false, updatedAt: now })
    .where(and(eq(tasks.id, id), inArray(tasks.state, ["pending", "running"])))
    .returning();
  if (row !== undefined) return row;
  const [existing] = await db.select({ state: tasks.state }).from(tasks).where(eq(tasks.id, id));
  if (existing === undefined) throw new TaskError(`Cannot cancel task ${id}: no such task`);
  throw new TaskError(`Cannot cancel task ${id}: it is already ${existing.state}`);
}
