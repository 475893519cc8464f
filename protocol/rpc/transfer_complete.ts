/**
 * TransferComplete and its response (TR-069 A.3.3.2): the CPE reports the end of a transfer
 * that a Download or Upload (or ScheduleDownload) started.
 *
 * @module
 */

import { optionalText } from "./_read.ts";
import { textNode } from "./_build.ts";
import {
  faultStructNode,
  readFaultStruct,
  readTime,
  timeNode,
  type TransferFaultStruct,
} from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

export type { TransferFaultStruct } from "./_transfer_structs.ts";

/** TransferComplete (spec A.3.3.2 Table 36). */
export interface TransferComplete {
  method: "TransferComplete";
  /** The CommandKey of the request that started the transfer. */
  commandKey: string;
  /** FaultCode 0 (and an empty FaultString) when the transfer succeeded. */
  faultStruct: TransferFaultStruct;
  /** dateTime in UTC; the Unknown Time `0001-01-01T00:00:00Z` when not known. */
  startTime: string;
  completeTime: string;
}

/** TransferCompleteResponse (spec A.3.3.2 Table 37): no arguments. */
export interface TransferCompleteResponse {
  method: "TransferCompleteResponse";
}

/**
 * Codec of TransferComplete. Decoding requires the FaultStruct and its FaultCode: without
 * them success and failure cannot be told apart.
 *
 * @example Usage
 * ```ts
 * import { transferCompleteCodec } from "./transfer_complete.ts";
 * const [, fault] = transferCompleteCodec.encode({
 *   method: "TransferComplete",
 *   commandKey: "fw-42",
 *   faultStruct: { faultCode: 0, faultString: "" },
 *   startTime: "2026-01-01T10:00:00Z",
 *   completeTime: "2026-01-01T10:02:00Z",
 * });
 * if (fault?.name !== "FaultStruct" || fault.children?.[0]?.text !== "0") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.3.2 TransferComplete
 */
export const transferCompleteCodec: Codec<TransferComplete> = {
  since: "1.0",
  encode(m, context) {
    return [
      textNode("CommandKey", m.commandKey),
      faultStructNode("FaultStruct", m.faultStruct, context ?? { version: "1.2" }),
      timeNode("StartTime", m.startTime),
      timeNode("CompleteTime", m.completeTime),
    ];
  },
  decode(element, context) {
    return {
      method: "TransferComplete",
      commandKey: optionalText(element, "CommandKey"),
      faultStruct: readFaultStruct(element, "FaultStruct"),
      startTime: readTime(element, "StartTime", context),
      completeTime: readTime(element, "CompleteTime", context),
    };
  },
};

/**
 * Codec of TransferCompleteResponse.
 *
 * @example Usage
 * ```ts
 * import { transferCompleteResponseCodec } from "./transfer_complete.ts";
 * if (transferCompleteResponseCodec.encode({ method: "TransferCompleteResponse" }).length !== 0) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.3.2 TransferComplete
 */
export const transferCompleteResponseCodec: Codec<TransferCompleteResponse> = {
  since: "1.0",
  encode() {
    return [];
  },
  decode() {
    return { method: "TransferCompleteResponse" };
  },
};
