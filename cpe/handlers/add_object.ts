/**
 * AddObject on the CPE side (TR-069 A.3.2.6).
 *
 * @module
 */

import type { AddObject, AddObjectResponse } from "../../protocol/rpc/add_object.ts";
import type { ModelStore } from "../model/store.ts";

/**
 * Answers AddObject: a new instance with default values, Notification 0 and AccessList of all
 * entities, numbered with a number the table never used; the ParameterKey is set on success.
 *
 * @throws {CwmpFault} 9005 not a multi-instance object, 9001 read-only table, 9004 table full.
 *
 * @example Usage
 * ```ts
 * import { createDefaultModel } from "../model/factory.ts";
 * import { handleAddObject } from "./add_object.ts";
 * const store = createDefaultModel("igd");
 * const response = handleAddObject({
 *   method: "AddObject",
 *   objectName: "InternetGatewayDevice.LANDevice.1.LANHostConfigManagement.IPInterface.",
 *   parameterKey: "k1",
 * }, store);
 * if (response.instanceNumber !== 2 || store.parameterKey !== "k1") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.6 AddObject
 */
export function handleAddObject(request: AddObject, store: ModelStore): AddObjectResponse {
  const instanceNumber = store.addObject(request.objectName, {
    source: "acs",
    parameterKey: request.parameterKey,
  });
  return { method: "AddObjectResponse", instanceNumber, status: 0 };
}
