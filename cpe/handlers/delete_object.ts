/**
 * DeleteObject on the CPE side (TR-069 A.3.2.7).
 *
 * @module
 */

import type { DeleteObject, DeleteObjectResponse } from "../../protocol/rpc/delete_object.ts";
import type { ModelStore } from "../model/store.ts";

/**
 * Answers DeleteObject: the instance and everything below it go; the other instances keep their
 * numbers; the ParameterKey is set on success.
 *
 * @throws {CwmpFault} 9005 not an object instance, 9001 read-only table or at its minimum.
 *
 * @example Usage
 * ```ts
 * import { createDefaultModel } from "../model/factory.ts";
 * import { handleDeleteObject } from "./delete_object.ts";
 * const store = createDefaultModel("igd");
 * const path = "InternetGatewayDevice.LANDevice.1.LANHostConfigManagement.IPInterface.1.";
 * handleDeleteObject({ method: "DeleteObject", objectName: path, parameterKey: "k2" }, store);
 * if (store.kindOf(path) !== undefined) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.7 DeleteObject
 */
export function handleDeleteObject(request: DeleteObject, store: ModelStore): DeleteObjectResponse {
  store.deleteObject(request.objectName, { source: "acs", parameterKey: request.parameterKey });
  return { method: "DeleteObjectResponse", status: 0 };
}
