/**
 * GetParameterAttributes on the CPE side (TR-069 A.3.2.5).
 *
 * @module
 */

import type {
  GetParameterAttributes,
  GetParameterAttributesResponse,
} from "../../protocol/rpc/get_parameter_attributes.ts";
import type { ModelStore } from "../model/store.ts";

/**
 * Answers GetParameterAttributes: Notification and AccessList of each named parameter, or of
 * every parameter below a partial path.
 *
 * @throws {CwmpFault} 9005 for a name that does not exist.
 *
 * @example Usage
 * ```ts
 * import { createDefaultModel } from "../model/factory.ts";
 * import { handleGetParameterAttributes } from "./get_parameter_attributes.ts";
 * const response = handleGetParameterAttributes({
 *   method: "GetParameterAttributes",
 *   parameterNames: ["InternetGatewayDevice.DeviceInfo.SoftwareVersion"],
 * }, createDefaultModel("igd"));
 * // Inform on Change (spec Table 33): always active.
 * if (response.parameterList[0]?.notification !== 2) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.5 GetParameterAttributes
 */
export function handleGetParameterAttributes(
  request: GetParameterAttributes,
  store: ModelStore,
): GetParameterAttributesResponse {
  return {
    method: "GetParameterAttributesResponse",
    parameterList: store.getAttributes(request.parameterNames),
  };
}
