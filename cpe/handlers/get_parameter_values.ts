/**
 * GetParameterValues on the CPE side (TR-069 A.3.2.2).
 *
 * @module
 */

import type {
  GetParameterValues,
  GetParameterValuesResponse,
} from "../../protocol/rpc/get_parameter_values.ts";
import type { ModelStore } from "../model/store.ts";

/**
 * Answers GetParameterValues: each name is a parameter, a partial path (every parameter below
 * it) or "" (every parameter); values come from the backend where it has them, hidden ones
 * (passwords) read as empty strings.
 *
 * @throws {CwmpFault} 9005 for a name that does not exist.
 *
 * @example Usage
 * ```ts
 * import { createDefaultModel } from "../model/factory.ts";
 * import { handleGetParameterValues } from "./get_parameter_values.ts";
 * const store = createDefaultModel("igd", { serialNumber: "SN1" });
 * const response = await handleGetParameterValues({
 *   method: "GetParameterValues",
 *   parameterNames: ["InternetGatewayDevice.DeviceInfo.SerialNumber"],
 * }, store);
 * if (response.parameterList[0]?.value !== "SN1") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.2 GetParameterValues
 */
export async function handleGetParameterValues(
  request: GetParameterValues,
  store: ModelStore,
): Promise<GetParameterValuesResponse> {
  const parameterList = await store.readValues(request.parameterNames);
  return { method: "GetParameterValuesResponse", parameterList };
}
