/**
 * Performs an Upload (spec A.4.1.5): the vendor configuration file (the agent's configuration
 * and model, as JSON) or the vendor log file (recent log lines), sent with HTTP PUT and the file
 * server's credentials.
 *
 * @module
 */

import type { CwmpVersion } from "../../protocol/soap/namespaces.ts";
import type { TransportFactory } from "../client/transport.ts";
import type { TransferRecord } from "../state.ts";
import { isoTime, type TransferResult } from "./download.ts";
import { TransferError, transferFaultCode } from "./faults.ts";
import { fileRequest } from "./file_request.ts";

/** The kinds of file this agent uploads. */
export type UploadKind = "config" | "log";

/** A file to upload. */
export interface UploadContent {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/** What {@link performUpload} needs. */
export interface UploadDeps {
  open: TransportFactory;
  /** The file's content, made when the upload starts. */
  content(kind: UploadKind): UploadContent;
  now: () => number;
  randomHex: (bytes: number) => string;
  /** Time limit of the whole upload in ms (default 10 minutes). */
  timeoutMs?: number;
  /** Ends the transfer early (the agent stops); the result is then not meaningful. */
  signal?: AbortSignal;
}

/**
 * The kind of an Upload FileType, or undefined for one this agent cannot upload. cwmp-1-2's
 * numbered forms (`3 Vendor Configuration File 2`, `4 Vendor Log File 1`) are accepted.
 *
 * @param fileType The Upload's FileType.
 * @returns `config`, `log` or undefined.
 *
 * @example Usage
 * ```ts
 * import { uploadKind } from "./upload.ts";
 * if (uploadKind("1 Vendor Configuration File") !== "config") throw new Error("x");
 * if (uploadKind("4 Vendor Log File 2") !== "log" || uploadKind("X 00D09E Dump") !== undefined) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.5 Table 49
 */
export function uploadKind(fileType: string): UploadKind | undefined {
  if (/^(1 Vendor Configuration File|3 Vendor Configuration File( \d+)?)$/.test(fileType)) {
    return "config";
  }
  if (/^(2 Vendor Log File|4 Vendor Log File( \d+)?)$/.test(fileType)) return "log";
  return undefined;
}

/**
 * Uploads one file; never throws for the server's failures.
 *
 * @param record The transfer, as the Upload request described it.
 * @param deps Transport and content.
 * @param version The namespace of the TransferComplete to come.
 * @returns The TransferComplete's FaultStruct and times.
 * @see TR-069 Issue 1, A.4.1.5 Upload and A.3.3.2 TransferComplete
 */
export async function performUpload(
  record: TransferRecord,
  deps: UploadDeps,
  version: CwmpVersion,
): Promise<TransferResult> {
  const startTime = isoTime(deps.now());
  const transport = deps.open();
  try {
    const kind = uploadKind(record.fileType);
    if (kind === undefined) {
      throw new TransferError("other", `Cannot upload FileType '${record.fileType}'`);
    }
    const content = deps.content(kind);
    const response = await fileRequest({
      fetch: transport.fetch,
      method: "PUT",
      url: record.url,
      username: record.username,
      password: record.password,
      body: content.body,
      headers: { "content-type": content.contentType },
      timeoutMs: deps.timeoutMs ?? 10 * 60 * 1000,
      randomHex: deps.randomHex,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    });
    await response.body?.cancel();
    if (!response.ok) {
      throw new TransferError("other", `The file server answered HTTP ${response.status}`);
    }
    return { faultCode: 0, faultString: "", startTime, completeTime: isoTime(deps.now()) };
  } catch (error) {
    const failure = error instanceof TransferError ? error.failure : "other";
    const message = error instanceof Error ? error.message : String(error);
    return {
      faultCode: transferFaultCode("upload", failure, version),
      faultString: message.slice(0, 256),
      startTime,
      completeTime: isoTime(deps.now()),
    };
  } finally {
    transport.close();
  }
}
