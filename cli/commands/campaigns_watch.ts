/**
 * `cwmp campaigns watch ID`: follows a campaign until it ends, with a live progress line on a
 * terminal and one line per change elsewhere.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import { ExitCode, oneLine, UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";
import { type NbiClient, NbiError } from "../nbi_client.ts";
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
import { formatJson } from "../output.ts";
import { parseSeconds } from "../provisioning_flags.ts";
import type { NbiCampaign } from "../provisioning_types.ts";
import { campaignsGroup, settled } from "./campaigns_list.ts";
import { batchText } from "./campaigns_show.ts";

/** The parsed command line of `cwmp campaigns watch`. */
export interface CampaignsWatchOptions extends ConnectionOptions {
  id: string;
  interval: string;
  timeout?: string;
  followPaused?: true;
  json?: true;
}

// A campaign's API may blip (a restart, a locked database); this many failed polls in a row end
// the watch.
const MAX_FAILED_POLLS = 10;
const BAR_WIDTH = 20;
// Carriage return, then erase to the end of the line (as cli/progress.ts).
const ERASE = "\r\x1b[K";

/**
 * Registers `campaigns watch`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerCampaignsWatch(program: Command, context: NbiContext): void {
  withConnectionOptions(
    campaignsGroup(program).command("watch")
      .summary("follow a campaign's progress until it ends")
      .description(
        "Follow a campaign: on a terminal, a line redrawn on stderr with a bar, its devices by " +
          "state (pending, in progress, done, faulted, skipped), the batch and the state; " +
          "then their final line on stdout; otherwise one line on stdout each time they change. " +
          "Ends when the campaign is finished or cancelled (exit 0 when no device faulted, " +
          "else 1), or paused (exit 1 with the reason) unless --follow-paused. --json prints " +
          "the campaign as JSON at the end, and the change lines on stderr.",
      )
      .argument("<ID>", "campaign id")
      .option("--interval <SECONDS>", "time between polls", "1")
      .option("--timeout <SECONDS>", "give up after (exit 1): seconds, or 30m, 2h, 1d")
      .option("--follow-paused", "keep watching a paused campaign (until resumed and ended)"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp campaigns watch 7", description: "Follow campaign 7 until it ends" },
        {
          command: "cwmp campaigns start 7 && cwmp campaigns watch 7 --timeout 2h > rollout.log",
          description: "Start it and log each change, for a script",
        },
        {
          command: "cwmp campaigns watch 7 --follow-paused --interval 10",
          description: "Keep following across pauses, polling every 10 s",
        },
      ]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "campaigns watch",
        context,
      })
    );
}

/**
 * Follows the campaign until it ends, pauses or the timeout passes.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch, clock and sleep.
 * @returns 0 when it ended with no device faulted; 1 when some faulted, it paused, or the
 * timeout passed.
 * @throws {UsageError} A bad id, --interval or --timeout.
 * @throws {NbiError} Unknown campaign, refused, or unreachable for {@link MAX_FAILED_POLLS}.
 */
export async function run(opts: CampaignsWatchOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const id = wholeNumber("campaign id", opts.id, 1);
  const intervalMs = intervalOf(opts.interval);
  const timeoutMs = opts.timeout === undefined
    ? undefined
    : parseSeconds("--timeout", opts.timeout, 1) * 1000;
  const client = clientOf(opts, io, deps);
  const display = createDisplay(io, { json: opts.json === true, now: deps.now });
  const started = deps.now();
  let failures = 0;
  for (;;) {
    let campaign: NbiCampaign | undefined;
    try {
      campaign = await poll(client, id);
      failures = 0;
    } catch (error) {
      if (!transient(error) || ++failures >= MAX_FAILED_POLLS) {
        display.stop();
        throw error;
      }
      display.note(`cwmp campaigns watch: ${oneLine((error as Error).message)}; retrying`);
    }
    const elapsed = deps.now() - started;
    if (campaign !== undefined) {
      display.update(campaign, elapsed);
      const end = endOf(campaign, opts.followPaused === true);
      if (end !== undefined) {
        display.stop();
        finish(io, campaign, opts.json === true);
        if (end.reason !== undefined) io.stderr.write(`cwmp campaigns watch: ${end.reason}\n`);
        return end.code;
      }
    }
    if (timeoutMs !== undefined && elapsed >= timeoutMs) {
      display.stop();
      if (campaign !== undefined) finish(io, campaign, opts.json === true);
      const state = campaign === undefined ? "" : `; campaign ${id} is ${campaign.state}`;
      io.stderr.write(
        `cwmp campaigns watch: timed out after ${Math.round(elapsed / 1000)} s${state}\n`,
      );
      return ExitCode.failed;
    }
    await deps.sleep(intervalMs);
  }
}

async function poll(client: NbiClient, id: number): Promise<NbiCampaign> {
  return (await client.json<NbiCampaign>(`/api/campaigns/${segment(id)}`)).body;
}

function transient(error: unknown): boolean {
  return error instanceof NbiError && (error.status === undefined || error.status >= 500);
}

function intervalOf(text: string): number {
  const seconds = Number(text);
  if (text.trim() === "" || !Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) {
    throw new UsageError(`invalid --interval '${text}': expected seconds from 0.1 to 3600`);
  }
  return Math.round(seconds * 1000);
}

/**
 * Whether the watch ends at this campaign, with which exit code and why.
 *
 * @param campaign The campaign as last read.
 * @param followPaused Whether a pause ends the watch.
 * @returns The end, or undefined to keep watching.
 */
