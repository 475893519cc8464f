/**
 * DeleteObject and its response (TR-069 A.3.2.7): removing one instance of an object.
 *
 * @module
 */

import { optionalText, requireText } from "./_read.ts";
import { textNode } from "./_build.ts";
import {
  APPLY_STATUSES,
  type ApplyStatus,
  integerNode,
  objectNameNode,
  requireIntOf,
} from "./_structs.ts";
import type { Codec } from "./codec.ts";

/** DeleteObject (spec A.3.2.7 Table 25). */
export interface DeleteObject {
  method: "DeleteObject";
  /** The path of the instance, ending in a dot after the instance number, e.g. `...Forwarding.2.`. */
  objectName: string;
  /** The new value of the ParameterKey parameter (at most 32 characters); may be empty. */
  parameterKey: string;
}

/** DeleteObjectResponse (spec A.3.2.7 Table 26). */
export interface DeleteObjectResponse {
  method: "DeleteObjectResponse";
  /** 0: deleted; 1: validated and committed, applied later. */
  status: ApplyStatus;
}

/**
 * Codec of DeleteObject. ObjectName is required and trimmed on decode; a missing
 * ParameterKey reads as empty. Encoding refuses an ObjectName without its final dot.
 *
 * @example Usage
 * ```ts
 * import { deleteObjectCodec } from "./delete_object.ts";
 * const [name, key] = deleteObjectCodec.encode({
 *   method: "DeleteObject",
 *   objectName: "InternetGatewayDevice.Layer3Forwarding.Forwarding.2.",
 *   parameterKey: "k1",
 * });
 * if (name?.text !== "InternetGatewayDevice.Layer3Forwarding.Forwarding.2." || key?.text !== "k1") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.7 DeleteObject
 */
export const deleteObjectCodec: Codec<DeleteObject> = {
  since: "1.0",
  encode(m) {
    return [objectNameNode(m.objectName), textNode("ParameterKey", m.parameterKey)];
  },
  decode(element) {
    return {
      method: "DeleteObject",
      objectName: requireText(element, "ObjectName").trim(),
      parameterKey: optionalText(element, "ParameterKey"),
    };
  },
};

/**
 * Codec of DeleteObjectResponse.
 *
 * @example Usage
 * ```ts
 * import { deleteObjectResponseCodec } from "./delete_object.ts";
 * const [status] = deleteObjectResponseCodec.encode({ method: "DeleteObjectResponse", status: 0 });
 * if (status?.text !== "0") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.7 DeleteObject
 */
export const deleteObjectResponseCodec: Codec<DeleteObjectResponse> = {
  since: "1.0",
  encode(m) {
    return [integerNode("Status", m.status, { min: 0, max: 1 })];
  },
  decode(element) {
    return {
      method: "DeleteObjectResponse",
      status: requireIntOf(element, "Status", APPLY_STATUSES),
    };
  },
};
