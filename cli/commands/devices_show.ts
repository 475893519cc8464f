/**
 * `cwmp devices show ID [--prefix PATH]`: one device and its stored parameters.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import type { NbiDeviceDetail } from "../nbi_client.ts";
import {
  clientOf,
  type ConnectionOptions,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  segment,
  withConnectionOptions,
} from "../nbi_command.ts";
import { formatTable, writeResult } from "../output.ts";
import { devicesGroup } from "./devices_list.ts";

/** The parsed command line of `cwmp devices show`. */
export interface DevicesShowOptions extends ConnectionOptions {
  id: string;
  prefix?: string;
  json?: true;
}

/**
 * Registers `devices show`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerDevicesShow(program: Command, context: NbiContext): void {
  withConnectionOptions(
    devicesGroup(program).command("show")
      .summary("show a device and its stored parameters")
      .description(
        "Show what the ACS stored about a device: its identity, last Inform and boot, tags, " +
          "then PATH, VALUE, TYPE and WRITABLE of the parameters it knows (as last fetched; " +
          "cwmp get asks the device itself).",
      )
      .argument("<ID>", "device id")
      .option("--prefix <PATH>", "only parameters whose path starts with PATH"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp devices show 00D09E-IGD-0123", description: "Show a device" },
        {
          command: "cwmp devices show GW-1 --prefix InternetGatewayDevice.WANDevice. --json",
          description: "Its WAN parameters as JSON",
        },
      ]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "devices show",
        context,
      })
    );
}

/**
 * Shows the device.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown device, refused, or unreachable.
 */
export async function run(opts: DevicesShowOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const client = clientOf(opts, io, deps);
  const { body: device } = await client.json<NbiDeviceDetail>(`/api/devices/${segment(opts.id)}`, {
    query: { prefix: opts.prefix },
  });
  writeResult(io, { device }, {
    json: opts.json === true,
    text: () => [
      `id:               ${device.id}`,
      `manufacturer:     ${device.manufacturer} (OUI ${device.oui})`,
      `product class:    ${device.productClass}`,
      `serial number:    ${device.serialNumber}`,
      `software version: ${device.softwareVersion ?? "-"}`,
      `last inform:      ${device.lastInform ?? "-"}`,
      `last boot:        ${device.lastBoot ?? "-"}`,
      `tags:             ${device.tags.length === 0 ? "-" : device.tags.join(", ")}`,
      "",
      ...formatTable(
        ["PATH", "VALUE", "TYPE", "WRITABLE"],
        device.parameters.map((p) => [
          p.path,
          p.value ?? "",
          p.type ?? "",
          p.writable === null ? "-" : p.writable ? "yes" : "no",
        ]),
      ),
    ],
  });
  return 0;
}
