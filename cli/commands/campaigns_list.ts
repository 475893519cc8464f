/**
 * `cwmp campaigns list [--state STATE]`: the ACS's campaigns, and the few-word summaries of a
 * campaign that the other campaign commands print too.
 *
 * @module
 */

import { type Command, Option } from "@commander-js/extra-typings";
import type { CampaignAction, CampaignTarget } from "../../acs/provisioning/types.ts";
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
  wholeNumber,
  withConnectionOptions,
} from "../nbi_command.ts";
import { formatTable, writeResult } from "../output.ts";
import { CAMPAIGN_STATES, type NbiCampaign } from "../provisioning_types.ts";
import { pageNote } from "./devices_list.ts";
import { preconditionSummary } from "./presets_list.ts";

/** The parsed command line of `cwmp campaigns list`. */
export interface CampaignsListOptions extends ConnectionOptions {
  state?: string;
  limit: string;
  offset: string;
  json?: true;
}

/** The `campaigns` group, created on first use. */
export function campaignsGroup(program: Command): ReturnType<typeof commandGroup> {
  return commandGroup(program, "campaigns", {
    summary: "bulk reboots, upgrades and settings (ACS API)",
    description: "A campaign applies one action (reboot, factory reset, set values, firmware " +
      "upgrade) to many devices, chosen by a query or a list, in batches, with a concurrency " +
      "limit, a maintenance window and a failure threshold that pauses it.",
  });
}

/**
 * Registers `campaigns list`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerCampaignsList(program: Command, context: NbiContext): void {
  withConnectionOptions(
    campaignsGroup(program).command("list")
      .summary("list campaigns")
      .description(
        "List campaigns: ID, NAME, ACTION, STATE, DONE (settled of total), FAULTED and " +
          "UPDATED, newest first.",
      )
      .addOption(
        new Option("--state <STATE>", "only campaigns in this state").choices(CAMPAIGN_STATES),
      )
      .option("--limit <N>", "campaigns per page", "50")
      .option("--offset <N>", "campaigns to skip", "0"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp campaigns list", description: "The latest campaigns" },
        { command: "cwmp campaigns list --state paused", description: "Those waiting for you" },
      ]),
    )
    .action((options) =>
      runNbiAction(() => run(options, context.io, context.deps), {
        command: "campaigns list",
        context,
      })
    );
}

/**
 * Lists the campaigns.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {UsageError} A bad --limit or --offset.
 * @throws {NbiError} Refused or unreachable.
 */
export async function run(opts: CampaignsListOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const limit = wholeNumber("--limit", opts.limit, 1);
  const offset = wholeNumber("--offset", opts.offset, 0);
  const { body } = await clientOf(opts, io, deps).json<NbiPage<NbiCampaign>>("/api/campaigns", {
    query: { state: opts.state, limit, offset },
  });
  writeResult(io, { total: body.total, items: body.items }, {
    json: opts.json === true,
    text: () =>
      formatTable(
        ["ID", "NAME", "ACTION", "STATE", "DONE", "FAULTED", "UPDATED"],
        body.items.map((c) => [
          String(c.id),
          c.name,
          actionSummary(c.action),
          c.state,
          `${settled(c)}/${c.counts.total}`,
          String(c.counts.faulted),
          c.updatedAt,
        ]),
      ),
  });
  if (opts.json !== true) io.stderr.write(`${pageNote(body, offset, "campaign")}\n`);
  return 0;
}

/**
 * Devices with an outcome: done, faulted or skipped.
 *
 * @param campaign The campaign.
 * @returns How many.
 */
export function settled(campaign: Pick<NbiCampaign, "counts">): number {
  const { done, faulted, skipped } = campaign.counts;
  return done + faulted + skipped;
}

/**
 * An action in a few words.
 *
 * @param action The action.
 * @returns E.g. `firmware fw-2.1.bin (2.1)`, `set 3 values`.
 *
 * @example Usage
 * ```ts
 * import { actionSummary } from "./campaigns_list.ts";
 * if (actionSummary({ kind: "firmware", file: "fw.bin" }) !== "firmware fw.bin") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function actionSummary(action: CampaignAction): string {
  switch (action.kind) {
    case "reboot":
      return "reboot";
    case "factoryReset":
      return "factory reset";
    case "setValues": {
      const [first] = action.values;
      return action.values.length === 1 && first !== undefined
        ? `set ${first.name}=${first.value}`
        : `set ${action.values.length} values`;
    }
    case "firmware":
      return `firmware ${action.file}${
        action.softwareVersion === undefined ? "" : ` (${action.softwareVersion})`
      }`;
  }
}

/**
 * A target in a few words.
 *
 * @param target The target.
 * @returns E.g. `devices oui=00D09E tag=lab`, `3 listed devices`, `every device`.
 */
export function targetSummary(target: CampaignTarget): string {
  if ("devices" in target) {
    return `${target.devices.length} listed device${target.devices.length === 1 ? "" : "s"}`;
  }
  const query = preconditionSummary(target.query);
  return query === "-" ? "every device" : `devices ${query}`;
}
