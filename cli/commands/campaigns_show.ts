/**
 * `cwmp campaigns show ID`: one campaign, its pacing and its progress.
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
  wholeNumber,
  withConnectionOptions,
} from "../nbi_command.ts";
import { writeResult } from "../output.ts";
import type { NbiCampaign } from "../provisioning_types.ts";
import { actionSummary, campaignsGroup, targetSummary } from "./campaigns_list.ts";

/** The parsed command line of `cwmp campaigns show`. */
export interface CampaignsShowOptions extends ConnectionOptions {
  id: string;
  json?: true;
}

/**
 * Registers `campaigns show`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerCampaignsShow(program: Command, context: NbiContext): void {
  withConnectionOptions(
    campaignsGroup(program).command("show")
      .summary("show a campaign")
      .description(
        "Show a campaign: action, target, pacing (batches, concurrency, window, failure " +
          "threshold, device timeout), state and why, devices by state, and times.",
      )
      .argument("<ID>", "campaign id"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp campaigns show 7", description: "Show campaign 7" },
        {
          command: "cwmp campaigns show 7 --json | jq .campaign.counts",
          description: "Only its devices by state",
        },
      ]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "campaigns show",
        context,
      })
    );
}

/**
 * Shows the campaign.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown campaign, refused, or unreachable.
 */
export async function run(opts: CampaignsShowOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const id = wholeNumber("campaign id", opts.id, 1);
  const { body: campaign } = await clientOf(opts, io, deps).json<NbiCampaign>(
    `/api/campaigns/${segment(id)}`,
  );
  writeResult(io, { campaign }, { json: opts.json === true, text: () => campaignLines(campaign) });
  return 0;
}

/**
 * `batch 2/4` (counting from 1; the last once every batch has settled), or undefined before
 * the start.
 *
 * @param campaign The campaign.
 * @returns The text, or undefined.
 *
 * @example Usage
 * ```ts
 * import { batchText } from "./campaigns_show.ts";
 * if (batchText({ currentBatch: 1, batches: 4 }) !== "batch 2/4") throw new Error("unexpected");
 * if (batchText({ currentBatch: null, batches: 4 }) !== "batch 4/4") throw new Error("unexpected");
 * if (batchText({ currentBatch: null, batches: 0 }) !== undefined) throw new Error("unexpected");
 * ```
 */
export function batchText(
  campaign: Pick<NbiCampaign, "currentBatch" | "batches">,
): string | undefined {
  const { currentBatch, batches } = campaign;
  if (batches === 0) return undefined;
  return `batch ${Math.min((currentBatch ?? batches - 1) + 1, batches)}/${batches}`;
}

/**
 * A campaign as lines of text.
 *
 * @param campaign The campaign.
 * @returns The lines.
 */
export function campaignLines(campaign: NbiCampaign): string[] {
  const { counts } = campaign;
  const size = campaign.batchSize !== null
    ? `${campaign.batchSize} devices`
    : campaign.batchPercent !== null
    ? `${campaign.batchPercent}% of the devices`
    : "all devices at once";
  const window = campaign.window === null
    ? "any time"
    : `${campaign.window.cron} (UTC) for ${campaign.window.durationSeconds} s` +
      (campaign.windowOpensAt == null ? "" : `, next opens ${campaign.windowOpensAt}`);
  const optional = (label: string, value: string | null | undefined): string[] =>
    value == null ? [] : [`${label.padEnd(14)}${value}`];
  return [
    `id:           ${campaign.id}`,
    `name:         ${campaign.name}`,
    `action:       ${actionSummary(campaign.action)}`,
    `target:       ${targetSummary(campaign.target)}`,
    `state:        ${campaign.state}${campaign.reason === null ? "" : ` (${campaign.reason})`}`,
    ...optional("progress:", batchText(campaign)),
    `batch size:   ${size}`,
    `concurrency:  ${campaign.concurrency}`,
    `window:       ${window}`,
    `pauses after: ${
      campaign.failureThreshold === null ? "never" : `${campaign.failureThreshold} faulted`
    }`,
    `timeout:      ${campaign.deviceTimeoutSeconds} s per device`,
    campaign.state === "draft" && counts.total === 0
      ? "devices:      chosen when it starts"
      : `devices:      ${counts.total} (pending ${counts.pending}, in progress ` +
        `${counts.in_progress}, done ${counts.done}, faulted ${counts.faulted}, skipped ` +
        `${counts.skipped})`,
    `created:      ${campaign.createdAt}`,
    ...optional("started:", campaign.startedAt),
    ...optional("finished:", campaign.finishedAt),
    `updated:      ${campaign.updatedAt}`,
  ];
}
