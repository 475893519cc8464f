/**
 * `cwmp download DEVICE (--url URL | --file FILE_ID) --type TYPE ...`: Download on one device,
 * through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import { UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";
import type { NbiClient, NbiDeviceDetail, NbiFile } from "../nbi_client.ts";
import {
  clientOf,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  segment,
  wholeNumber,
} from "../nbi_command.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp download`. */
export interface DownloadOptions extends RpcCommandOptions {
  device: string;
  url?: string;
  /** A file the ACS serves (`cwmp files list`): its URL, size and type. */
  file?: string;
  /** The ACS's CWMP URL as devices reach it, to complete a file's path. */
  acsUrl?: string;
  type?: string;
  size?: string;
  target?: string;
  username?: string;
  password?: string;
  delay: string;
  commandKey?: string;
}

/** The short names of Download FileTypes. */
export const DOWNLOAD_TYPES: Readonly<Record<string, string>> = {
  firmware: "1 Firmware Upgrade Image",
  web: "2 Web Content",
  config: "3 Vendor Configuration File",
};

const FILE_TYPE = /^(?:\d+ \S.*|X [0-9A-F]{6} \S.*)$/;

/**
 * The FileType for a short name or a FileType as the spec writes it.
 *
 * @param value As typed: a short name or e.g. `1 Firmware Upgrade Image`.
 * @param names The short names.
 * @returns The FileType.
 * @throws {UsageError} Neither.
 *
 * @example Usage
 * ```ts
 * import { fileTypeOf } from "./transfer_download.ts";
 * if (fileTypeOf("firmware", { firmware: "1 Firmware Upgrade Image" }) !== "1 Firmware Upgrade Image") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function fileTypeOf(value: string, names: Readonly<Record<string, string>>): string {
  const named = names[value.toLowerCase()];
  if (named !== undefined) return named;
  if (FILE_TYPE.test(value)) return value;
  throw new UsageError(
    `invalid --type '${value}': expected ${Object.keys(names).join(", ")}, ` +
      `or a FileType such as '${Object.values(names)[0]}' or 'X 00D09E Name'`,
  );
}

/**
 * Registers `download` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerDownload(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("download")
      .summary("have a device download a file")
      .description(
        "Ask a device to download a file (Download) from --url, or from the ACS itself with " +
          "--file ID (a file uploaded with cwmp files upload: its URL, size and type are " +
          "used). --type is firmware, web or config, or a FileType as the spec writes it. " +
          "Prints whether the transfer finished at once or the device reports it later " +
          "(TransferComplete; see cwmp tasks show).",
      )
      .argument("<DEVICE>", "device id")
      .option("--url <URL>", "where the device fetches the file")
      .option("--file <FILE_ID>", "a file the ACS serves, instead of --url")
      .option(
        "--acs-url <URL>",
        "with --file: the ACS as devices reach it (env CWMP_ACS_URL; default: the device's " +
          "ManagementServer.URL)",
      )
      .option("--type <TYPE>", "firmware, web, config or e.g. '1 Firmware Upgrade Image'")
      .option("--size <BYTES>", "the file's size (default: the file's, or 0)")
      .option("--target <NAME>", "file name on the device")
      .option("--username <USER>", "user name for the file server")
      .option("--password <PASSWORD>", "password for the file server")
      .option("--delay <SECONDS>", "seconds the device waits before starting", "0")
      .option("--command-key <KEY>", "CommandKey of the TransferComplete (default: task id)"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp download GW-1 --url http://fw.example/gw-2.1.bin --type firmware",
          description: "Upgrade the firmware from a web server",
        },
        {
          command: "cwmp download GW-1 --file 3 --acs-url http://acs.example:7547/",
          description: "Serve an image stored with cwmp files upload from the ACS",
        },
      ]),
    )
    .action((device, options) =>
      runNbiAction(() => run({ ...options, device }, context.io, context.deps), {
        command: "download",
        context,
      })
    );
}

/**
 * Starts the download and prints its status.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device accepted, 1 on a fault or timeout.
 * @throws {UsageError} Neither or both of --url and --file, a bad --type, --size or --delay.
 */
export async function run(opts: DownloadOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  if ((opts.url === undefined) === (opts.file === undefined)) {
    throw new UsageError("give one of --url and --file");
  }
  const delaySeconds = wholeNumber("--delay", opts.delay, 0);
  let url = opts.url ?? "";
  let size = opts.size === undefined ? 0 : wholeNumber("--size", opts.size, 0);
  let type = opts.type === undefined ? undefined : fileTypeOf(opts.type, DOWNLOAD_TYPES);
  if (opts.file !== undefined) {
    const client = clientOf(opts, io, deps);
    const file = (await client.json<NbiFile>(`/api/files/${segment(opts.file)}`)).body;
    const acsUrl = opts.acsUrl ?? io.env("CWMP_ACS_URL");
    if (acsUrl !== undefined && !URL.canParse(acsUrl)) {
      throw new UsageError(`invalid --acs-url '${acsUrl}': expected e.g. http://acs.example:7547/`);
    }
    url = acsUrl === undefined
      ? await absoluteFileUrl(client, opts.device, file.url)
      : new URL(file.url, acsUrl).href;
    if (opts.size === undefined) size = file.size;
    type ??= FILE_TYPE.test(file.type) ? file.type : undefined;
  }
  if (type === undefined) throw new UsageError("give --type (firmware, web, config, ...)");
  return runRpc(
    {
      command: "download",
      device: opts.device,
      request: {
        method: "Download",
        commandKey: opts.commandKey ?? "",
        fileType: type,
        url,
        username: opts.username ?? "",
        password: opts.password ?? "",
        fileSize: size,
        targetFileName: opts.target ?? "",
        delaySeconds,
        successUrl: "",
        failureUrl: "",
      },
      render: (result) => [transferStatus("download", result)],
    },
    opts,
    { io, deps },
  );
}

const ACS_URL_PARAMETERS = [
  "InternetGatewayDevice.ManagementServer.URL",
  "Device.ManagementServer.URL",
];

// The API gives a file's place on the CWMP listener as a path; the device reaches that
// listener at its ManagementServer.URL, which the ACS stored from its Informs.
async function absoluteFileUrl(client: NbiClient, device: string, url: string): Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  for (const prefix of ACS_URL_PARAMETERS) {
    const { body } = await client.json<NbiDeviceDetail>(`/api/devices/${segment(device)}`, {
      query: { prefix },
    });
    const acsUrl = body.parameters.find((p) => p.path === prefix)?.value;
    if (acsUrl != null && URL.canParse(acsUrl)) return new URL(url, acsUrl).href;
  }
  throw new UsageError(
    `the ACS gives file URL '${url}' without its host, and ${device} has no known ` +
      "ManagementServer.URL: give --acs-url (the ACS as devices reach it) or --url",
  );
}

/**
 * The line that says how a transfer went: done, or to be reported in TransferComplete.
 *
 * @param what `download` or `upload`.
 * @param result The DownloadResponse or UploadResponse.
 * @returns The line.
 */
export function transferStatus(what: string, result: Record<string, unknown>): string {
  if (result["status"] === 0) {
    return `${what} completed (started ${result["startTime"]}, completed ${
      result["completeTime"]
    })`;
  }
  return `${what} accepted; the device reports its end with TransferComplete (status 1)`;
}
