/**
 * `cwmp devices tag ID TAG` and `cwmp devices untag ID TAG`.
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

/** The parsed command line of `cwmp devices tag` and `untag`. */
export interface DevicesTagOptions extends ConnectionOptions {
  id: string;
  tag: string;
  /** `untag`: remove the tag. */
  remove: boolean;
  json?: true;
}

/**
 * Registers `devices tag` and `devices untag`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerDevicesTag(program: Command, context: NbiContext): void {
  const group = devicesGroup(program);
  for (const remove of [false, true]) {
    const name = remove ? "untag" : "tag";
    withConnectionOptions(
      group.command(name)
        .summary(remove ? "remove a tag from a device" : "tag a device")
        .description(
          remove
            ? "Remove TAG from a device; removing a tag it does not have is not an error."
            : "Add TAG to a device (devices list --tag TAG finds it); adding it twice is " +
              "not an error.",
        )
        .argument("<ID>", "device id")
        .argument("<TAG>", "the tag"),
    )
      .addHelpText(
        "after",
        examplesHelp([{
          command: `cwmp devices ${name} GW-1 lab`,
          description: remove ? "Take a device out of the lab group" : "Put a device in a group",
        }]),
      )
      .action((id, tag, options) =>
        runNbiAction(() => run({ ...options, id, tag, remove }, context.io, context.deps), {
          command: `devices ${name}`,
          context,
        })
      );
  }
}

/**
 * Adds or removes the tag.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown device, bad tag, refused, or unreachable.
 */
export async function run(opts: DevicesTagOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  await clientOf(opts, io, deps).json(
    `/api/devices/${segment(opts.id)}/tags/${segment(opts.tag)}`,
    { method: opts.remove ? "DELETE" : "PUT" },
  );
  writeResult(io, { device: opts.id, tag: opts.tag, tagged: !opts.remove }, {
    json: opts.json === true,
    text:
      () => [opts.remove ? `untagged ${opts.id}: ${opts.tag}` : `tagged ${opts.id}: ${opts.tag}`],
  });
  return 0;
}
