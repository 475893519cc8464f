/**
 * GetAllQueuedTransfers and its response (TR-069 Amendment 2, A.4.1.7): every transfer the CPE
 * has queued, including those it started on its own.
 *
 * @module
 */

import { arrayItems, optionalInt, optionalText, requireBoolean, requireInt } from "./_read.ts";
import { arrayNode, booleanNode, textNode } from "./_build.ts";
import { requireTrimmed } from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

/** GetAllQueuedTransfers: no arguments. */
export interface GetAllQueuedTransfers {
  method: "GetAllQueuedTransfers";
}

/** AllQueuedTransferStruct (cwmp-1-1). */
export interface AllQueuedTransferStruct {
  /** The CommandKey of the request that started the transfer; empty for autonomous ones. */
  commandKey: string;
  /** 1: not yet started; 2: in progress; 3: completed, finishing clean-up. */
  state: number;
  /** true for a download, false for an upload. */
  isDownload: boolean;
  /** e.g. `1 Firmware Upgrade Image`, `4 Vendor Log File`, `X <OUI> <vendor identifier>`. */
  fileType: string;
  /** Size of the file in bytes; 0 when not known. */
  fileSize: number;
  targetFileName: string;
}

/** GetAllQueuedTransfersResponse: at most 16 transfers. */
export interface GetAllQueuedTransfersResponse {
  method: "GetAllQueuedTransfersResponse";
  transferList: AllQueuedTransferStruct[];
}

/**
 * Codec of GetAllQueuedTransfers.
 *
 * @example Usage
 * ```ts
 * import { getAllQueuedTransfersCodec } from "./get_all_queued_transfers.ts";
 * if (getAllQueuedTransfersCodec.since !== "1.1") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 2, A.4.1.7 GetAllQueuedTransfers
 */
export const getAllQueuedTransfersCodec: Codec<GetAllQueuedTransfers> = {
  since: "1.1",
  encode() {
    return [];
  },
  decode() {
    return { method: "GetAllQueuedTransfers" };
  },
};

/**
 * Codec of GetAllQueuedTransfersResponse.
 *
 * @example Usage
 * ```ts
 * import { getAllQueuedTransfersResponseCodec } from "./get_all_queued_transfers.ts";
 * const [list] = getAllQueuedTransfersResponseCodec.encode({
 *   method: "GetAllQueuedTransfersResponse",
 *   transferList: [{
 *     commandKey: "",
 *     state: 1,
 *     isDownload: true,
 *     fileType: "1 Firmware Upgrade Image",
 *     fileSize: 0,
 *     targetFileName: "",
 *   }],
 * });
 * if (list?.children?.[0]?.children?.[2]?.text !== "true") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 2, A.4.1.7 GetAllQueuedTransfers
 */
export const getAllQueuedTransfersResponseCodec: Codec<GetAllQueuedTransfersResponse> = {
  since: "1.1",
  encode(m) {
    return [
      arrayNode(
        "TransferList",
        "cwmp:AllQueuedTransferStruct",
        m.transferList.map((t) => ({
          name: "AllQueuedTransferStruct",
          children: [
            textNode("CommandKey", t.commandKey),
            textNode("State", t.state),
            booleanNode("IsDownload", t.isDownload),
            textNode("FileType", t.fileType),
            textNode("FileSize", t.fileSize),
            textNode("TargetFileName", t.targetFileName),
          ],
        })),
      ),
    ];
  },
  decode(element) {
    return {
      method: "GetAllQueuedTransfersResponse",
      transferList: arrayItems(element, "TransferList").map((item) => ({
        commandKey: optionalText(item, "CommandKey"),
        state: requireInt(item, "State"),
        isDownload: requireBoolean(item, "IsDownload"),
        fileType: requireTrimmed(item, "FileType"),
        fileSize: optionalInt(item, "FileSize", 0),
        targetFileName: optionalText(item, "TargetFileName"),
      })),
    };
  },
};
