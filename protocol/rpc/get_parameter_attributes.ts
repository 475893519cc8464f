/**
 * GetParameterAttributes and its response (TR-069 A.3.2.5).
 *
 * @module
 */

import { requireText } from "./_read.ts";
import { arrayNode, stringArrayNode, textNode } from "./_build.ts";
import {
  accessListNode,
  type Notification,
  notificationNode,
  readAccessList,
  requireArrayItems,
  requireItems,
  requireNames,
  requireNotification,
} from "./_structs.ts";
import type { Codec } from "./codec.ts";

/** GetParameterAttributes (spec A.3.2.5 Table 20). */
export interface GetParameterAttributes {
  method: "GetParameterAttributes";
  /** Full names or partial paths ending in a dot ("" for the whole tree); at least one. */
  parameterNames: string[];
}

/** ParameterAttributeStruct (spec A.3.2.5 Table 22). */
export interface ParameterAttributeStruct {
  name: string;
  /** 0 off, 1 passive, 2 active; 3 to 6 only in cwmp-1-2 (see {@link Notification}). */
  notification: Notification;
  /** Entities besides the ACS that may write the parameter: `Subscriber` or none. */
  accessList: string[];
}

/** GetParameterAttributesResponse (spec A.3.2.5 Table 21). */
export interface GetParameterAttributesResponse {
  method: "GetParameterAttributesResponse";
  parameterList: ParameterAttributeStruct[];
}

/**
 * Codec of GetParameterAttributes. Names are trimmed on decode.
 *
 * @example Usage
 * ```ts
 * import { getParameterAttributesCodec } from "./get_parameter_attributes.ts";
 * const [names] = getParameterAttributesCodec.encode({
 *   method: "GetParameterAttributes",
 *   parameterNames: ["InternetGatewayDevice.DeviceInfo.SoftwareVersion"],
 * });
 * if (names?.attributes?.["SOAP-ENC:arrayType"] !== "xsd:string[1]") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.5 GetParameterAttributes
 */
export const getParameterAttributesCodec: Codec<GetParameterAttributes> = {
  since: "1.0",
  encode(m) {
    return [
      stringArrayNode(
        "ParameterNames",
        requireItems("GetParameterAttributes", "ParameterNames", m.parameterNames),
      ),
    ];
  },
  decode(element) {
    return {
      method: "GetParameterAttributes",
      parameterNames: requireNames(element, "ParameterNames"),
    };
  },
};

/**
 * Codec of GetParameterAttributesResponse. On decode Name and Notification are required, a
 * missing AccessList is empty, and `subscriber` in any case reads as `Subscriber`.
 *
 * @example Usage
 * ```ts
 * import { getParameterAttributesResponseCodec } from "./get_parameter_attributes.ts";
 * const [list] = getParameterAttributesResponseCodec.encode({
 *   method: "GetParameterAttributesResponse",
 *   parameterList: [{ name: "A.B", notification: 1, accessList: ["Subscriber"] }],
 * });
 * const struct = list?.children?.[0];
 * if (struct?.children?.[1]?.text !== "1") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.5 GetParameterAttributes
 */
export const getParameterAttributesResponseCodec: Codec<GetParameterAttributesResponse> = {
  since: "1.0",
  encode(m, context) {
    return [
      arrayNode(
        "ParameterList",
        "cwmp:ParameterAttributeStruct",
        m.parameterList.map((p) => ({
          name: "ParameterAttributeStruct",
          children: [
            textNode("Name", p.name),
            notificationNode(p.notification, context),
            accessListNode(p.accessList),
          ],
        })),
      ),
    ];
  },
  decode(element, context) {
    return {
      method: "GetParameterAttributesResponse",
      parameterList: requireArrayItems(element, "ParameterList").map((item) => ({
        name: requireText(item, "Name").trim(),
        notification: requireNotification(item),
        accessList: readAccessList(item, context),
      })),
    };
  },
};
