/**
 * GetParameterNames on the CPE side (TR-069 A.3.2.3).
 *
 * @module
 */

import type {
  GetParameterNames,
  GetParameterNamesResponse,
} from "../../protocol/rpc/get_parameter_names.ts";
import type { ModelStore } from "../model/store.ts";

/**
 * Answers GetParameterNames. NextLevel false lists the named parameter, or the named object and
 * everything below it ("" the whole tree); NextLevel true lists what is one level below a
 * partial path (for "" the root object). Objects appear as partial paths; Writable of a table
 * or instance says whether AddObject or DeleteObject applies.
 *
 * @throws {CwmpFault} 9005 unknown name, 9003 NextLevel true with a parameter name.
 *
 * @example Usage
 * ```ts
 * import { createDefaultModel } from "../model/factory.ts";
 * import { handleGetParameterNames } from "./get_parameter_names.ts";
 * const response = handleGetParameterNames(
 *   { method: "GetParameterNames", parameterPath: "", nextLevel: true },
 *   createDefaultModel("igd"),
 * );
 * if (response.parameterList[0]?.name !== "InternetGatewayDevice.") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.3 GetParameterNames
 */
export function handleGetParameterNames(
  request: GetParameterNames,
  store: ModelStore,
): GetParameterNamesResponse {
  return {
    method: "GetParameterNamesResponse",
    parameterList: store.names(request.parameterPath, request.nextLevel),
  };
}
