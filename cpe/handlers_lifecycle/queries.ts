/**
 * The lifecycle requests that only read or schedule: GetQueuedTransfers,
 * GetAllQueuedTransfers, CancelTransfer, ScheduleInform, GetOptions, SetVouchers and
 * GetRPCMethods.
 *
 * @module
 */

import { CwmpFault } from "../../protocol/errors.ts";
import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import type { LifecycleContext } from "./context.ts";

/**
 * Answers GetQueuedTransfers: every transfer not yet acknowledged, with its state (1 not
 * started, 2 in progress, 3 done and awaiting TransferCompleteResponse).
 *
 * @see TR-069 Issue 1, A.4.1.1 GetQueuedTransfers
 */
export function handleGetQueuedTransfers(
  _request: CwmpMessage,
  context: LifecycleContext,
): CwmpMessage {
  return {
    method: "GetQueuedTransfersResponse",
    transferList: context.state().transfers.map((t) => ({
      commandKey: t.commandKey,
      state: t.state,
    })),
  };
}

/** Answers GetAllQueuedTransfers (cwmp-1-1): the same list with the files' details. */
export function handleGetAllQueuedTransfers(
  _request: CwmpMessage,
  context: LifecycleContext,
): CwmpMessage {
  return {
    method: "GetAllQueuedTransfersResponse",
    transferList: context.state().transfers.map((t) => ({
      commandKey: t.commandKey,
      state: t.state,
      isDownload: t.kind === "download",
      fileType: t.kind === "download" ? t.fileType : allTransfersUploadType(t.fileType),
      fileSize: t.fileSize,
      targetFileName: t.targetFileName,
    })),
  };
}

// AllQueuedTransferStruct numbers the upload file types after the download ones.
function allTransfersUploadType(fileType: string): string {
  if (fileType === "1 Vendor Configuration File") return "3 Vendor Configuration File";
  if (fileType === "2 Vendor Log File") return "4 Vendor Log File";
  return fileType;
}

/**
 * Answers CancelTransfer (cwmp-1-2): a transfer not yet started is dropped; one in progress or
 * done gets fault 9021, an unknown CommandKey 9003.
 */
export function handleCancelTransfer(request: CwmpMessage, context: LifecycleContext): CwmpMessage {
  if (request.method !== "CancelTransfer") {
    throw new TypeError("Cannot handle: not a CancelTransfer");
  }
  const matching = context.state().transfers.filter((t) => t.commandKey === request.commandKey);
  if (matching.length === 0) {
    throw new CwmpFault(
      9003,
      `Invalid arguments: no transfer has CommandKey '${request.commandKey}'`,
    );
  }
  if (matching.some((t) => t.state !== 1)) {
    throw new CwmpFault(
      9021,
      "Cancelation of file transfer not permitted in current transfer state",
    );
  }
  context.update((state) => ({
    ...state,
    transfers: state.transfers.filter((t) => t.commandKey !== request.commandKey),
  }));
  return { method: "CancelTransferResponse" };
}

/**
 * Answers ScheduleInform: one Inform with `3 SCHEDULED` and `M ScheduleInform` DelaySeconds
 * from now; DelaySeconds 0 is fault 9003 (the spec requires more than zero).
 *
 * @see TR-069 Issue 1, A.4.1.2 ScheduleInform
 */
export function handleScheduleInform(request: CwmpMessage, context: LifecycleContext): CwmpMessage {
  if (request.method !== "ScheduleInform") {
    throw new TypeError("Cannot handle: not a ScheduleInform");
  }
  if (request.delaySeconds <= 0) {
    throw new CwmpFault(9003, "Invalid arguments: DelaySeconds must be greater than zero");
  }
  const at = context.now() + request.delaySeconds * 1000;
  context.update((state) => ({
    ...state,
    scheduledInforms: [...state.scheduledInforms, { at, commandKey: request.commandKey }],
  }));
  return { method: "ScheduleInformResponse" };
}

/**
 * Answers GetOptions: this agent has no options (Appendix C vouchers enable none), so the list
 * is empty, for all options and for a named one alike.
 *
 * @see TR-069 Issue 1, A.4.1.4 GetOptions
 */
export function handleGetOptions(_request: CwmpMessage, _context: LifecycleContext): CwmpMessage {
  return { method: "GetOptionsResponse", optionList: [] };
}

// The DER of OID 1.2.840.113549.1.7.2 (PKCS #7 signedData), which wraps every voucher.
const SIGNED_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/**
 * Answers SetVouchers: a voucher that is not a PKCS #7 signedData structure is fault 9003
 * (invalid arguments); a well-formed one is fault 9001 (request denied), as this agent holds
 * no key to verify a voucher's signature and so enables no option.
 *
 * @see TR-069 Issue 1, A.4.1.3 SetVouchers and Appendix C
 */
export function handleSetVouchers(request: CwmpMessage, _context: LifecycleContext): CwmpMessage {
  if (request.method !== "SetVouchers") throw new TypeError("Cannot handle: not a SetVouchers");
  request.voucherList.forEach((voucher, i) => {
    if (!isSignedData(voucher)) {
      throw new CwmpFault(9003, `Invalid arguments: voucher ${i + 1} is not a PKCS #7 signedData`);
    }
  });
  throw new CwmpFault(9001, "Request denied: this device cannot verify option vouchers");
}

function isSignedData(base64: string): boolean {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return false;
  }
  if (bytes[0] !== 0x30) return false;
  // The OID comes within the first few bytes, after the outer SEQUENCE's length.
  const head = bytes.subarray(0, 24);
  for (let i = 0; i + SIGNED_DATA_OID.length <= head.length; i++) {
    if (SIGNED_DATA_OID.every((b, j) => head[i + j] === b)) return true;
  }
  return false;
}

/** Answers GetRPCMethods with every ACS request this agent answers. */
export function handleGetRpcMethods(_request: CwmpMessage, context: LifecycleContext): CwmpMessage {
  return { method: "GetRPCMethodsResponse", methodList: context.supportedMethods() };
}
