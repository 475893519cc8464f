/**
 * `cwmp presets show ID`: one preset, its precondition, trigger, schedule and desired state.
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
import type { NbiPreset } from "../provisioning_types.ts";
import { preconditionSummary, presetsGroup } from "./presets_list.ts";

/** The parsed command line of `cwmp presets show`. */
export interface PresetsShowOptions extends ConnectionOptions {
  id: string;
  json?: true;
}

/**
 * Registers `presets show`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerPresetsShow(program: Command, context: NbiContext): void {
  withConnectionOptions(
    presetsGroup(program).command("show")
      .summary("show a preset")
      .description(
        "Show a preset: description, enabled, weight, events, schedule, precondition and " +
          "times, then its desired state as JSON. What --json prints, `presets put --file` " +
          "takes back.",
      )
      .argument("<ID>", "preset id"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp presets show wifi-defaults", description: "Show one preset" },
        {
          command: "cwmp presets show wifi-defaults --json | jq '.preset.weight = 20' | " +
            "cwmp presets put wifi-defaults --file -",
          description: "Change a preset's weight",
        },
      ]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "presets show",
        context,
      })
    );
}

/**
 * Shows the preset.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown preset, refused, or unreachable.
 */
export async function run(opts: PresetsShowOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const { body: preset } = await clientOf(opts, io, deps).json<NbiPreset>(
    `/api/presets/${segment(opts.id)}`,
  );
  writeResult(io, { preset }, { json: opts.json === true, text: () => presetLines(preset) });
  return 0;
}

/**
 * A preset as lines of text.
 *
 * @param preset The preset.
 * @returns The lines.
 */
export function presetLines(preset: NbiPreset): string[] {
  const schedule = preset.schedule === null
    ? "always"
    : `${preset.schedule.cron} (UTC) for ${preset.schedule.durationSeconds} s`;
  return [
    `id:           ${preset.id}`,
    ...(preset.description === "" ? [] : [`description:  ${preset.description}`]),
    `enabled:      ${preset.enabled ? "yes" : "no"}`,
    `weight:       ${preset.weight}`,
    `events:       ${preset.events.length === 0 ? "every session" : preset.events.join(", ")}`,
    `schedule:     ${schedule}`,
    `precondition: ${preconditionSummary(preset.precondition).replace(/^-$/, "every device")}`,
    `created:      ${preset.createdAt}`,
    `updated:      ${preset.updatedAt}`,
    "desired:",
    ...JSON.stringify(preset.desired, null, 2).split("\n").map((line) => `  ${line}`),
  ];
}