export function endOf(
  campaign: NbiCampaign,
  followPaused: boolean,
): { code: number; reason?: string } | undefined {
  const { faulted } = campaign.counts;
  if (campaign.state === "finished" || campaign.state === "cancelled") {
    if (faulted === 0) return { code: ExitCode.ok };
    return {
      code: ExitCode.failed,
      reason: `campaign ${campaign.id} ${campaign.state} with ${faulted} device` +
        `${faulted === 1 ? "" : "s"} faulted`,
    };
  }
  if (campaign.state === "paused" && !followPaused) {
    return {
      code: ExitCode.failed,
      reason: `campaign ${campaign.id} is paused` +
        (campaign.reason === null ? "" : `: ${campaign.reason}`),
    };
  }
  return undefined;
}

// Without a terminal, the last change line on stdout has said it already.
function finish(io: CliIo, campaign: NbiCampaign, json: boolean): void {
  if (json) io.stdout.write(formatJson({ campaign }));
  else if (io.isTerminal.stderr) io.stdout.write(`${summaryLine(campaign)}\n`);
}

/**
 * The campaign's state and devices in one line, as the non-terminal display prints on each
 * change and the watch prints at its end.
 *
 * @param campaign The campaign.
 * @returns E.g. `campaign 7 running: 90/200 settled (pending 100, in progress 10, done 85,
 * faulted 3, skipped 2), batch 2/4`.
 *
 * @example Usage
 * ```ts
 * import { summaryLine } from "./campaigns_watch.ts";
 * const counts = { total: 2, pending: 0, in_progress: 0, done: 2, faulted: 0, skipped: 0 };
 * const line = summaryLine({
 *   id: 7, state: "finished", reason: null, counts, currentBatch: 0, batches: 1,
 * });
 * if (!line.startsWith("campaign 7 finished: 2/2 settled (pending 0,")) throw new Error(line);
 * ```
 */
export function summaryLine(
  campaign: Pick<
    NbiCampaign,
    "id" | "state" | "reason" | "counts" | "currentBatch" | "batches" | "windowOpensAt"
  >,
): string {
  const c = campaign.counts;
  const batch = batchText(campaign);
  return `campaign ${campaign.id} ${campaign.state}: ${settled(campaign)}/${c.total} settled ` +
    `(pending ${c.pending}, in progress ${c.in_progress}, done ${c.done}, faulted ` +
    `${c.faulted}, skipped ${c.skipped})` + (batch === undefined ? "" : `, ${batch}`) +
    (campaign.reason === null ? "" : `; ${campaign.reason}`) +
    (campaign.windowOpensAt == null ? "" : `; window opens ${campaign.windowOpensAt}`);
}

/**
 * The line a terminal shows, redrawn on each poll: a bar of the settled devices and the counts.
 *
 * @param campaign The campaign.
 * @param elapsedMs Time watched so far.
 * @returns E.g. `campaign 7 running [####......] 45% pending 100 ...`.
 *
 * @example Usage
 * ```ts
 * import { progressBarLine } from "./campaigns_watch.ts";
 * const counts = { total: 4, pending: 1, in_progress: 1, done: 1, faulted: 1, skipped: 0 };
 * const line = progressBarLine({
 *   id: 7, state: "running", reason: null, counts, currentBatch: 1, batches: 2,
 * }, 3000);
 * if (!line.startsWith("campaign 7 running [##########..........]  50% ")) throw new Error(line);
 * ```
 */
export function progressBarLine(
  campaign: Pick<
    NbiCampaign,
    "id" | "state" | "reason" | "counts" | "currentBatch" | "batches" | "windowOpensAt"
  >,
  elapsedMs: number,
): string {
  const c = campaign.counts;
  const ratio = c.total === 0 ? 0 : settled(campaign) / c.total;
  const filled = Math.floor(ratio * BAR_WIDTH);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  const batch = batchText(campaign);
  const note = campaign.reason ??
    (campaign.windowOpensAt == null ? null : `window opens ${campaign.windowOpensAt}`);
  return `campaign ${campaign.id} ${campaign.state} [${"#".repeat(filled)}` +
    `${".".repeat(BAR_WIDTH - filled)}] ${percent} pending ${c.pending} | in progress ` +
    `${c.in_progress} | done ${c.done} | faulted ${c.faulted} | skipped ${c.skipped}` +
    (batch === undefined ? "" : ` | ${batch}`) + (note === null ? "" : ` | ${note}`) +
    ` (${Math.floor(elapsedMs / 1000)} s)`;
}

interface Display {
  update(campaign: NbiCampaign, elapsedMs: number): void;
  /** A diagnostic line, kept apart from a redrawn line. */
  note(text: string): void;
  stop(): void;
}

function createDisplay(io: CliIo, options: { json: boolean; now: () => number }): Display {
  if (io.isTerminal.stderr) {
    let drawn = false;
    return {
      update(campaign, elapsedMs): void {
        io.stderr.write(`${ERASE}${progressBarLine(campaign, elapsedMs)}`);
        drawn = true;
      },
      note(text): void {
        io.stderr.write(`${drawn ? ERASE : ""}${text}\n`);
        drawn = false;
      },
      stop(): void {
        if (drawn) io.stderr.write(ERASE);
        drawn = false;
      },
    };
  }
  // Lines for logs: a change line goes where the data goes, unless the data is the JSON.
  const out = options.json ? io.stderr : io.stdout;
  let last = "";
  return {
    update(campaign): void {
      const line = summaryLine(campaign);
      if (line === last) return;
      last = line;
      out.write(`${new Date(options.now()).toISOString()} ${line}\n`);
    },
    note: (text): void => io.stderr.write(`${text}\n`),
    stop: (): void => {},
  };
}
