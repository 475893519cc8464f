/**
 * `cwmp campaigns create --name N ACTION TARGET [pacing] [--start]`: creates a campaign,
 * checked here with the ACS's own schema before it is sent.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import type { CampaignAction, CampaignTarget } from "../../acs/provisioning/types.ts";
import { examplesHelp } from "../command.ts";
import { InputError, UsageError } from "../errors.ts";
import { readInput } from "../input.ts";
import type { CliIo } from "../io.ts";
import {
  clientOf,
  type ConnectionOptions,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  wholeNumber,
  withConnectionOptions,
} from "../nbi_command.ts";
import { writeResult } from "../output.ts";
import {
  collect,
  desiredValueOf,
  hasQuery,
  issuesLine,
  loadSchemas,
  parseSeconds,
  preconditionOf,
  type ProvisioningSchemas,
  type QueryOptions,
  readJsonFile,
  withQueryOptions,
} from "../provisioning_flags.ts";
import type { NbiCampaign } from "../provisioning_types.ts";
import { actionSummary, campaignsGroup, targetSummary } from "./campaigns_list.ts";

/** The parsed command line of `cwmp campaigns create`. */
export interface CampaignsCreateOptions extends ConnectionOptions, QueryOptions {
  name?: string;
  file?: string;
  reboot?: true;
  factoryReset?: true;
  set: string[];
  firmware?: string;
  softwareVersion?: string;
  allDevices?: true;
  devices?: string;
  devicesFile?: string;
  batchSize?: string;
  batchPercent?: string;
  concurrency?: string;
  window?: string;
  windowDuration?: string;
  failureThreshold?: string;
  deviceTimeout?: string;
  start?: true;
  json?: true;
}

/**
 * Registers `campaigns create`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerCampaignsCreate(program: Command, context: NbiContext): void {
  const command = campaignsGroup(program).command("create")
    .summary("create a campaign")
    .description(
      "Create a campaign: one action (--reboot, --factory-reset, --set ..., or --firmware) for " +
        "the devices a query selects (--where, --tag, --oui ...; --all-devices for every " +
        "device) or a list (--devices, --devices-file), paced in batches. It is created as a " +
        "draft unless --start is given. --file gives the whole campaign as JSON instead; " +
        "--name and --start may still be given with it. The campaign is checked here before " +
        "it is sent; a bad one exits 2.",
    )
    .option("--name <NAME>", "what to call it")
    .option("--file <FILE>", "the whole campaign as JSON ('-' for stdin)")
    .option("--reboot", "action: reboot each device")
    .option("--factory-reset", "action: factory-reset each device")
    .option("--set <PATH=VALUE[:TYPE]>", "action: set values (repeatable)", collect, [] as string[])
    .option("--firmware <FILE_NAME>", "action: download this firmware file of the ACS's files")
    .option(
      "--software-version <VERSION>",
      "with --firmware: the version devices must report after (default: the file's)",
    );
  withConnectionOptions(
    withQueryOptions(command)
      .option("--all-devices", "target every device (no query flag)")
      .option("--devices <IDS>", "target these devices: ids separated by commas")
      .option("--devices-file <FILE>", "target the devices listed in FILE, one a line ('-': stdin)")
      .option("--batch-size <N>", "devices per batch (default: all in one)")
      .option("--batch-percent <P>", "devices per batch, as a percentage of the target")
      .option("--concurrency <N>", "devices in progress at once, at most (default 50)")
      .option("--window <CRON>", "admit devices only in this window: its start, UTC")
      .option("--window-duration <SECONDS>", "window length: seconds, or 30m, 2h, 1d")
      .option("--failure-threshold <N>", "pause after this many devices fault")
      .option("--device-timeout <SECONDS>", "fault a device without outcome after (default 1h)")
      .option("--start", "start it at once"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp campaigns create --name 'fw 2.1' --firmware fw-2.1.bin " +
            "--software-version 2.1 --oui 00D09E --product-class IGD --batch-size 50 " +
            "--failure-threshold 5 --window '0 1 * * *' --window-duration 4h --start",
          description: "Upgrade one model at night, 50 at a time, pausing after 5 failures",
        },
        {
          command: "cwmp campaigns create --name 'reboot lab' --reboot --tag lab --concurrency 5",
          description: "A draft: reboot the lab devices, 5 at once (start it later)",
        },
        {
          command: "cwmp campaigns create --name ntp --devices-file ids.txt " +
            "--set InternetGatewayDevice.Time.NTPServer1=ntp.example.net --batch-percent 10",
          description: "Set a value on listed devices, a tenth of them per batch",
        },
        {
          command: "cwmp campaigns create --file campaign.json --name 'retry 2' --start",
          description: "A campaign written as JSON, renamed and started",
        },
      ]),
    )
    .action((options) =>
      runNbiAction(() => run(options, context.io, context.deps), {
        command: "campaigns create",
        context,
      })
    );
}

/**
 * Checks the campaign and creates it.
 *
 * @param opts The parsed command line.
 * @param io Where to print, and where files are read.
 * @param deps Fetch.
 * @returns 0.
 * @throws {UsageError} Flags that contradict each other or a bad value (exit 2).
 * @throws {InputError} An unreadable or invalid file (exit 2).
 * @throws {NbiError} Refused or unreachable.
 */
