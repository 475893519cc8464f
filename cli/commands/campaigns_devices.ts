/**
 * `cwmp campaigns devices ID [--state STATE]`: a campaign's devices and their outcomes.
 *
 * @module
 */

import { type Command, Option } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import type { NbiPage } from "../nbi_client.ts";
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
import { formatTable, writeResult } from "../output.ts";
import { CAMPAIGN_DEVICE_STATES, type NbiCampaignDevice } from "../provisioning_types.ts";
import { campaignsGroup } from "./campaigns_list.ts";
import { pageNote } from "./devices_list.ts";

/** The parsed command line of `cwmp campaigns devices`. */
export interface CampaignsDevicesOptions extends ConnectionOptions {
  id: string;
  state?: string;
  limit: string;
  offset: string;
  json?: true;
}

/**
 * Registers `campaigns devices`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerCampaignsDevices(program: Command, context: NbiContext): void {
  withConnectionOptions(
    campaignsGroup(program).command("devices")
      .summary("list a campaign's devices and their outcomes")
      .description(
        "List a started campaign's devices: DEVICE, BATCH (from 1), STATE (pending, " +
          "in_progress, done, faulted, skipped), TASK, FINISHED and REASON (why it faulted or " +
          "was skipped).",
      )
      .argument("<ID>", "campaign id")
      .addOption(
        new Option("--state <STATE>", "only devices in this state").choices(
          CAMPAIGN_DEVICE_STATES,
        ),
      )
      .option("--limit <N>", "devices per page", "50")
      .option("--offset <N>", "devices to skip", "0"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp campaigns devices 7 --state faulted", description: "What failed, why" },
        {
          command: "cwmp campaigns devices 7 --state faulted --limit 1000 --json | " +
            "jq -r '.items[].deviceId' > retry.txt",
          description: "The failed devices' ids, for a new campaign's --devices-file",
        },
      ]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "campaigns devices",
        context,
      })
    );
}

/**
 * Lists the campaign's devices.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {UsageError} A bad id, --limit or --offset.
 * @throws {NbiError} Unknown campaign, refused, or unreachable.
 */
export async function run(
  opts: CampaignsDevicesOptions,
  io: CliIo,
  deps: NbiDeps,
): Promise<number> {
  const id = wholeNumber("campaign id", opts.id, 1);
  const limit = wholeNumber("--limit", opts.limit, 1);
  const offset = wholeNumber("--offset", opts.offset, 0);
  const { body } = await clientOf(opts, io, deps).json<NbiPage<NbiCampaignDevice>>(
    `/api/campaigns/${segment(id)}/devices`,
    { query: { state: opts.state, limit, offset } },
  );
  writeResult(io, { total: body.total, items: body.items }, {
    json: opts.json === true,
    text: () =>
      formatTable(
        ["DEVICE", "BATCH", "STATE", "TASK", "FINISHED", "REASON"],
        body.items.map((d) => [
          d.deviceId,
          String(d.batch + 1),
          d.state,
          d.taskId === null ? "-" : String(d.taskId),
          d.finishedAt ?? "-",
          d.reason ?? "",
        ]),
      ),
  });
  if (opts.json !== true) io.stderr.write(`${pageNote(body, offset, "device")}\n`);
  return 0;
}
