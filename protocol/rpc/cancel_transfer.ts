/**
 * CancelTransfer and its response (TR-069 Amendment 3, A.4.1.9): the ACS withdraws a queued
 * Download, ScheduleDownload or Upload.
 *
 * @module
 */

import { requireText } from "./_read.ts";
import { textNode } from "./_build.ts";
import type { Codec } from "./codec.ts";

/** CancelTransfer (cwmp-1-2). */
export interface CancelTransfer {
  method: "CancelTransfer";
  /** The CommandKey of the transfer to cancel. */
  commandKey: string;
}

/** CancelTransferResponse: no arguments. */
export interface CancelTransferResponse {
  method: "CancelTransferResponse";
}

/**
 * Codec of CancelTransfer. CommandKey is required when decoding: it is the only argument, and
 * an empty key names a transfer too.
 *
 * @example Usage
 * ```ts
 * import { cancelTransferCodec } from "./cancel_transfer.ts";
 * const [key] = cancelTransferCodec.encode({ method: "CancelTransfer", commandKey: "fw-42" });
 * if (key?.name !== "CommandKey" || key.text !== "fw-42") throw new Error("unexpected");
 * ```
 * @see TR-069 Amendment 3, A.4.1.9 CancelTransfer
 */
export const cancelTransferCodec: Codec<CancelTransfer> = {
  since: "1.2",
  encode(m) {
    return [textNode("CommandKey", m.commandKey)];
  },
  decode(element) {
    return { method: "CancelTransfer", commandKey: requireText(element, "CommandKey") };
  },
};

/**
 * Codec of CancelTransferResponse.
 *
 * @example Usage
 * ```ts
 * import { cancelTransferResponseCodec } from "./cancel_transfer.ts";
 * if (cancelTransferResponseCodec.encode({ method: "CancelTransferResponse" }).length !== 0) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Amendment 3, A.4.1.9 CancelTransfer
 */
export const cancelTransferResponseCodec: Codec<CancelTransferResponse> = {
  since: "1.2",
  encode() {
    return [];
  },
  decode() {
    return { method: "CancelTransferResponse" };
  },
};
