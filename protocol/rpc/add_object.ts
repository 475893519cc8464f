/**
 * AddObject and its response (TR-069 A.3.2.6): creating an instance of a multi-instance object.
 *
 * @module
 */

import { optionalText, requireText } from "./_read.ts";
import { textNode } from "./_build.ts";
import {
  APPLY_STATUSES,
  type ApplyStatus,
  integerNode,
  MAX_UNSIGNED_INT,
  objectNameNode,
  requireIntIn,
  requireIntOf,
} from "./_structs.ts";
import type { Codec } from "./codec.ts";

/** AddObject (spec A.3.2.6 Table 23). */
export interface AddObject {
  method: "AddObject";
  /** The path of the object collection, ending in a dot, e.g. `...WANPPPConnection.`. */
  objectName: string;
  /** The new value of the ParameterKey parameter (at most 32 characters); may be empty. */
  parameterKey: string;
}

/** AddObjectResponse (spec A.3.2.6 Table 24). */
export interface AddObjectResponse {
  method: "AddObjectResponse";
  /** The instance number the CPE assigned, 1 or more. */
  instanceNumber: number;
  /** 0: created; 1: validated and committed, applied later. */
  status: ApplyStatus;
}

/**
 * Codec of AddObject. ObjectName is required and trimmed on decode; a missing ParameterKey
 * reads as empty. Encoding refuses an ObjectName without its final dot.
 *
 * @example Usage
 * ```ts
 * import { addObjectCodec } from "./add_object.ts";
 * const [name, key] = addObjectCodec.encode({
 *   method: "AddObject",
 *   objectName: "InternetGatewayDevice.Layer3Forwarding.Forwarding.",
 *   parameterKey: "",
 * });
 * if (name?.name !== "ObjectName" || key?.text !== "") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.6 AddObject
 */
export const addObjectCodec: Codec<AddObject> = {
  since: "1.0",
  encode(m) {
    return [objectNameNode(m.objectName), textNode("ParameterKey", m.parameterKey)];
  },
  decode(element) {
    return {
      method: "AddObject",
      objectName: requireText(element, "ObjectName").trim(),
      parameterKey: optionalText(element, "ParameterKey"),
    };
  },
};

/**
 * Codec of AddObjectResponse.
 *
 * @example Usage
 * ```ts
 * import { addObjectResponseCodec } from "./add_object.ts";
 * const [instance, status] = addObjectResponseCodec.encode({
 *   method: "AddObjectResponse",
 *   instanceNumber: 3,
 *   status: 0,
 * });
 * if (instance?.text !== "3" || status?.text !== "0") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.6 AddObject
 */
export const addObjectResponseCodec: Codec<AddObjectResponse> = {
  since: "1.0",
  encode(m) {
    return [
      integerNode("InstanceNumber", m.instanceNumber, { min: 1, max: MAX_UNSIGNED_INT }),
      integerNode("Status", m.status, { min: 0, max: 1 }),
    ];
  },
  decode(element) {
    return {
      method: "AddObjectResponse",
      instanceNumber: requireIntIn(element, "InstanceNumber", { min: 1, max: MAX_UNSIGNED_INT }),
      status: requireIntOf(element, "Status", APPLY_STATUSES),
    };
  },
};
