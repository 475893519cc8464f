/**
 * What a CPE's answer to a task means for the parameter store.
 *
 * @module
 */

import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import type { ParameterValueStruct } from "../../protocol/rpc/values.ts";

/**
 * The parameter values an answer establishes: the values a GetParameterValuesResponse
 * carries, and the values a SetParameterValues applied (its response means they were
 * validated and applied or committed, spec A.3.2.1).
 *
 * @param request The task's request.
 * @param response The CPE's successful response.
 * @returns The values to store; empty for other methods.
 *
 * @example Usage
 * ```ts
 * import { parametersOfResponse } from "./results.ts";
 * const values = parametersOfResponse(
 *   { method: "GetParameterValues", parameterNames: ["A."] },
 *   { method: "GetParameterValuesResponse", parameterList: [{ name: "A.b", type: "int", value: "1" }] },
 * );
 * if (values[0]?.name !== "A.b") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.1 SetParameterValues and A.3.2.2 GetParameterValues
 */
export function parametersOfResponse(
  request: CwmpMessage,
  response: CwmpMessage,
): readonly ParameterValueStruct[] {
  if (response.method === "GetParameterValuesResponse") return response.parameterList;
  if (response.method === "SetParameterValuesResponse" && request.method === "SetParameterValues") {
    return request.parameterList;
  }
  return [];
}
