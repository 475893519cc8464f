/**
 * GetQueuedTransfers and its response (TR-069 A.4.1.1): the transfers the ACS asked for that
 * the CPE has not finished.
 *
 * @module
 */

import { arrayItems, optionalText, requireInt } from "./_read.ts";
import { arrayNode, textNode } from "./_build.ts";
import type { Codec } from "./codec.ts";

/** GetQueuedTransfers (spec A.4.1.1 Table 39): no arguments. */
export interface GetQueuedTransfers {
  method: "GetQueuedTransfers";
}

/** QueuedTransferStruct (spec A.4.1.1 Table 41). */
export interface QueuedTransferStruct {
  /** The CommandKey of the Download or Upload that started the transfer. */
  commandKey: string;
  /** 1: not yet started; 2: in progress; 3: completed, finishing clean-up. */
  state: number;
}

/** GetQueuedTransfersResponse (spec A.4.1.1 Table 40): at most 16 transfers. */
export interface GetQueuedTransfersResponse {
  method: "GetQueuedTransfersResponse";
  transferList: QueuedTransferStruct[];
}

/**
 * Codec of GetQueuedTransfers.
 *
 * @example Usage
 * ```ts
 * import { getQueuedTransfersCodec } from "./get_queued_transfers.ts";
 * if (getQueuedTransfersCodec.encode({ method: "GetQueuedTransfers" }).length !== 0) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.1 GetQueuedTransfers
 */
export const getQueuedTransfersCodec: Codec<GetQueuedTransfers> = {
  since: "1.0",
  encode() {
    return [];
  },
  decode() {
    return { method: "GetQueuedTransfers" };
  },
};

/**
 * Codec of GetQueuedTransfersResponse.
 *
 * @example Usage
 * ```ts
 * import { getQueuedTransfersResponseCodec } from "./get_queued_transfers.ts";
 * const [list] = getQueuedTransfersResponseCodec.encode({
 *   method: "GetQueuedTransfersResponse",
 *   transferList: [{ commandKey: "fw-42", state: 2 }],
 * });
 * if (list?.attributes?.["SOAP-ENC:arrayType"] !== "cwmp:QueuedTransferStruct[1]") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.1 GetQueuedTransfers
 */
export const getQueuedTransfersResponseCodec: Codec<GetQueuedTransfersResponse> = {
  since: "1.0",
  encode(m) {
    return [
      arrayNode(
        "TransferList",
        "cwmp:QueuedTransferStruct",
        m.transferList.map((t) => ({
          name: "QueuedTransferStruct",
          children: [textNode("CommandKey", t.commandKey), textNode("State", t.state)],
        })),
      ),
    ];
  },
  decode(element) {
    return {
      method: "GetQueuedTransfersResponse",
      transferList: arrayItems(element, "TransferList").map((item) => ({
        commandKey: optionalText(item, "CommandKey"),
        state: requireInt(item, "State"),
      })),
    };
  },
};
