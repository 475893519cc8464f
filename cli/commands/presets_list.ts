/**
 * `cwmp presets list`: the ACS's provisioning presets, in the order they apply.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import type { DesiredState, Precondition } from "../../acs/provisioning/types.ts";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import type { NbiPage } from "../nbi_client.ts";
import {
  clientOf,
  commandGroup,
  type ConnectionOptions,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  withConnectionOptions,
} from "../nbi_command.ts";
import { formatTable, writeResult } from "../output.ts";
import type { NbiPreset } from "../provisioning_types.ts";

/** The parsed command line of `cwmp presets list`. */
export interface PresetsListOptions extends ConnectionOptions {
  json?: true;
}

/** The `presets` group, created on first use. */
export function presetsGroup(program: Command): ReturnType<typeof commandGroup> {
  return commandGroup(program, "presets", {
    summary: "list, show, put and delete presets (ACS API)",
    description: "Presets are the ACS's declarative policy: in each session of a device that " +
      "matches a preset's precondition (and events and schedule), the ACS sends what closes " +
      "the gap between the preset's desired state and what it knows of the device.",
  });
}

/**
 * Registers `presets list`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerPresetsList(program: Command, context: NbiContext): void {
  withConnectionOptions(
    presetsGroup(program).command("list")
      .summary("list presets")
      .description(
        "List every preset in the order the ACS applies them (weight, then id): ID, ENABLED, " +
          "WEIGHT, EVENTS (- for every session), PRECONDITION (- for every device) and DESIRED.",
      ),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp presets list", description: "Every preset" },
        {
          command: "cwmp presets list --json | jq '.items[] | select(.enabled) | .id'",
          description: "The ids of the enabled ones",
        },
      ]),
    )
    .action((options) =>
      runNbiAction(() => run(options, context.io, context.deps), {
        command: "presets list",
        context,
      })
    );
}

/**
 * Lists the presets.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Refused or unreachable.
 */
export async function run(opts: PresetsListOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const { body } = await clientOf(opts, io, deps).json<NbiPage<NbiPreset>>("/api/presets");
  writeResult(io, { total: body.total, items: body.items }, {
    json: opts.json === true,
    text: () =>
      formatTable(
        ["ID", "ENABLED", "WEIGHT", "EVENTS", "PRECONDITION", "DESIRED"],
        body.items.map((p) => [
          p.id,
          p.enabled ? "yes" : "no",
          String(p.weight),
          p.events.length === 0 ? "-" : p.events.join(","),
          preconditionSummary(p.precondition),
          desiredSummary(p.desired),
        ]),
      ),
  });
  if (opts.json !== true) {
    io.stderr.write(`${body.total === 0 ? "no presets" : `${body.total} presets`}\n`);
  }
  return 0;
}

/**
 * A precondition in a few words, `-` for every device.
 *
 * @param p The precondition.
 * @returns E.g. `oui=00D09E tag=lab !tag=eu Device.X.Y>3`.
 *
 * @example Usage
 * ```ts
 * import { preconditionSummary } from "./presets_list.ts";
 * const text = preconditionSummary({ oui: "00D09E", tag: ["lab"], param: ["A.B~x"] });
 * if (text !== "oui=00D09E tag=lab A.B~x") throw new Error(text);
 * ```
 */
export function preconditionSummary(p: Precondition): string {
  const parts = [
    ...(p.id === undefined ? [] : [`id=${p.id}`]),
    ...(p.oui === undefined ? [] : [`oui=${p.oui}`]),
    ...(p.manufacturer === undefined ? [] : [`manufacturer=${p.manufacturer}`]),
    ...(p.productClass === undefined ? [] : [`class=${p.productClass}`]),
    ...(p.serialNumber === undefined ? [] : [`serial=${p.serialNumber}`]),
    ...(p.softwareVersion === undefined ? [] : [`version=${p.softwareVersion}`]),
    ...(p.tag ?? []).map((t) => `tag=${t}`),
    ...(p.notTag ?? []).map((t) => `!tag=${t}`),
    ...(p.param ?? []),
  ];
  return parts.length === 0 ? "-" : parts.join(" ");
}

/**
 * A desired state in a few words, `-` for nothing.
 *
 * @param d The desired state.
 * @returns E.g. `2 values, 1 object, tags +wifi, software 2.0, refresh 1`.
 *
 * @example Usage
 * ```ts
 * import { desiredSummary } from "./presets_list.ts";
 * const text = desiredSummary({ values: [{ name: "A.B", value: "1" }], tags: { add: ["x"] } });
 * if (text !== "1 value, tags +x") throw new Error(text);
 * ```
 */
export function desiredSummary(d: DesiredState): string {
  const count = (n: number, noun: string): string[] =>
    n === 0 ? [] : [`${n} ${noun}${n === 1 ? "" : "s"}`];
  const tags = [
    ...(d.tags?.add ?? []).map((t) => `+${t}`),
    ...(d.tags?.remove ?? []).map((t) => `-${t}`),
  ];
  const parts = [
    ...count(d.values?.length ?? 0, "value"),
    ...count(d.objects?.length ?? 0, "object"),
    ...count(d.attributes?.length ?? 0, "attribute"),
    ...(tags.length === 0 ? [] : [`tags ${tags.join(" ")}`]),
    ...(d.softwareVersion === undefined ? [] : [`software ${d.softwareVersion.version}`]),
    ...(d.refresh === undefined || d.refresh.length === 0 ? [] : [`refresh ${d.refresh.length}`]),
  ];
  return parts.length === 0 ? "-" : parts.join(", ");
}
