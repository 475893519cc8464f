/**
 * ScheduleDownload and its response (TR-069 Amendment 3, A.4.1.8): a download the CPE performs
 * within one or two time windows.
 *
 * @module
 */

import { arrayItems, optionalInt, optionalText, requireChild, requireInt } from "./_read.ts";
import { arrayNode, textNode } from "./_build.ts";
import {
  readTransferTarget,
  requireTrimmed,
  type TransferTarget,
  transferTargetNodes,
} from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

/** TimeWindowStruct (cwmp-1-2). */
export interface TimeWindowStruct {
  /** Seconds from the call to the start of the window. */
  windowStart: number;
  /** Seconds from the call to the end of the window. */
  windowEnd: number;
  /** `1 At Any Time`, `2 Immediately`, `3 When Idle`, `4 Confirmation Needed`, or vendor `X …`. */
  windowMode: string;
  /** Shown to the user when the mode asks for confirmation. */
  userMessage: string;
  /** Retries allowed when the transfer fails; -1 lets the CPE decide. */
  maxRetries: number;
}

/** ScheduleDownload (cwmp-1-2). */
export interface ScheduleDownload extends TransferTarget {
  method: "ScheduleDownload";
  /** Size of the file in bytes. */
  fileSize: number;
  targetFileName: string;
  /** One or two windows. */
  timeWindowList: TimeWindowStruct[];
}

/** ScheduleDownloadResponse: no arguments. */
export interface ScheduleDownloadResponse {
  method: "ScheduleDownloadResponse";
}

/**
 * Codec of ScheduleDownload.
 *
 * @example Usage
 * ```ts
 * import { scheduleDownloadCodec } from "./schedule_download.ts";
 * const nodes = scheduleDownloadCodec.encode({
 *   method: "ScheduleDownload",
 *   commandKey: "night",
 *   fileType: "1 Firmware Upgrade Image",
 *   url: "http://files.example.com/fw.bin",
 *   username: "",
 *   password: "",
 *   fileSize: 0,
 *   targetFileName: "",
 *   timeWindowList: [{
 *     windowStart: 3600,
 *     windowEnd: 7200,
 *     windowMode: "3 When Idle",
 *     userMessage: "",
 *     maxRetries: -1,
 *   }],
 * });
 * const list = nodes.at(-1);
 * if (list?.attributes?.["SOAP-ENC:arrayType"] !== "cwmp:TimeWindowStruct[1]") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Amendment 3, A.4.1.8 ScheduleDownload
 */
export const scheduleDownloadCodec: Codec<ScheduleDownload> = {
  since: "1.2",
  encode(m) {
    return [
      ...transferTargetNodes(m),
      textNode("FileSize", m.fileSize),
      textNode("TargetFileName", m.targetFileName),
      arrayNode(
        "TimeWindowList",
        "cwmp:TimeWindowStruct",
        m.timeWindowList.map((w) => ({
          name: "TimeWindowStruct",
          children: [
            textNode("WindowStart", w.windowStart),
            textNode("WindowEnd", w.windowEnd),
            textNode("WindowMode", w.windowMode),
            textNode("UserMessage", w.userMessage),
            textNode("MaxRetries", w.maxRetries),
          ],
        })),
      ),
    ];
  },
  decode(element) {
    requireChild(element, "TimeWindowList");
    return {
      method: "ScheduleDownload",
      ...readTransferTarget(element),
      fileSize: optionalInt(element, "FileSize", 0),
      targetFileName: optionalText(element, "TargetFileName"),
      timeWindowList: arrayItems(element, "TimeWindowList").map((w) => ({
        windowStart: requireInt(w, "WindowStart"),
        windowEnd: requireInt(w, "WindowEnd"),
        windowMode: requireTrimmed(w, "WindowMode"),
        userMessage: optionalText(w, "UserMessage"),
        maxRetries: optionalInt(w, "MaxRetries", -1),
      })),
    };
  },
};

/**
 * Codec of ScheduleDownloadResponse.
 *
 * @example Usage
 * ```ts
 * import { scheduleDownloadResponseCodec } from "./schedule_download.ts";
 * if (scheduleDownloadResponseCodec.since !== "1.2") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 3, A.4.1.8 ScheduleDownload
 */
export const scheduleDownloadResponseCodec: Codec<ScheduleDownloadResponse> = {
  since: "1.2",
  encode() {
    return [];
  },
  decode() {
    return { method: "ScheduleDownloadResponse" };
  },
};
