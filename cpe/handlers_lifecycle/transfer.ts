/**
 * Download and Upload (spec A.3.2.8, A.4.1.5): checked at once, then queued in the durable
 * state and answered with Status 1; the transfer runs after the session (and after its
 * DelaySeconds), and its TransferComplete follows in a later session (spec 3.4.3).
 *
 * @module
 */

import { CwmpFault } from "../../protocol/errors.ts";
import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import { UNKNOWN_TIME } from "../../protocol/rpc/values.ts";
import type { TransferRecord } from "../state.ts";
import { uploadKind } from "../transfers/upload.ts";
import { type LifecycleContext, MAX_QUEUED_TRANSFERS } from "./context.ts";

/**
 * Answers Download: fault 9013 for a URL that is not http or https, 9003 for a malformed
 * FileType, 9010 for a file larger than this device takes, 9004 when 16 transfers are queued;
 * else queues it and answers Status 1.
 *
 * @param request The Download request.
 * @param context The agent's state.
 * @returns DownloadResponse with Status 1.
 * @throws {CwmpFault} As listed.
 * @see TR-069 Issue 1, A.3.2.8 Download
 */
export function handleDownload(request: CwmpMessage, context: LifecycleContext): CwmpMessage {
  if (request.method !== "Download") throw new TypeError("Cannot handle: not a Download");
  checkUrl(request.url);
  if (!/^(\d+ \S.*|X [0-9A-F]{6} \S.*)$/.test(request.fileType)) {
    throw new CwmpFault(9003, `Invalid arguments: FileType '${request.fileType}'`);
  }
  if (request.fileSize > context.maxDownloadBytes) {
    throw new CwmpFault(
      9010,
      `Download failure: FileSize ${request.fileSize} exceeds the ${context.maxDownloadBytes} bytes this device takes`,
    );
  }
  queue(context, {
    kind: "download",
    commandKey: request.commandKey,
    fileType: request.fileType,
    url: request.url,
    username: request.username,
    password: request.password,
    fileSize: request.fileSize,
    targetFileName: request.targetFileName,
    notBefore: context.now() + request.delaySeconds * 1000,
  });
  return {
    method: "DownloadResponse",
    status: 1,
    startTime: UNKNOWN_TIME,
    completeTime: UNKNOWN_TIME,
  };
}

/**
 * Answers Upload: fault 9013 for a URL that is not http or https, 9003 for a FileType other
 * than the vendor configuration and log files, 9004 when 16 transfers are queued; else queues
 * it and answers Status 1.
 *
 * @param request The Upload request.
 * @param context The agent's state.
 * @returns UploadResponse with Status 1.
 * @throws {CwmpFault} As listed.
 * @see TR-069 Issue 1, A.4.1.5 Upload
 */
export function handleUpload(request: CwmpMessage, context: LifecycleContext): CwmpMessage {
  if (request.method !== "Upload") throw new TypeError("Cannot handle: not an Upload");
  checkUrl(request.url);
  if (uploadKind(request.fileType) === undefined) {
    throw new CwmpFault(9003, `Invalid arguments: cannot upload FileType '${request.fileType}'`);
  }
  queue(context, {
    kind: "upload",
    commandKey: request.commandKey,
    fileType: request.fileType,
    url: request.url,
    username: request.username,
    password: request.password,
    fileSize: 0,
    targetFileName: "",
    notBefore: context.now() + request.delaySeconds * 1000,
  });
  return {
    method: "UploadResponse",
    status: 1,
    startTime: UNKNOWN_TIME,
    completeTime: UNKNOWN_TIME,
  };
}

type NewTransfer = Omit<
  TransferRecord,
  "id" | "state" | "startTime" | "completeTime" | "faultCode" | "faultString"
>;

function queue(context: LifecycleContext, transfer: NewTransfer): void {
  if (context.state().transfers.length >= MAX_QUEUED_TRANSFERS) {
    throw new CwmpFault(9004, `Resources exceeded: ${MAX_QUEUED_TRANSFERS} transfers are queued`);
  }
  context.update((state) => ({
    ...state,
    nextTransferId: state.nextTransferId + 1,
    transfers: [...state.transfers, {
      ...transfer,
      id: state.nextTransferId,
      state: 1,
      startTime: "",
      completeTime: "",
      faultCode: 0,
      faultString: "",
    }],
  }));
}

function checkUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new CwmpFault(9003, `Invalid arguments: URL '${url}'`);
  }
  if (protocol !== "http:" && protocol !== "https:") {
    throw new CwmpFault(9013, `Unsupported protocol for file transfer: ${protocol.slice(0, -1)}`);
  }
}
