/**
 * Performs a Download (spec A.3.2.8): fetch the file over HTTP or HTTPS with the file server's
 * credentials, check its size, store it under TargetFileName in the downloads directory, then
 * run the apply hook of its FileType (e.g. the firmware upgrade command). A simulated device
 * without a firmware hook installs simulated firmware instead (`simulated_firmware.ts`).
 *
 * @module
 */

import type { CwmpVersion } from "../../protocol/soap/namespaces.ts";
import { describeFailure, type ShellRunner } from "../backends/shell.ts";
import { transportFailure } from "../client/read.ts";
import type { TransportFactory } from "../client/transport.ts";
import type { TransferRecord } from "../state.ts";
import { TransferError, transferFaultCode } from "./faults.ts";
import { fileRequest } from "./file_request.ts";
import { FIRMWARE_FILE_TYPE, readSimulatedFirmware } from "./simulated_firmware.ts";

/** What a finished transfer reports in TransferComplete. */
export interface TransferResult {
  faultCode: number;
  faultString: string;
  /** dateTimes in UTC. */
  startTime: string;
  completeTime: string;
}

/** A finished download: its TransferComplete, and the firmware version it installed. */
export interface DownloadResult extends TransferResult {
  /** Set when a simulated firmware image was installed (the device must now reboot). */
  firmwareVersion?: string;
}

/** What {@link performDownload} needs. */
export interface DownloadDeps {
  open: TransportFactory;
  /** Where downloaded files are stored (created when missing). */
  dir: string;
  /** Largest file accepted. */
  maxBytes: number;
  /** Shell command per FileType, run with `CWMP_FILE` set to the stored file. */
  applyHooks: Readonly<Record<string, string>>;
  /**
   * Without a firmware apply hook, install simulated firmware images (default false: the file
   * is stored and the download counts as applied).
   */
  simulatedFirmware?: boolean;
  run: ShellRunner;
  now: () => number;
  randomHex: (bytes: number) => string;
  /** Time limit of the whole download in ms (default 30 minutes). */
  timeoutMs?: number;
  /** Ends the transfer early (the agent stops); the result is then not meaningful. */
  signal?: AbortSignal;
}

/**
 * Downloads and applies one file; never throws for the server's or the hook's failures.
 *
 * @param record The transfer, as the Download request described it.
 * @param deps Transport, storage and hooks.
 * @param version The namespace of the TransferComplete to come (it decides the fault codes).
 * @returns The TransferComplete's FaultStruct and times, and the version of simulated firmware
 * it installed.
 * @see TR-069 Issue 1, A.3.2.8 Download and A.3.3.2 TransferComplete
 */
export async function performDownload(
  record: TransferRecord,
  deps: DownloadDeps,
  version: CwmpVersion,
): Promise<DownloadResult> {
  const startTime = isoTime(deps.now());
  try {
    const file = await fetchToFile(record, deps);
    const hook = deps.applyHooks[record.fileType];
    if (hook === undefined && deps.simulatedFirmware && record.fileType === FIRMWARE_FILE_TYPE) {
      const firmwareVersion = await readSimulatedFirmware(file);
      return {
        faultCode: 0,
        faultString: "",
        startTime,
        completeTime: isoTime(deps.now()),
        firmwareVersion,
      };
    }
    if (hook !== undefined) {
      const result = await deps.run(hook, {
        env: {
          CWMP_FILE: file,
          CWMP_FILE_TYPE: record.fileType,
          CWMP_COMMAND_KEY: record.commandKey,
        },
        timeoutMs: 10 * 60 * 1000,
      });
      if (result.code !== 0) {
        throw new TransferError("other", describeFailure("The apply hook", result));
      }
    }
    return { faultCode: 0, faultString: "", startTime, completeTime: isoTime(deps.now()) };
  } catch (error) {
    const failure = error instanceof TransferError ? error.failure : "other";
    const message = error instanceof Error ? error.message : String(error);
    return {
      faultCode: transferFaultCode("download", failure, version),
      faultString: message.slice(0, 256),
      startTime,
      completeTime: isoTime(deps.now()),
    };
  }
}

