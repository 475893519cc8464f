/**
 * GetRPCMethods on the CPE side (TR-069 A.3.1.1).
 *
 * @module
 */

import type { GetRPCMethods, GetRPCMethodsResponse } from "../../protocol/rpc/get_rpc_methods.ts";
import type { ModelStore } from "../model/store.ts";

/**
 * The methods the CPE agent answers: the baseline of spec 3.6 Table 4 plus the optional ones the
 * agent implements (FactoryReset, Upload, GetQueuedTransfers, ScheduleInform, and from later
 * amendments GetOptions and SetVouchers).
 */
export const CPE_RPC_METHODS: readonly string[] = Object.freeze([
  "GetRPCMethods",
  "SetParameterValues",
  "GetParameterValues",
  "GetParameterNames",
  "SetParameterAttributes",
  "GetParameterAttributes",
  "AddObject",
  "DeleteObject",
  "Reboot",
  "Download",
  "Upload",
  "FactoryReset",
  "GetQueuedTransfers",
  "ScheduleInform",
  "SetVouchers",
  "GetOptions",
]);

/**
 * Answers GetRPCMethods with `options.methods` (default {@link CPE_RPC_METHODS}).
 *
 * @example Usage
 * ```ts
 * import { createDefaultModel } from "../model/factory.ts";
 * import { handleGetRPCMethods } from "./get_rpc_methods.ts";
 * const response = handleGetRPCMethods({ method: "GetRPCMethods" }, createDefaultModel("igd"));
 * if (!response.methodList.includes("AddObject")) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.1.1 GetRPCMethods
 */
export function handleGetRPCMethods(
  _request: GetRPCMethods,
  _store: ModelStore,
  options: { methods?: readonly string[] } = {},
): GetRPCMethodsResponse {
  return { method: "GetRPCMethodsResponse", methodList: [...(options.methods ?? CPE_RPC_METHODS)] };
}
