/**
 * `cwmp upload DEVICE --type TYPE [--url URL]`: Upload on one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction, wholeNumber } from "../nbi_command.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";
import { fileTypeOf, transferStatus } from "./transfer_download.ts";

/** The parsed command line of `cwmp upload`. */
export interface UploadOptions extends RpcCommandOptions {
  device: string;
  type: string;
  url?: string;
  username?: string;
  password?: string;
  delay: string;
  commandKey?: string;
}

const UPLOAD_TYPES: Readonly<Record<string, string>> = {
  config: "1 Vendor Configuration File",
  log: "2 Vendor Log File",
};

/**
 * Registers `upload` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerUpload(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("upload")
      .summary("have a device upload a file (configuration, log)")
      .description(
        "Ask a device to upload a file (Upload). --type is config or log, or a FileType as " +
          "the spec writes it. Without --url the ACS gives the device a URL of its own, and " +
          "stores the file it receives (see cwmp files list).",
      )
      .argument("<DEVICE>", "device id")
      .requiredOption("--type <TYPE>", "config, log or e.g. '2 Vendor Log File'")
      .option("--url <URL>", "where the device puts the file (default: the ACS)")
      .option("--username <USER>", "user name for the file server")
      .option("--password <PASSWORD>", "password for the file server")
      .option("--delay <SECONDS>", "seconds the device waits before starting", "0")
      .option("--command-key <KEY>", "CommandKey of the TransferComplete (default: task id)"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp upload GW-1 --type log", description: "Fetch the device's log" },
        {
          command: "cwmp upload GW-1 --type config --url ftp://files.example/gw-1.cfg",
          description: "Back up its configuration elsewhere",
        },
      ]),
    )
    .action((device, options) =>
      runNbiAction(() => run({ ...options, device }, context.io, context.deps), {
        command: "upload",
        context,
      })
    );
}

/**
 * Starts the upload and prints its status.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device accepted, 1 on a fault or timeout.
 * @throws {UsageError} A bad --type or --delay.
 */
export function run(opts: UploadOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const fileType = fileTypeOf(opts.type, UPLOAD_TYPES);
  const delaySeconds = wholeNumber("--delay", opts.delay, 0);
  return runRpc(
    {
      command: "upload",
      device: opts.device,
      request: {
        method: "Upload",
        commandKey: opts.commandKey ?? "",
        fileType,
        url: opts.url ?? "",
        username: opts.username ?? "",
        password: opts.password ?? "",
        delaySeconds,
      },
      render: (result) => [transferStatus("upload", result)],
    },
    opts,
    { io, deps },
  );
}
