/**
 * Choosing what a session sends next from the device's open tasks, oldest first: expired ones
 * are set aside, interrupted ones past their last attempt are given up, requests the CPE's
 * CWMP version cannot carry are refused, and adjacent GetParameterValues tasks go out as one
 * request.
 *
 * @module
 */

import { LocalProtocolError } from "../../protocol/errors.ts";
import type { RpcMessage } from "../../protocol/rpc/codecs.ts";
import { encodeEnvelope } from "../../protocol/soap/envelope.ts";
import type { CwmpVersion } from "../../protocol/soap/namespaces.ts";
import type { OpenTask } from "../store/types.ts";
import { taskRequest } from "./enqueue.ts";

/** One task of a request, with the names it asked for when it is a GetParameterValues. */
export interface PlannedTask {
  id: number;
  attempts: number;
  maxAttempts: number;
  /** The names of a GetParameterValues task. */
  parameterNames?: readonly string[];
}

/** What to do with the open tasks seen. */
export interface TaskPlan {
  /** Tasks whose `expires` has passed. */
  expired: number[];
  /** Interrupted tasks that used their last attempt without an answer. */
  givenUp: OpenTask[];
  /** Tasks whose request the CPE's CWMP version cannot carry, with the reason. */
  unsendable: { task: OpenTask; reason: string }[];
  /** The request to send and the tasks it is made of; null when nothing is sendable. */
  send: { tasks: PlannedTask[]; request: RpcMessage } | null;
}

/** Options of {@link planNext}. */
export interface PlanOptions {
  /** Now, in ms since the epoch. */
  now: number;
  /** The namespace version of the session. */
  version: CwmpVersion;
  /** Tasks per batched GetParameterValues; 1 turns batching off. */
  maxBatch: number;
}

/**
 * Plans the next request of a session.
 *
 * @param open The device's open tasks, oldest first (see `AcsStore.openTasks`).
 * @param options Time, CWMP version and batch size.
 * @returns What to expire, give up, refuse and send.
 *
 * @example Adjacent GetParameterValues tasks share one request
 * ```ts
 * import { planNext } from "./plan.ts";
 * const task = (id: number, method: string, args: Record<string, unknown>) =>
 *   ({ id, state: "pending" as const, method, args, attempts: 0, maxAttempts: 5, expires: null });
 * const plan = planNext([
 *   task(1, "GetParameterValues", { parameterNames: ["A.x"] }),
 *   task(2, "GetParameterValues", { parameterNames: ["A.x", "B."] }),
 *   task(3, "Reboot", { commandKey: "" }),
 * ], { now: 0, version: "1.0", maxBatch: 16 });
 * const names = plan.send?.request.method === "GetParameterValues" ? plan.send.request.parameterNames : [];
 * if (names.join() !== "A.x,B." || plan.send?.tasks.length !== 2) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.2 GetParameterValues
 */
export function planNext(open: readonly OpenTask[], options: PlanOptions): TaskPlan {
  const plan: TaskPlan = { expired: [], givenUp: [], unsendable: [], send: null };
  for (const task of open) {
    if (plan.send !== null) {
      if (!joins(plan.send, task, options)) break;
      continue;
    }
    if (task.expires !== null && task.expires <= options.now) {
      plan.expired.push(task.id);
    } else if (task.attempts >= task.maxAttempts) {
      plan.givenUp.push(task);
    } else {
      const request = taskRequest(task);
      const reason = unencodable(request, options.version);
      if (reason !== null) plan.unsendable.push({ task, reason });
      else plan.send = { tasks: [planned(task, request)], request };
    }
  }
  return plan;
}

function planned(task: OpenTask, request: RpcMessage): PlannedTask {
  const out: PlannedTask = { id: task.id, attempts: task.attempts, maxAttempts: task.maxAttempts };
  if (request.method === "GetParameterValues") out.parameterNames = request.parameterNames;
  return out;
}

// Adds the task to a batched GetParameterValues when it is one too and may be sent now.
function joins(
  send: NonNullable<TaskPlan["send"]>,
  task: OpenTask,
  options: PlanOptions,
): boolean {
  const request = send.request;
  if (request.method !== "GetParameterValues" || task.method !== "GetParameterValues") {
    return false;
  }
  if (send.tasks.length >= options.maxBatch || task.attempts >= task.maxAttempts) return false;
  if (task.expires !== null && task.expires <= options.now) return false;
  const next = taskRequest(task);
  if (next.method !== "GetParameterValues") return false;
  const names = new Set(request.parameterNames);
  const merged = [...request.parameterNames, ...next.parameterNames.filter((n) => !names.has(n))];
  send.request = { method: "GetParameterValues", parameterNames: merged };
  send.tasks.push(planned(task, next));
  return true;
}

function unencodable(request: RpcMessage, version: CwmpVersion): string | null {
  try {
    encodeEnvelope(request, { version });
    return null;
  } catch (error) {
    if (!(error instanceof LocalProtocolError)) throw error;
    return error.message;
  }
}
