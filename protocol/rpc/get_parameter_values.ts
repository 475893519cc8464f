/**
 * GetParameterValues and its response (TR-069 A.3.2.2).
 *
 * @module
 */

import { readParameterValues, stringArray } from "./_read.ts";
import { parameterValuesNode, stringArrayNode } from "./_build.ts";
import type { Codec } from "./codec.ts";
import { LocalProtocolError } from "../errors.ts";
import type { ParameterValueStruct } from "./values.ts";

/** GetParameterValues (spec A.3.2.2 Table 12): full names or partial paths ending in a dot. */
export interface GetParameterValues {
  method: "GetParameterValues";
  parameterNames: string[];
}

/** GetParameterValuesResponse (spec A.3.2.2 Table 13). */
export interface GetParameterValuesResponse {
  method: "GetParameterValuesResponse";
  parameterList: ParameterValueStruct[];
}

/**
 * Codec of GetParameterValues.
 *
 * @example Usage
 * ```ts
 * import { getParameterValuesCodec } from "./get_parameter_values.ts";
 * const [names] = getParameterValuesCodec.encode({
 *   method: "GetParameterValues",
 *   parameterNames: ["InternetGatewayDevice.DeviceInfo."],
 * });
 * if (names?.attributes?.["SOAP-ENC:arrayType"] !== "xsd:string[1]") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.2 GetParameterValues
 */
export const getParameterValuesCodec: Codec<GetParameterValues> = {
  since: "1.0",
  encode(m) {
    // The schema requires at least one name; an empty request would also mean nothing to a CPE.
    if (m.parameterNames.length === 0) {
      throw new LocalProtocolError("Cannot encode GetParameterValues: ParameterNames is empty");
    }
    return [stringArrayNode("ParameterNames", m.parameterNames)];
  },
  decode(element) {
    return {
      method: "GetParameterValues",
      parameterNames: stringArray(element, "ParameterNames").map((n) => n.trim()),
    };
  },
};

/**
 * Codec of GetParameterValuesResponse.
 *
 * @example Usage
 * ```ts
 * import { getParameterValuesResponseCodec } from "./get_parameter_values.ts";
 * const [list] = getParameterValuesResponseCodec.encode({
 *   method: "GetParameterValuesResponse",
 *   parameterList: [{ name: "A.B", type: "unsignedInt", value: "5" }],
 * });
 * if (list?.children?.length !== 1) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.2 GetParameterValues
 */
export const getParameterValuesResponseCodec: Codec<GetParameterValuesResponse> = {
  since: "1.0",
  encode(m) {
    return [parameterValuesNode("ParameterList", m.parameterList)];
  },
  decode(element, context) {
    return {
      method: "GetParameterValuesResponse",
      parameterList: readParameterValues(element, "ParameterList", context),
    };
  },
};
