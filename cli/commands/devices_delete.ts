/**
 * `cwmp devices delete ID`: forget a device, with its parameters, tasks and faults.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import {
  clientOf,
  type ConnectionOptions,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  segment,
  withConnectionOptions,
} from "../nbi_command.ts";
import { writeResult } from "../output.ts";
import { devicesGroup } from "./devices_list.ts";

/** The parsed command line of `cwmp devices delete`. */
export interface DevicesDeleteOptions extends ConnectionOptions {
  id: string;
  json?: true;
}

/**
 * Registers `devices delete`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerDevicesDelete(program: Command, context: NbiContext): void {
  withConnectionOptions(
    devicesGroup(program).command("delete")
      .summary("forget a device")
      .description(
        "Delete a device from the ACS with its parameters, tasks and faults. The device " +
          "itself is not touched; its next Inform registers it again.",
      )
      .argument("<ID>", "device id"),
  )
    .addHelpText(
      "after",
      examplesHelp([{ command: "cwmp devices delete GW-1", description: "Forget a device" }]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "devices delete",
        context,
      })
    );
}

/**
 * Deletes the device.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown device, refused, or unreachable.
 */
export async function run(opts: DevicesDeleteOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  await clientOf(opts, io, deps).json(`/api/devices/${segment(opts.id)}`, { method: "DELETE" });
  writeResult(io, { deleted: { device: opts.id } }, {
    json: opts.json === true,
    text: () => [`deleted device ${opts.id}`],
  });
  return 0;
}
