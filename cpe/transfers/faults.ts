/**
 * TransferComplete's fault codes, which differ per CWMP namespace: cwmp-1-0 knows only 9001,
 * 9002, 9010, 9011 and 9012; cwmp-1-1 and later add 9014-9019 (why a download failed, 9018
 * "file corrupted" among them) and more. A precise code is sent where the session's namespace has it, else the generic one.
 *
 * @module
 */

import { isTransferFaultCodeAllowed } from "../../protocol/rpc/_transfer_structs.ts";
import type { CwmpVersion } from "../../protocol/soap/namespaces.ts";

/** Why a transfer failed. */
export type TransferFailure =
  /** The file server refused the credentials (9012). */
  | "auth"
  /** The file server could not be reached (9015 for downloads). */
  | "contact"
  /** The server answered but would not give the file, e.g. 404 (9016 for downloads). */
  | "access"
  /** The transfer broke off or the size was not the announced one (9017 for downloads). */
  | "incomplete"
  /** The file arrived whole but is not what its FileType needs, e.g. no firmware (9018). */
  | "corrupted"
  /** Anything else: the apply hook failed, the disk is full... (9010 or 9011). */
  | "other";

const PRECISE: Readonly<Record<TransferFailure, number>> = {
  auth: 9012,
  contact: 9015,
  access: 9016,
  incomplete: 9017,
  corrupted: 9018,
  other: 0,
};

/**
 * A failed transfer's FaultCode for TransferComplete in `version`.
 *
 * @param kind Download or upload.
 * @param failure Why it failed.
 * @param version The namespace the TransferComplete is sent in.
 * @returns The code: the precise one when the namespace has it, else 9010 (download) or
 * 9011 (upload).
 *
 * @example Usage
 * ```ts
 * import { transferFaultCode } from "./faults.ts";
 * if (transferFaultCode("download", "access", "1.0") !== 9010) throw new Error("x");
 * if (transferFaultCode("download", "access", "1.2") !== 9016) throw new Error("x");
 * if (transferFaultCode("upload", "auth", "1.0") !== 9012) throw new Error("x");
 * if (transferFaultCode("download", "corrupted", "1.0") !== 9010) throw new Error("x");
 * if (transferFaultCode("download", "corrupted", "1.1") !== 9018) throw new Error("x");
 * ```
 * @see TR-069 Issue 1, A.3.3.2 Table 38 and A.5.1 Table 58
 */
export function transferFaultCode(
  kind: "download" | "upload",
  failure: TransferFailure,
  version: CwmpVersion,
): number {
  const generic = kind === "download" ? 9010 : 9011;
  const precise = PRECISE[failure];
  // 9015-9018 name download failures; an upload keeps the generic code for them.
  const applies = precise !== 0 && (failure === "auth" || kind === "download");
  return applies && isTransferFaultCodeAllowed(precise, version) ? precise : generic;
}

/** A transfer failed; `failure` says why. */
export class TransferError extends Error {
  readonly failure: TransferFailure;

  constructor(failure: TransferFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransferError";
    this.failure = failure;
  }
}
