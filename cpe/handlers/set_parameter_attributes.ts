/**
 * SetParameterAttributes on the CPE side (TR-069 A.3.2.4).
 *
 * @module
 */

import type {
  SetParameterAttributes,
  SetParameterAttributesResponse,
} from "../../protocol/rpc/set_parameter_attributes.ts";
import type { ModelStore } from "../model/store.ts";

/**
 * Answers SetParameterAttributes, all entries or none. A parameter named in full that refuses
 * the Notification asked for (an Inform-on-Change parameter turned off, active notification on
 * a statistic, any notification on a forced-inform parameter, a value above 2) fails the whole
 * request with 9009; under a partial path such parameters keep their setting.
 *
 * @throws {CwmpFault} 9005 unknown name, 9009 notification refused, 9003 unknown AccessList entity.
 *
 * @example Usage
 * ```ts
 * import { CwmpFault } from "../../protocol/errors.ts";
 * import { createDefaultModel } from "../model/factory.ts";
 * import { handleSetParameterAttributes } from "./set_parameter_attributes.ts";
 * const store = createDefaultModel("igd");
 * const entry = {
 *   name: "InternetGatewayDevice.DeviceInfo.UpTime", notificationChange: true,
 *   notification: 2 as const, accessListChange: false, accessList: [],
 * };
 * try {
 *   handleSetParameterAttributes({ method: "SetParameterAttributes", parameterList: [entry] }, store);
 *   throw new Error("unexpected");
 * } catch (e) {
 *   if (!(e instanceof CwmpFault) || e.faultCode !== 9009) throw e;
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.4 SetParameterAttributes
 */
export function handleSetParameterAttributes(
  request: SetParameterAttributes,
  store: ModelStore,
): SetParameterAttributesResponse {
  store.setAttributes(request.parameterList);
  return { method: "SetParameterAttributesResponse" };
}
