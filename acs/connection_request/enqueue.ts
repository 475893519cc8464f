/**
 * Queueing a task with a Connection Request, so the device comes for it now rather than at
 * its next periodic Inform.
 *
 * @module
 */

import type { ConnectionRequestRow } from "../db/schema/connection_requests.ts";
import type { TaskRow } from "../db/schema/tasks.ts";
import { enqueueTask, type EnqueueTaskInput } from "../tasks/enqueue.ts";
import { type ConnectionRequestDeps, requestConnection } from "./request.ts";

/** Options of {@link enqueueTaskWithOptions}. */
export interface EnqueueOptions {
  /** Send a Connection Request once the task is stored (default false). */
  connectionRequest?: boolean;
}

/** A queued task and, when asked for, the Connection Request that followed. */
export interface EnqueuedTask {
  task: TaskRow;
  /** Null when none was asked for. */
  connectionRequest: ConnectionRequestRow | null;
}

/**
 * Queues a task (`enqueueTask`) and, with `connectionRequest`, asks the device to come for it
 * now. The task is stored first: a failed Connection Request leaves it queued for the next
 * session, and its outcome is in the result (and in `connection_requests`).
 *
 * @param deps The database and the Connection Request's client and limits.
 * @param input The task.
 * @param options Whether to send a Connection Request.
 * @returns The task and the Connection Request's record.
 * @throws {TaskError} The task cannot be queued (nothing is sent).
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { TaskError } from "../tasks/enqueue.ts";
 * import { enqueueTaskWithOptions } from "./enqueue.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * try {
 *   await enqueueTaskWithOptions({ db }, {
 *     deviceId: "nobody",
 *     request: { method: "Reboot", commandKey: "" },
 *   }, { connectionRequest: true });
 *   throw new Error("unreachable");
 * } catch (error) {
 *   if (!(error instanceof TaskError)) throw error;
 * }
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, 3.2.2 ACS Connection Initiation
 */
export async function enqueueTaskWithOptions(
  deps: ConnectionRequestDeps,
  input: EnqueueTaskInput,
  options: EnqueueOptions = {},
): Promise<EnqueuedTask> {
  const task = await enqueueTask(deps.db, input);
  if (!options.connectionRequest) return { task, connectionRequest: null };
  return { task, connectionRequest: await requestConnection(deps, input.deviceId) };
}
