/**
 * SetParameterAttributes and its response (TR-069 A.3.2.4): notification and access list of
 * parameters.
 *
 * @module
 */

import type { XmlElement } from "../xml/types.ts";
import { findChild, optionalBoolean, requireText } from "./_read.ts";
import { arrayNode, booleanNode, textNode } from "./_build.ts";
import {
  accessListNode,
  type Notification,
  notificationNode,
  readAccessList,
  requireArrayItems,
  requireItems,
  requireNotification,
} from "./_structs.ts";
import type { Codec, DecodeContext } from "./codec.ts";

/** SetParameterAttributesStruct (spec A.3.2.4 Table 19). */
export interface SetParameterAttributesStruct {
  /** A parameter name, a partial path ending in a dot, or "" for the whole tree. */
  name: string;
  /** Whether `notification` replaces the current setting. */
  notificationChange: boolean;
  /** 0 off, 1 passive, 2 active; 3 to 6 only in cwmp-1-2 (see {@link Notification}). */
  notification: Notification;
  /** Whether `accessList` replaces the current access list. */
  accessListChange: boolean;
  /** Entities besides the ACS that may write the parameter: `Subscriber` or none. */
  accessList: string[];
}

/** SetParameterAttributes (spec A.3.2.4 Table 17). */
export interface SetParameterAttributes {
  method: "SetParameterAttributes";
  /** At least one entry. */
  parameterList: SetParameterAttributesStruct[];
}

/** SetParameterAttributesResponse (spec A.3.2.4 Table 18): no arguments. */
export interface SetParameterAttributesResponse {
  method: "SetParameterAttributesResponse";
}

/**
 * Codec of SetParameterAttributes. On decode a missing NotificationChange (AccessListChange)
 * is true exactly when Notification (AccessList) is present, so an omitted flag neither
 * discards a sent value nor invents one; a missing Notification is 0, a missing AccessList
 * empty. Name is required and trimmed.
 *
 * @example Usage
 * ```ts
 * import { setParameterAttributesCodec } from "./set_parameter_attributes.ts";
 * const [list] = setParameterAttributesCodec.encode({
 *   method: "SetParameterAttributes",
 *   parameterList: [{
 *     name: "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
 *     notificationChange: true,
 *     notification: 2,
 *     accessListChange: false,
 *     accessList: [],
 *   }],
 * });
 * const fields = list?.children?.[0]?.children?.map((c) => c.name).join(" ");
 * if (fields !== "Name NotificationChange Notification AccessListChange AccessList") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.4 SetParameterAttributes
 */
export const setParameterAttributesCodec: Codec<SetParameterAttributes> = {
  since: "1.0",
  encode(m, context) {
    const list = requireItems("SetParameterAttributes", "ParameterList", m.parameterList);
    return [
      arrayNode(
        "ParameterList",
        "cwmp:SetParameterAttributesStruct",
        list.map((p) => ({
          name: "SetParameterAttributesStruct",
          children: [
            textNode("Name", p.name),
            booleanNode("NotificationChange", p.notificationChange),
            notificationNode(p.notification, context),
            booleanNode("AccessListChange", p.accessListChange),
            accessListNode(p.accessList),
          ],
        })),
      ),
    ];
  },
  decode(element, context) {
    return {
      method: "SetParameterAttributes",
      parameterList: requireArrayItems(element, "ParameterList").map((item) =>
        readStruct(item, context)
      ),
    };
  },
};

function readStruct(item: XmlElement, context: DecodeContext): SetParameterAttributesStruct {
  const hasNotification = findChild(item, "Notification") !== undefined;
  const hasAccessList = findChild(item, "AccessList") !== undefined;
  return {
    name: requireText(item, "Name").trim(),
    notificationChange: optionalBoolean(item, "NotificationChange", hasNotification),
    notification: hasNotification ? requireNotification(item) : 0,
    accessListChange: optionalBoolean(item, "AccessListChange", hasAccessList),
    accessList: readAccessList(item, context),
  };
}

/**
 * Codec of SetParameterAttributesResponse.
 *
 * @example Usage
 * ```ts
 * import { setParameterAttributesResponseCodec } from "./set_parameter_attributes.ts";
 * const m = setParameterAttributesResponseCodec.encode({ method: "SetParameterAttributesResponse" });
 * if (m.length !== 0) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.4 SetParameterAttributes
 */
export const setParameterAttributesResponseCodec: Codec<SetParameterAttributesResponse> = {
  since: "1.0",
  encode() {
    return [];
  },
  decode() {
    return { method: "SetParameterAttributesResponse" };
  },
};
