/**
 * SetParameterValues and its response (TR-069 A.3.2.1).
 *
 * @module
 */

import { optionalText, readParameterValues, requireChild } from "./_read.ts";
import { parameterValuesNode, textNode } from "./_build.ts";
import { APPLY_STATUSES, type ApplyStatus, integerNode, requireIntOf } from "./_structs.ts";
import type { Codec } from "./codec.ts";
import type { ParameterValueStruct } from "./values.ts";

/** SetParameterValues (spec A.3.2.1 Table 9). */
export interface SetParameterValues {
  method: "SetParameterValues";
  /** The parameters to set, atomically, with their typed values. */
  parameterList: ParameterValueStruct[];
  /** The new value of the ParameterKey parameter (at most 32 characters); may be empty. */
  parameterKey: string;
}

/** SetParameterValuesResponse (spec A.3.2.1 Table 10). */
export interface SetParameterValuesResponse {
  method: "SetParameterValuesResponse";
  /** 0: validated and applied; 1: validated and committed, applied later (e.g. after a reboot). */
  status: ApplyStatus;
}

/**
 * Codec of SetParameterValues. A missing ParameterKey is read as empty (the spec lets the
 * server leave it empty); a missing ParameterList throws.
 *
 * @example Usage
 * ```ts
 * import { setParameterValuesCodec } from "./set_parameter_values.ts";
 * const [list, key] = setParameterValuesCodec.encode({
 *   method: "SetParameterValues",
 *   parameterList: [
 *     { name: "InternetGatewayDevice.Time.NTPServer1", type: "string", value: "pool.ntp.org" },
 *   ],
 *   parameterKey: "job-7",
 * });
 * if (list?.children?.length !== 1 || key?.text !== "job-7") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.1 SetParameterValues
 */
export const setParameterValuesCodec: Codec<SetParameterValues> = {
  since: "1.0",
  encode(m) {
    return [
      parameterValuesNode("ParameterList", m.parameterList),
      textNode("ParameterKey", m.parameterKey),
    ];
  },
  decode(element, context) {
    requireChild(element, "ParameterList");
    return {
      method: "SetParameterValues",
      parameterList: readParameterValues(element, "ParameterList", context),
      parameterKey: optionalText(element, "ParameterKey"),
    };
  },
};

/**
 * Codec of SetParameterValuesResponse.
 *
 * @example Usage
 * ```ts
 * import { setParameterValuesResponseCodec } from "./set_parameter_values.ts";
 * const [status] = setParameterValuesResponseCodec.encode({
 *   method: "SetParameterValuesResponse",
 *   status: 1,
 * });
 * if (status?.name !== "Status" || status.text !== "1") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.1 SetParameterValues
 */
export const setParameterValuesResponseCodec: Codec<SetParameterValuesResponse> = {
  since: "1.0",
  encode(m) {
    return [integerNode("Status", m.status, { min: 0, max: 1 })];
  },
  decode(element) {
    return {
      method: "SetParameterValuesResponse",
      status: requireIntOf(element, "Status", APPLY_STATUSES),
    };
  },
};
