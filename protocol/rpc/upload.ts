/**
 * Upload and UploadResponse (TR-069 A.4.1.5): the ACS asks the CPE to send a file.
 *
 * @module
 */

import { optionalInt } from "./_read.ts";
import { textNode } from "./_build.ts";
import {
  readTransferTarget,
  transferStatusCodec,
  type TransferTarget,
  transferTargetNodes,
} from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

/** Upload (spec A.4.1.5 Table 49). */
export interface Upload extends TransferTarget {
  method: "Upload";
  /** Seconds to wait before starting; 0 for no delay. */
  delaySeconds: number;
}

/** UploadResponse (spec A.4.1.5 Table 50). */
export interface UploadResponse {
  method: "UploadResponse";
  /** 0: completed; 1: not yet, a TransferComplete will follow. */
  status: number;
  /** dateTime; the Unknown Time `0001-01-01T00:00:00Z` while the upload is not done. */
  startTime: string;
  completeTime: string;
}

/**
 * Codec of Upload.
 *
 * @example Usage
 * ```ts
 * import { uploadCodec } from "./upload.ts";
 * const nodes = uploadCodec.encode({
 *   method: "Upload",
 *   commandKey: "log-1",
 *   fileType: "2 Vendor Log File",
 *   url: "https://files.example.com/upload",
 *   username: "cpe",
 *   password: "secret",
 *   delaySeconds: 5,
 * });
 * if (nodes.map((n) => n.name).join() !== "CommandKey,FileType,URL,Username,Password,DelaySeconds") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.5 Upload
 */
export const uploadCodec: Codec<Upload> = {
  since: "1.0",
  encode(m) {
    return [
      ...transferTargetNodes(m),
      textNode("DelaySeconds", m.delaySeconds),
    ];
  },
  decode(element) {
    return {
      method: "Upload",
      ...readTransferTarget(element),
      delaySeconds: optionalInt(element, "DelaySeconds", 0),
    };
  },
};

/**
 * Codec of UploadResponse.
 *
 * @example Usage
 * ```ts
 * import { uploadResponseCodec } from "./upload.ts";
 * const [status, , complete] = uploadResponseCodec.encode({
 *   method: "UploadResponse",
 *   status: 0,
 *   startTime: "2026-01-01T10:00:00Z",
 *   completeTime: "2026-01-01T10:00:07Z",
 * });
 * if (status?.text !== "0" || complete?.text !== "2026-01-01T10:00:07Z") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.5 Upload
 */
export const uploadResponseCodec: Codec<UploadResponse> = transferStatusCodec("UploadResponse");