export async function run(
  opts: CampaignsCreateOptions,
  io: CliIo,
  deps: NbiDeps,
): Promise<number> {
  const schemas = await loadSchemas();
  const raw = opts.file === undefined
    ? await bodyFromFlags(opts, io, schemas)
    : await fileBody(opts, io);
  const parsed = schemas.CampaignBodySchema.safeParse(raw);
  if (!parsed.success) {
    const why = issuesLine(parsed.error.issues);
    if (opts.file === undefined) throw new UsageError(`invalid campaign: ${why}`);
    throw new InputError(`invalid campaign in ${opts.file}: ${why}`);
  }
  const { body: campaign } = await clientOf(opts, io, deps).json<NbiCampaign>("/api/campaigns", {
    method: "POST",
    json: parsed.data,
  });
  writeResult(io, { campaign }, {
    json: opts.json === true,
    text: () => [
      `created campaign ${campaign.id} (${campaign.state}): ${actionSummary(campaign.action)}, ` +
      targetSummary(campaign.target),
    ],
  });
  if (opts.json !== true && campaign.state === "draft") {
    io.stderr.write(`start it with: cwmp campaigns start ${campaign.id}\n`);
  }
  return 0;
}

async function fileBody(opts: CampaignsCreateOptions, io: CliIo): Promise<unknown> {
  const conflicting = [
    ...actionFlags(opts),
    ...targetFlags(opts),
    ...[
      ["--batch-size", opts.batchSize],
      ["--batch-percent", opts.batchPercent],
      ["--concurrency", opts.concurrency],
      ["--window", opts.window],
      ["--window-duration", opts.windowDuration],
      ["--failure-threshold", opts.failureThreshold],
      ["--device-timeout", opts.deviceTimeout],
    ].filter(([, value]) => value !== undefined).map(([flag]) => flag),
  ];
  if (conflicting.length > 0) {
    throw new UsageError(`--file gives the whole campaign: drop ${conflicting.join(", ")}`);
  }
  const json = await readJsonFile(opts.file ?? "-", io);
  if (typeof json !== "object" || json === null || Array.isArray(json)) return json;
  return {
    ...json,
    ...(opts.name === undefined ? {} : { name: opts.name }),
    ...(opts.start === undefined ? {} : { start: true }),
  };
}

function actionFlags(opts: CampaignsCreateOptions): string[] {
  return [
    ...(opts.reboot ? ["--reboot"] : []),
    ...(opts.factoryReset ? ["--factory-reset"] : []),
    ...(opts.set.length > 0 ? ["--set"] : []),
    ...(opts.firmware === undefined ? [] : ["--firmware"]),
    ...(opts.softwareVersion === undefined ? [] : ["--software-version"]),
  ];
}

function targetFlags(opts: CampaignsCreateOptions): string[] {
  return [
    ...(hasQuery(opts) ? ["the query flags"] : []),
    ...(opts.allDevices ? ["--all-devices"] : []),
    ...(opts.devices === undefined ? [] : ["--devices"]),
    ...(opts.devicesFile === undefined ? [] : ["--devices-file"]),
  ];
}

