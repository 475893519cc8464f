/**
 * `cwmp campaigns start|pause|resume|cancel|delete ID`.
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
import { campaignsGroup } from "./campaigns_list.ts";

/** What the command does to the campaign. */
export type CampaignControl = "start" | "pause" | "resume" | "cancel" | "delete";

/** The parsed command line of `cwmp campaigns start` and its siblings. */
export interface CampaignsControlOptions extends ConnectionOptions {
  id: string;
  action: CampaignControl;
  json?: true;
}

const ABOUT: Record<CampaignControl, { summary: string; description: string; example: string }> = {
  start: {
    summary: "start a draft campaign",
    description: "Start a draft campaign: its devices are chosen now (the query is run) and " +
      "admitted batch by batch, inside its window.",
    example: "Start campaign 7",
  },
  pause: {
    summary: "pause a running campaign",
    description: "Pause a running campaign: no device is admitted; those in progress are " +
      "still followed to their outcome.",
    example: "Pause campaign 7",
  },
  resume: {
    summary: "resume a paused campaign",
    description: "Resume a paused campaign (by you or by its failure threshold); the " +
      "threshold counts faults again from now.",
    example: "Resume campaign 7",
  },
  cancel: {
    summary: "cancel a campaign",
    description: "Cancel a campaign: devices not yet admitted are skipped; those in progress " +
      "are still followed to their outcome.",
    example: "Cancel campaign 7",
  },
  delete: {
    summary: "delete a campaign and its device outcomes",
    description: "Delete a campaign with its per-device outcomes (the tasks it queued stay).",
    example: "Delete campaign 7",
  },
};

/**
 * Registers `campaigns start`, `pause`, `resume`, `cancel` and `delete`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerCampaignsControl(program: Command, context: NbiContext): void {
  const group = campaignsGroup(program);
  for (const action of ["start", "pause", "resume", "cancel", "delete"] as const) {
    const about = ABOUT[action];
    withConnectionOptions(
      group.command(action)
        .summary(about.summary)
        .description(about.description)
        .argument("<ID>", "campaign id"),
    )
      .addHelpText(
        "after",
        examplesHelp([{ command: `cwmp campaigns ${action} 7`, description: about.example }]),
      )
      .action((id, options) =>
        runNbiAction(() => run({ ...options, id, action }, context.io, context.deps), {
          command: `campaigns ${action}`,
          context,
        })
      );
  }
}

/**
 * Sends the command and prints the campaign's new state.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown campaign, a state that does not allow it (409), or unreachable.
 */
export async function run(
  opts: CampaignsControlOptions,
  io: CliIo,
  deps: NbiDeps,
): Promise<number> {
  const id = wholeNumber("campaign id", opts.id, 1);
  const client = clientOf(opts, io, deps);
  if (opts.action === "delete") {
    await client.json(`/api/campaigns/${segment(id)}`, { method: "DELETE" });
    writeResult(io, { deleted: id }, {
      json: opts.json === true,
      text: () => [`deleted campaign ${id}`],
    });
    return 0;
  }
  const { body: campaign } = await client.json<NbiCampaign>(
    `/api/campaigns/${segment(id)}/${opts.action}`,
    { method: "POST" },
  );
  writeResult(io, { campaign }, {
    json: opts.json === true,
    text: () => [
      `campaign ${campaign.id} is ${campaign.state}` +
      (campaign.reason === null ? "" : ` (${campaign.reason})`),
    ],
  });
  return 0;
}
