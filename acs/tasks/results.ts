/**
 * What a CPE's answer to a task means: the result each task keeps, whether a transfer is
 * still due, and the changes to the cached data model.
 *
 * @module
 */

import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import type { ParameterValueStruct } from "../../protocol/rpc/values.ts";
import type { CompletionRecord, ParameterEffect } from "../store/types.ts";

/** Requests whose work ends with a TransferComplete (or DUStateChangeComplete) later. */
export const TRANSFER_METHODS: ReadonlySet<string> = new Set([
  "Download",
  "Upload",
  "ScheduleDownload",
  "ChangeDUState",
]);

/**
 * The changes an answer makes to the device's cached data model:
 *
 * - GetParameterValuesResponse: the values read; for partial paths asked for, the subtree is
 *   now complete (rows not refreshed go, see `listed`).
 * - GetParameterNamesResponse: the names and whether they are writable.
 * - GetParameterAttributesResponse: notification and access list.
 * - SetParameterValuesResponse: the values set (spec A.3.2.1: validated and applied or
 *   committed), and the ParameterKey.
 * - SetParameterAttributesResponse: the attributes changed.
 * - AddObjectResponse: the new instance `Object.N.`, and the ParameterKey.
 * - DeleteObjectResponse: the instance and everything below it go; and the ParameterKey.
 *
 * @param request The task's request.
 * @param response The CPE's successful response.
 * @returns The changes, in order; empty for other methods.
 *
 * @example Usage
 * ```ts
 * import { effectsOf } from "./results.ts";
 * const [effect] = effectsOf(
 *   { method: "AddObject", objectName: "InternetGatewayDevice.Layer3Forwarding.Forwarding.", parameterKey: "" },
 *   { method: "AddObjectResponse", instanceNumber: 3, status: 0 },
 * );
 * if (effect?.kind !== "addObject" || effect.path !== "InternetGatewayDevice.Layer3Forwarding.Forwarding.3.") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2 CPE Methods
 */
export function effectsOf(request: CwmpMessage, response: CwmpMessage): ParameterEffect[] {
  if (response.method === "GetParameterValuesResponse") {
    const values: ParameterEffect = { kind: "values", values: response.parameterList };
    const partial = request.method === "GetParameterValues"
      ? request.parameterNames.filter((n) => n.endsWith("."))
      : [];
    return partial.length === 0 ? [values] : [values, { kind: "listed", paths: partial }];
  }
  if (response.method === "GetParameterNamesResponse") {
    return [{ kind: "names", names: response.parameterList }];
  }
  if (response.method === "GetParameterAttributesResponse") {
    return [{ kind: "attributes", attributes: response.parameterList }];
  }
  if (request.method === "SetParameterValues" && response.method === "SetParameterValuesResponse") {
    const key = parameterKeyValue(request.parameterList[0]?.name, request.parameterKey);
    return [{ kind: "values", values: [...request.parameterList, ...key] }];
  }
  if (
    request.method === "SetParameterAttributes" &&
    response.method === "SetParameterAttributesResponse"
  ) {
    const changes = request.parameterList.map((p) => ({
      name: p.name,
      notification: p.notificationChange ? p.notification : null,
      accessList: p.accessListChange ? p.accessList : null,
    }));
    return [{ kind: "setAttributes", changes }];
  }
  if (request.method === "AddObject" && response.method === "AddObjectResponse") {
    const key = parameterKeyValue(request.objectName, request.parameterKey);
    const path = `${request.objectName}${response.instanceNumber}.`;
    return [{ kind: "addObject", path }, { kind: "values", values: key }];
  }
  if (request.method === "DeleteObject" && response.method === "DeleteObjectResponse") {
    const key = parameterKeyValue(request.objectName, request.parameterKey);
    return [{ kind: "deleteObject", path: request.objectName }, { kind: "values", values: key }];
  }
  return [];
}

// The CPE sets ParameterKey to the request's key when it applies the change (spec A.3.2.1,
// A.3.2.6, A.3.2.7); its path is under the root object of the names the request used.
function parameterKeyValue(path: string | undefined, key: string): ParameterValueStruct[] {
  const root = path?.split(".")[0];
  if (root === undefined || root === "" || path === root) return [];
  return [{ name: `${root}.ManagementServer.ParameterKey`, type: "string", value: key }];
}

/**
 * Whether an answer leaves the task waiting for its TransferComplete: a Download or Upload
 * with status 1, a ScheduleDownload, a ChangeDUState (its DUStateChangeComplete).
 *
 * @example Usage
 * ```ts
 * import { awaitsTransfer } from "./results.ts";
 * const response = { method: "DownloadResponse", status: 1, startTime: "", completeTime: "" } as const;
 * if (!awaitsTransfer(response)) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.8 Download (Status) and A.3.3.2 TransferComplete
 */
export function awaitsTransfer(response: CwmpMessage): boolean {
  switch (response.method) {
    case "DownloadResponse":
    case "UploadResponse":
      return response.status !== 0;
    case "ScheduleDownloadResponse":
    case "ChangeDUStateResponse":
      return true;
    default:
      return false;
  }
}

/**
 * The completion of the tasks one answer settles. Batched GetParameterValues tasks each keep
 * the values under their own names; every other answer belongs to its one task.
 *
 * @param tasks The tasks the request was made of (one, or several batched GPV tasks), with the
 * parameter names each asked for.
 * @param request The request sent.
 * @param response The CPE's successful response.
 * @returns The record for `AcsStore.completeTasks`, without device and time.
 *
 * @example Two batched GetParameterValues tasks
 * ```ts
 * import { completionOf } from "./results.ts";
 * const done = completionOf(
 *   [{ id: 1, parameterNames: ["A.x"] }, { id: 2, parameterNames: ["B."] }],
 *   { method: "GetParameterValues", parameterNames: ["A.x", "B."] },
 *   {
 *     method: "GetParameterValuesResponse",
 *     parameterList: [
 *       { name: "A.x", type: "int", value: "1" },
 *       { name: "B.y", type: "int", value: "2" },
 *     ],
 *   },
 * );
 * const second = done.tasks[1]?.result as { parameterList: { name: string }[] };
 * if (second.parameterList[0]?.name !== "B.y") throw new Error("unexpected");
 * ```
 */
export function completionOf(
  tasks: readonly { id: number; parameterNames?: readonly string[] }[],
  request: CwmpMessage,
  response: CwmpMessage,
): Pick<CompletionRecord, "tasks" | "effects"> {
  const effects = effectsOf(request, response);
  if (tasks.length === 1 || response.method !== "GetParameterValuesResponse") {
    const awaitingTransfer = awaitsTransfer(response);
    return {
      effects,
      tasks: tasks.map((t) => ({ taskId: t.id, result: { ...response }, awaitingTransfer })),
    };
  }
  return {
    effects,
    tasks: tasks.map((t) => ({
      taskId: t.id,
      result: {
        method: response.method,
        parameterList: response.parameterList.filter((p) =>
          (t.parameterNames ?? []).some((name) => covers(name, p.name))
        ),
      },
      awaitingTransfer: false,
    })),
  };
}

// A name asked for covers itself; a partial path (ending in a dot, or "") covers what is below.
function covers(asked: string, name: string): boolean {
  return asked === name || ((asked === "" || asked.endsWith(".")) && name.startsWith(asked));
}
