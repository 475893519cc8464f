/**
 * DUStateChangeComplete and its response (TR-069 Amendment 3, A.4.2.3): the CPE reports the
 * results of the operations of an earlier ChangeDUState.
 *
 * @module
 */

import { RemoteProtocolError } from "../errors.ts";
import { optionalText } from "./_read.ts";
import { textNode } from "./_build.ts";
import {
  opResultNodes,
  type OpResultStruct,
  readOpResult,
  repeatedItems,
} from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

export type {
  DeploymentUnitFaultStruct,
  DeploymentUnitState,
  OpResultStruct,
} from "./_transfer_structs.ts";

/** DUStateChangeComplete (cwmp-1-2). */
export interface DUStateChangeComplete {
  method: "DUStateChangeComplete";
  /** One result per operation, in the order of the ChangeDUState operations; at least one. */
  results: OpResultStruct[];
  /** The CommandKey of the ChangeDUState. */
  commandKey: string;
}

/** DUStateChangeCompleteResponse: no arguments. */
export interface DUStateChangeCompleteResponse {
  method: "DUStateChangeCompleteResponse";
}

/**
 * Codec of DUStateChangeComplete. cwmp-1-2.xsd repeats a `Results` element per result; the
 * SOAP-array form (one `Results` wrapping `OpResultStruct` items) is read too.
 *
 * @example Usage
 * ```ts
 * import { duStateChangeCompleteCodec } from "./du_state_change_complete.ts";
 * const [result, key] = duStateChangeCompleteCodec.encode({
 *   method: "DUStateChangeComplete",
 *   results: [{
 *     uuid: "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
 *     deploymentUnitRef: "Device.SoftwareModules.DeploymentUnit.1",
 *     version: "1.0",
 *     currentState: "Installed",
 *     resolved: true,
 *     executionUnitRefList: ["Device.SoftwareModules.ExecutionUnit.1"],
 *     startTime: "2026-01-01T10:00:00Z",
 *     completeTime: "2026-01-01T10:01:00Z",
 *     fault: { faultCode: 0, faultString: "" },
 *   }],
 *   commandKey: "du-1",
 * });
 * if (result?.name !== "Results" || key?.name !== "CommandKey") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 3, A.4.2.3 DUStateChangeComplete
 */
export const duStateChangeCompleteCodec: Codec<DUStateChangeComplete> = {
  since: "1.2",
  encode(m) {
    return [
      ...m.results.map((r) => ({ name: "Results", children: opResultNodes(r) })),
      textNode("CommandKey", m.commandKey),
    ];
  },
  decode(element, context) {
    const items = repeatedItems(element, "Results", ["OpResultStruct"]);
    if (items.length === 0) {
      throw new RemoteProtocolError("Cannot decode DUStateChangeComplete: missing Results");
    }
    return {
      method: "DUStateChangeComplete",
      results: items.map((item) => readOpResult(item, context)),
      commandKey: optionalText(element, "CommandKey"),
    };
  },
};

/**
 * Codec of DUStateChangeCompleteResponse.
 *
 * @example Usage
 * ```ts
 * import { duStateChangeCompleteResponseCodec } from "./du_state_change_complete.ts";
 * if (duStateChangeCompleteResponseCodec.since !== "1.2") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 3, A.4.2.3 DUStateChangeComplete
 */
export const duStateChangeCompleteResponseCodec: Codec<DUStateChangeCompleteResponse> = {
  since: "1.2",
  encode() {
    return [];
  },
  decode() {
    return { method: "DUStateChangeCompleteResponse" };
  },
};