async function bodyFromFlags(
  opts: CampaignsCreateOptions,
  io: CliIo,
  schemas: ProvisioningSchemas,
): Promise<unknown> {
  if (opts.name === undefined) throw new UsageError("give --name (or --file)");
  if ((opts.window === undefined) !== (opts.windowDuration === undefined)) {
    throw new UsageError("give --window and --window-duration together");
  }
  const count = (flag: string, value: string | undefined): number | undefined =>
    value === undefined ? undefined : wholeNumber(flag, value, 1);
  const batchPercent = opts.batchPercent === undefined ? undefined : Number(opts.batchPercent);
  if (batchPercent !== undefined && !(batchPercent > 0 && batchPercent <= 100)) {
    throw new UsageError(
      `invalid --batch-percent '${opts.batchPercent}': expected a number above 0, at most 100`,
    );
  }
  const optional = (key: string, value: unknown): Record<string, unknown> =>
    value === undefined ? {} : { [key]: value };
  return {
    name: opts.name,
    action: actionOf(opts),
    target: await targetOf(opts, io, schemas),
    ...optional("batchSize", count("--batch-size", opts.batchSize)),
    ...optional("batchPercent", batchPercent),
    ...optional("concurrency", count("--concurrency", opts.concurrency)),
    ...optional(
      "window",
      opts.window === undefined || opts.windowDuration === undefined ? undefined : {
        cron: opts.window,
        durationSeconds: parseSeconds("--window-duration", opts.windowDuration, 1),
      },
    ),
    ...optional("failureThreshold", count("--failure-threshold", opts.failureThreshold)),
    ...optional(
      "deviceTimeoutSeconds",
      opts.deviceTimeout === undefined
        ? undefined
        : parseSeconds("--device-timeout", opts.deviceTimeout, 1),
    ),
    start: opts.start === true,
  };
}

function actionOf(opts: CampaignsCreateOptions): CampaignAction {
  const given = actionFlags(opts).filter((f) => f !== "--software-version");
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? "no action: give --reboot, --factory-reset, --set PATH=VALUE or --firmware FILE_NAME"
        : `give one action, not ${given.join(" and ")}`,
    );
  }
  if (opts.softwareVersion !== undefined && opts.firmware === undefined) {
    throw new UsageError("--software-version goes with --firmware");
  }
  if (opts.reboot) return { kind: "reboot" };
  if (opts.factoryReset) return { kind: "factoryReset" };
  if (opts.firmware !== undefined) {
    return {
      kind: "firmware",
      file: opts.firmware,
      ...(opts.softwareVersion === undefined ? {} : { softwareVersion: opts.softwareVersion }),
    };
  }
  return { kind: "setValues", values: opts.set.map(desiredValueOf) };
}

async function targetOf(
  opts: CampaignsCreateOptions,
  io: CliIo,
  schemas: ProvisioningSchemas,
): Promise<CampaignTarget> {
  const given = targetFlags(opts);
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? "no target: give query flags (--where, --tag, --oui ...), --devices, --devices-file, " +
          "or --all-devices"
        : `give one target, not ${given.join(" and ")}`,
    );
  }
  if (opts.allDevices) return { query: {} };
  if (hasQuery(opts)) return { query: preconditionOf(opts, schemas) };
  const devices = opts.devices === undefined
    ? deviceIdsOf(new TextDecoder().decode(await readDevicesFile(opts.devicesFile ?? "-", io)))
    : deviceIdsOf(opts.devices);
  if (devices.length === 0) {
    throw new UsageError(
      opts.devices === undefined ? `no device ids in ${opts.devicesFile}` : "--devices is empty",
    );
  }
  return { devices };
}

async function readDevicesFile(source: string, io: CliIo): Promise<Uint8Array> {
  try {
    return await readInput(source, io);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`--devices-file: ${error.message}`);
    throw error;
  }
}

/**
 * Device ids from a list: separated by commas, spaces or lines; `#` starts a comment; each id
 * once, in the order first given.
 *
 * @param text The list.
 * @returns The ids.
 *
 * @example Usage
 * ```ts
 * import { deviceIdsOf } from "./campaigns_create.ts";
 * const ids = deviceIdsOf("# lab\nGW-1, GW-2\nGW-1  # again\n");
 * if (ids.join("|") !== "GW-1|GW-2") throw new Error(ids.join("|"));
 * ```
 */
export function deviceIdsOf(text: string): string[] {
  const ids = text.split("\n").flatMap((line) => line.replace(/#.*/, "").split(/[\s,]+/));
  return [...new Set(ids.filter((id) => id !== ""))];
}
