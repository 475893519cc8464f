/**
 * `cwmp presets enable ID` and `cwmp presets disable ID`: reads the preset and puts it back
 * with `enabled` changed.
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
import { presetsGroup } from "./presets_list.ts";

/** The parsed command line of `cwmp presets enable` and `disable`. */
export interface PresetsEnableOptions extends ConnectionOptions {
  id: string;
  action: "enable" | "disable";
  json?: true;
}

const ABOUT = {
  enable: {
    summary: "enable a preset",
    description: "Enable a preset: sessions that start afterwards apply it again.",
  },
  disable: {
    summary: "disable a preset, keeping it",
    description: "Disable a preset: sessions that start afterwards skip it; it stays stored.",
  },
} as const;

/**
 * Registers `presets enable` and `presets disable`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerPresetsEnable(program: Command, context: NbiContext): void {
  const group = presetsGroup(program);
  for (const action of ["enable", "disable"] as const) {
    withConnectionOptions(
      group.command(action)
        .summary(ABOUT[action].summary)
        .description(ABOUT[action].description)
        .argument("<ID>", "preset id"),
    )
      .addHelpText(
        "after",
        examplesHelp([{
          command: `cwmp presets ${action} wifi-defaults`,
          description: `${action === "enable" ? "Enable" : "Disable"} one preset`,
        }]),
      )
      .action((id, options) =>
        runNbiAction(() => run({ ...options, id, action }, context.io, context.deps), {
          command: `presets ${action}`,
          context,
        })
      );
  }
}

/**
 * Reads the preset and puts it back enabled or disabled; a preset already so is left alone.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown preset, refused, or unreachable.
 */
export async function run(opts: PresetsEnableOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const client = clientOf(opts, io, deps);
  const path = `/api/presets/${segment(opts.id)}`;
  const { body: current } = await client.json<NbiPreset>(path);
  const enabled = opts.action === "enable";
  let preset = current;
  if (current.enabled !== enabled) {
    const { id: _id, createdAt: _created, updatedAt: _updated, ...body } = current;
    preset = (await client.json<NbiPreset>(path, { method: "PUT", json: { ...body, enabled } }))
      .body;
  }
  const state = preset.enabled ? "enabled" : "disabled";
  writeResult(io, { preset }, {
    json: opts.json === true,
    text: () => [
      current.enabled === enabled
        ? `preset ${preset.id} was already ${state}`
        : `preset ${preset.id} is ${state}`,
    ],
  });
  return 0;
}