async function fetchToFile(record: TransferRecord, deps: DownloadDeps): Promise<string> {
  if (record.fileSize > deps.maxBytes) {
    throw new TransferError(
      "other",
      `The file of ${record.fileSize} bytes exceeds the limit of ${deps.maxBytes}`,
    );
  }
  const timeoutMs = deps.timeoutMs ?? 30 * 60 * 1000;
  const transport = deps.open();
  try {
    const response = await fileRequest({
      fetch: transport.fetch,
      method: "GET",
      url: record.url,
      username: record.username,
      password: record.password,
      timeoutMs,
      randomHex: deps.randomHex,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    });
    if (!response.ok) {
      await response.body?.cancel();
      const failure = response.status >= 400 && response.status < 500 ? "access" : "other";
      throw new TransferError(failure, `The file server answered HTTP ${response.status}`);
    }
    await Deno.mkdir(deps.dir, { recursive: true });
    const target = `${deps.dir}/${targetName(record)}`;
    const partial = `${target}.partial`;
    const size = await store(response, partial, deps.maxBytes, timeoutMs);
    if (record.fileSize > 0 && size !== record.fileSize) {
      await Deno.remove(partial).catch(() => {});
      throw new TransferError(
        "incomplete",
        `Received ${size} bytes; FileSize is ${record.fileSize}`,
      );
    }
    await Deno.rename(partial, target);
    return target;
  } finally {
    transport.close();
  }
}

async function store(
  response: Response,
  path: string,
  maxBytes: number,
  timeoutMs: number,
): Promise<number> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true, mode: 0o600 });
  let size = 0;
  try {
    if (response.body !== null) {
      for await (const chunk of response.body) {
        size += chunk.length;
        if (size > maxBytes) {
          await response.body.cancel().catch(() => {});
          throw new TransferError("other", `The file exceeds the limit of ${maxBytes} bytes`);
        }
        let rest = chunk;
        while (rest.length > 0) rest = rest.subarray(await file.write(rest));
      }
    }
    await file.sync();
    return size;
  } catch (error) {
    await Deno.remove(path).catch(() => {});
    if (error instanceof TransferError) throw error;
    throw new TransferError(
      "incomplete",
      `The download broke off: ${transportFailure(error, timeoutMs)}`,
      { cause: error },
    );
  } finally {
    file.close();
  }
}

/**
 * The stored file's name: TargetFileName, else the URL's last path segment, else one built
 * from the transfer id; reduced to a safe base name (no directories, no `..`).
 *
 * @param record The transfer.
 * @returns The file name.
 *
 * @example Usage
 * ```ts
 * import { targetName } from "./download.ts";
 * const base = { id: 7, url: "http://x/a/fw.bin", targetFileName: "" };
 * if (targetName(base) !== "fw.bin") throw new Error("unexpected");
 * if (targetName({ ...base, targetFileName: "../../etc/passwd" }) !== "passwd") throw new Error("x");
 * if (targetName({ ...base, url: "http://x/" }) !== "download-7") throw new Error("unexpected");
 * ```
 */
export function targetName(record: Pick<TransferRecord, "id" | "url" | "targetFileName">): string {
  let urlName = "";
  try {
    urlName = decodeURIComponent(new URL(record.url).pathname.split("/").at(-1) ?? "");
  } catch {
    urlName = "";
  }
  for (const candidate of [record.targetFileName, urlName]) {
    const base = candidate.split(/[/\\]/).at(-1)?.replace(/[^A-Za-z0-9._+-]/g, "_") ?? "";
    if (base !== "" && base !== "." && base !== ".." && !base.startsWith(".")) return base;
  }
  return `download-${record.id}`;
}

/**
 * A time as an xsd:dateTime in UTC, to the second.
 *
 * @param ms Milliseconds since the epoch.
 * @returns e.g. `2026-01-01T00:00:00Z`.
 *
 * @example Usage
 * ```ts
 * import { isoTime } from "./download.ts";
 * if (isoTime(0) !== "1970-01-01T00:00:00Z") throw new Error("unexpected");
 * ```
 */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
