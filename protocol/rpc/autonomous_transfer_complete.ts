/**
 * AutonomousTransferComplete and its response (TR-069 Amendment 2, A.3.3.3): the CPE reports a
 * transfer the ACS did not ask for (e.g. one announced by multicast, or started by the user).
 *
 * @module
 */

import { optionalInt, optionalText, requireBoolean } from "./_read.ts";
import { booleanNode, textNode } from "./_build.ts";
import {
  faultStructNode,
  optionalTrimmed,
  readFaultStruct,
  readTime,
  requireTrimmed,
  timeNode,
  type TransferFaultStruct,
} from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

/** AutonomousTransferComplete (cwmp-1-1). */
export interface AutonomousTransferComplete {
  method: "AutonomousTransferComplete";
  /** The URL on which the transfer was announced; may be empty. */
  announceUrl: string;
  /** The URL of the file transferred. */
  transferUrl: string;
  /** true for a download, false for an upload. */
  isDownload: boolean;
  /** e.g. `1 Firmware Upgrade Image`, `4 Vendor Log File`, `X <OUI> <vendor identifier>`. */
  fileType: string;
  /** Size of the file in bytes. */
  fileSize: number;
  targetFileName: string;
  /** FaultCode 0 (and an empty FaultString) when the transfer succeeded. */
  faultStruct: TransferFaultStruct;
  /** dateTime in UTC; the Unknown Time `0001-01-01T00:00:00Z` when not known. */
  startTime: string;
  completeTime: string;
}

/** AutonomousTransferCompleteResponse: no arguments. */
export interface AutonomousTransferCompleteResponse {
  method: "AutonomousTransferCompleteResponse";
}

/**
 * Codec of AutonomousTransferComplete.
 *
 * @example Usage
 * ```ts
 * import { autonomousTransferCompleteCodec } from "./autonomous_transfer_complete.ts";
 * const nodes = autonomousTransferCompleteCodec.encode({
 *   method: "AutonomousTransferComplete",
 *   announceUrl: "",
 *   transferUrl: "http://files.example.com/fw.bin",
 *   isDownload: true,
 *   fileType: "1 Firmware Upgrade Image",
 *   fileSize: 4096,
 *   targetFileName: "",
 *   faultStruct: { faultCode: 9010, faultString: "Download failure" },
 *   startTime: "2026-01-01T10:00:00Z",
 *   completeTime: "2026-01-01T10:02:00Z",
 * });
 * if (nodes[6]?.name !== "FaultStruct" || nodes[2]?.text !== "true") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 2, A.3.3.3 AutonomousTransferComplete
 */
export const autonomousTransferCompleteCodec: Codec<AutonomousTransferComplete> = {
  since: "1.1",
  encode(m, context) {
    return [
      textNode("AnnounceURL", m.announceUrl),
      textNode("TransferURL", m.transferUrl),
      booleanNode("IsDownload", m.isDownload),
      textNode("FileType", m.fileType),
      textNode("FileSize", m.fileSize),
      textNode("TargetFileName", m.targetFileName),
      faultStructNode("FaultStruct", m.faultStruct, context ?? { version: "1.2" }),
      timeNode("StartTime", m.startTime),
      timeNode("CompleteTime", m.completeTime),
    ];
  },
  decode(element, context) {
    return {
      method: "AutonomousTransferComplete",
      announceUrl: optionalTrimmed(element, "AnnounceURL"),
      transferUrl: optionalTrimmed(element, "TransferURL"),
      isDownload: requireBoolean(element, "IsDownload"),
      fileType: requireTrimmed(element, "FileType"),
      fileSize: optionalInt(element, "FileSize", 0),
      targetFileName: optionalText(element, "TargetFileName"),
      faultStruct: readFaultStruct(element, "FaultStruct"),
      startTime: readTime(element, "StartTime", context),
      completeTime: readTime(element, "CompleteTime", context),
    };
  },
};

/**
 * Codec of AutonomousTransferCompleteResponse.
 *
 * @example Usage
 * ```ts
 * import { autonomousTransferCompleteResponseCodec } from "./autonomous_transfer_complete.ts";
 * if (autonomousTransferCompleteResponseCodec.since !== "1.1") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 2, A.3.3.3 AutonomousTransferComplete
 */
export const autonomousTransferCompleteResponseCodec: Codec<
  AutonomousTransferCompleteResponse
> = {
  since: "1.1",
  encode() {
    return [];
  },
  decode() {
    return { method: "AutonomousTransferCompleteResponse" };
  },
};
