/**
 * GetParameterNames and its response (TR-069 A.3.2.3): discovering the parameters of a CPE.
 *
 * @module
 */

import { requireBoolean, requireText } from "./_read.ts";
import { arrayNode, booleanNode, textNode } from "./_build.ts";
import { requireArrayItems } from "./_structs.ts";
import type { Codec } from "./codec.ts";

/** GetParameterNames (spec A.3.2.3 Table 14). */
export interface GetParameterNames {
  method: "GetParameterNames";
  /** A full parameter name, a partial path ending in a dot, or "" for the top of the tree. */
  parameterPath: string;
  /** True: only the names one level below the path; false: every name below it. */
  nextLevel: boolean;
}

/** ParameterInfoStruct (spec A.3.2.3 Table 16). */
export interface ParameterInfoStruct {
  /** A parameter name, or a partial path ending in a dot for an object. */
  name: string;
  /** Whether SetParameterValues may write it (for an object: whether AddObject/DeleteObject apply). */
  writable: boolean;
}

/** GetParameterNamesResponse (spec A.3.2.3 Table 15). */
export interface GetParameterNamesResponse {
  method: "GetParameterNamesResponse";
  parameterList: ParameterInfoStruct[];
}

/**
 * Codec of GetParameterNames. ParameterPath is trimmed on decode; NextLevel is required
 * (`0`, `1`, `true`, `false` in any case).
 *
 * @example Usage
 * ```ts
 * import { getParameterNamesCodec } from "./get_parameter_names.ts";
 * const [path, next] = getParameterNamesCodec.encode({
 *   method: "GetParameterNames",
 *   parameterPath: "InternetGatewayDevice.LANDevice.",
 *   nextLevel: true,
 * });
 * if (path?.text !== "InternetGatewayDevice.LANDevice." || next?.text !== "true") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.3 GetParameterNames
 */
export const getParameterNamesCodec: Codec<GetParameterNames> = {
  since: "1.0",
  encode(m) {
    return [textNode("ParameterPath", m.parameterPath), booleanNode("NextLevel", m.nextLevel)];
  },
  decode(element) {
    return {
      method: "GetParameterNames",
      parameterPath: requireText(element, "ParameterPath").trim(),
      nextLevel: requireBoolean(element, "NextLevel"),
    };
  },
};

/**
 * Codec of GetParameterNamesResponse. Names are trimmed and Writable read leniently on decode.
 *
 * @example Usage
 * ```ts
 * import { getParameterNamesResponseCodec } from "./get_parameter_names.ts";
 * const [list] = getParameterNamesResponseCodec.encode({
 *   method: "GetParameterNamesResponse",
 *   parameterList: [{ name: "InternetGatewayDevice.DeviceInfo.", writable: false }],
 * });
 * if (list?.attributes?.["SOAP-ENC:arrayType"] !== "cwmp:ParameterInfoStruct[1]") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.3 GetParameterNames
 */
export const getParameterNamesResponseCodec: Codec<GetParameterNamesResponse> = {
  since: "1.0",
  encode(m) {
    return [
      arrayNode(
        "ParameterList",
        "cwmp:ParameterInfoStruct",
        m.parameterList.map((p) => ({
          name: "ParameterInfoStruct",
          children: [textNode("Name", p.name), booleanNode("Writable", p.writable)],
        })),
      ),
    ];
  },
  decode(element) {
    return {
      method: "GetParameterNamesResponse",
      parameterList: requireArrayItems(element, "ParameterList").map((item) => ({
        name: requireText(item, "Name").trim(),
        writable: requireBoolean(item, "Writable"),
      })),
    };
  },
};
