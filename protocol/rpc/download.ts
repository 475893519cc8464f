/**
 * Download and DownloadResponse (TR-069 A.3.2.8): the ACS asks the CPE to fetch a file.
 *
 * @module
 */

import { optionalInt, optionalText } from "./_read.ts";
import { textNode } from "./_build.ts";
import {
  optionalTrimmed,
  readTransferTarget,
  transferStatusCodec,
  type TransferTarget,
  transferTargetNodes,
} from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

/** Download (spec A.3.2.8 Table 27). */
export interface Download extends TransferTarget {
  method: "Download";
  /** Size of the file in bytes. */
  fileSize: number;
  /** Empty when the name comes from the file or the URL, or none is needed. */
  targetFileName: string;
  /** Seconds to wait before starting; 0 for no delay. */
  delaySeconds: number;
  /** Where to redirect a user's browser after success; usually empty. */
  successUrl: string;
  /** Where to redirect a user's browser after failure; usually empty. */
  failureUrl: string;
}

/** DownloadResponse (spec A.3.2.8 Table 28). */
export interface DownloadResponse {
  method: "DownloadResponse";
  /** 0: completed and applied; 1: not yet, a TransferComplete will follow. */
  status: number;
  /** dateTime; the Unknown Time `0001-01-01T00:00:00Z` while the download is not done. */
  startTime: string;
  completeTime: string;
}

/**
 * Codec of Download.
 *
 * @example Usage
 * ```ts
 * import { downloadCodec } from "./download.ts";
 * const nodes = downloadCodec.encode({
 *   method: "Download",
 *   commandKey: "fw-42",
 *   fileType: "1 Firmware Upgrade Image",
 *   url: "http://files.example.com/fw.bin",
 *   username: "",
 *   password: "",
 *   fileSize: 1024,
 *   targetFileName: "",
 *   delaySeconds: 0,
 *   successUrl: "",
 *   failureUrl: "",
 * });
 * if (nodes.map((n) => n.name).join() !== "CommandKey,FileType,URL,Username,Password," +
 *     "FileSize,TargetFileName,DelaySeconds,SuccessURL,FailureURL") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.8 Download
 */
export const downloadCodec: Codec<Download> = {
  since: "1.0",
  encode(m) {
    return [
      ...transferTargetNodes(m),
      textNode("FileSize", m.fileSize),
      textNode("TargetFileName", m.targetFileName),
      textNode("DelaySeconds", m.delaySeconds),
      textNode("SuccessURL", m.successUrl),
      textNode("FailureURL", m.failureUrl),
    ];
  },
  decode(element) {
    return {
      method: "Download",
      ...readTransferTarget(element),
      fileSize: optionalInt(element, "FileSize", 0),
      targetFileName: optionalText(element, "TargetFileName"),
      delaySeconds: optionalInt(element, "DelaySeconds", 0),
      successUrl: optionalTrimmed(element, "SuccessURL"),
      failureUrl: optionalTrimmed(element, "FailureURL"),
    };
  },
};

/**
 * Codec of DownloadResponse.
 *
 * @example Usage
 * ```ts
 * import { downloadResponseCodec } from "./download.ts";
 * const [status, start] = downloadResponseCodec.encode({
 *   method: "DownloadResponse",
 *   status: 1,
 *   startTime: "0001-01-01T00:00:00Z",
 *   completeTime: "0001-01-01T00:00:00Z",
 * });
 * if (status?.text !== "1" || start?.name !== "StartTime") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.8 Download
 */
export const downloadResponseCodec: Codec<DownloadResponse> = transferStatusCodec(
  "DownloadResponse",
);
