/**
 * `cwmp presets delete ID`: removes a preset; sessions that start afterwards no longer apply
 * it (what it already set on devices stays).
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
import { presetsGroup } from "./presets_list.ts";

/** The parsed command line of `cwmp presets delete`. */
export interface PresetsDeleteOptions extends ConnectionOptions {
  id: string;
  json?: true;
}

/**
 * Registers `presets delete`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerPresetsDelete(program: Command, context: NbiContext): void {
  withConnectionOptions(
    presetsGroup(program).command("delete")
      .summary("delete a preset")
      .description(
        "Delete a preset. Later sessions no longer apply it; what it set on devices stays. " +
          "To stop it for a while, use presets disable.",
      )
      .argument("<ID>", "preset id"),
  )
    .addHelpText(
      "after",
      examplesHelp([{ command: "cwmp presets delete wifi-defaults", description: "Delete one" }]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "presets delete",
        context,
      })
    );
}

/**
 * Deletes the preset.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown preset, refused, or unreachable.
 */
export async function run(opts: PresetsDeleteOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  await clientOf(opts, io, deps).json(`/api/presets/${segment(opts.id)}`, { method: "DELETE" });
  writeResult(io, { deleted: opts.id }, {
    json: opts.json === true,
    text: () => [`deleted preset ${opts.id}`],
  });
  return 0;
}
