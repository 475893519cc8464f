/**
 * AutonomousDUStateChangeComplete and its response (TR-069 Amendment 3, A.4.2.4): the CPE
 * reports Deployment Unit changes the ACS did not ask for.
 *
 * @module
 */

import { RemoteProtocolError } from "../errors.ts";
import { textNode } from "./_build.ts";
import {
  opResultNodes,
  type OpResultStruct,
  readOpResult,
  repeatedItems,
  requireTrimmed,
} from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

/** AutonOpResultStruct (cwmp-1-2): an {@link OpResultStruct} with the operation performed. */
export interface AutonOpResultStruct extends OpResultStruct {
  /** `Install`, `Update`, `Uninstall`, or a vendor-specific operation. */
  operationPerformed: string;
}

/** AutonomousDUStateChangeComplete (cwmp-1-2). */
export interface AutonomousDUStateChangeComplete {
  method: "AutonomousDUStateChangeComplete";
  /** At least one. */
  results: AutonOpResultStruct[];
}

/** AutonomousDUStateChangeCompleteResponse: no arguments. */
export interface AutonomousDUStateChangeCompleteResponse {
  method: "AutonomousDUStateChangeCompleteResponse";
}

/**
 * Codec of AutonomousDUStateChangeComplete. cwmp-1-2.xsd repeats a `Results` element per
 * result; the SOAP-array form (one `Results` wrapping `AutonOpResultStruct` items) is read too.
 *
 * @example Usage
 * ```ts
 * import { autonomousDuStateChangeCompleteCodec } from "./autonomous_du_state_change_complete.ts";
 * const [result] = autonomousDuStateChangeCompleteCodec.encode({
 *   method: "AutonomousDUStateChangeComplete",
 *   results: [{
 *     uuid: "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
 *     deploymentUnitRef: "Device.SoftwareModules.DeploymentUnit.1",
 *     version: "",
 *     currentState: "Uninstalled",
 *     resolved: false,
 *     executionUnitRefList: [],
 *     startTime: "0001-01-01T00:00:00Z",
 *     completeTime: "2026-01-01T10:01:00Z",
 *     fault: { faultCode: 0, faultString: "" },
 *     operationPerformed: "Uninstall",
 *   }],
 * });
 * if (result?.children?.at(-1)?.name !== "OperationPerformed") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 3, A.4.2.4 AutonomousDUStateChangeComplete
 */
export const autonomousDuStateChangeCompleteCodec: Codec<AutonomousDUStateChangeComplete> = {
  since: "1.2",
  encode(m) {
    return m.results.map((r) => ({
      name: "Results",
      children: [...opResultNodes(r), textNode("OperationPerformed", r.operationPerformed)],
    }));
  },
  decode(element, context) {
    const items = repeatedItems(element, "Results", ["AutonOpResultStruct"]);
    if (items.length === 0) {
      throw new RemoteProtocolError(
        "Cannot decode AutonomousDUStateChangeComplete: missing Results",
      );
    }
    return {
      method: "AutonomousDUStateChangeComplete",
      results: items.map((item) => ({
        ...readOpResult(item, context),
        operationPerformed: requireTrimmed(item, "OperationPerformed"),
      })),
    };
  },
};

/**
 * Codec of AutonomousDUStateChangeCompleteResponse.
 *
 * @example Usage
 * ```ts
 * import { autonomousDuStateChangeCompleteResponseCodec } from "./autonomous_du_state_change_complete.ts";
 * if (autonomousDuStateChangeCompleteResponseCodec.since !== "1.2") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 3, A.4.2.4 AutonomousDUStateChangeComplete
 */
export const autonomousDuStateChangeCompleteResponseCodec: Codec<
  AutonomousDUStateChangeCompleteResponse
> = {
  since: "1.2",
  encode() {
    return [];
  },
  decode() {
    return { method: "AutonomousDUStateChangeCompleteResponse" };
  },
};
