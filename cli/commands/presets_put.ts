/**
 * `cwmp presets put ID (--file FILE | flags)`: creates or replaces a preset, checked here with
 * the ACS's own schema before it is sent.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import type { DesiredState, RefreshRule } from "../../acs/provisioning/types.ts";
import { examplesHelp } from "../command.ts";
import { InputError, UsageError } from "../errors.ts";
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
import {
  collect,
  desiredValueOf,
  hasQuery,
  issuesLine,
  loadSchemas,
  parseEventCode,
  parseInteger,
  parseSeconds,
  preconditionOf,
  type ProvisioningSchemas,
  type QueryOptions,
  readJsonFile,
  withQueryOptions,
} from "../provisioning_flags.ts";
import type { NbiPreset } from "../provisioning_types.ts";
import { presetsGroup } from "./presets_list.ts";

/** The parsed command line of `cwmp presets put`. */
export interface PresetsPutOptions extends ConnectionOptions, QueryOptions {
  id: string;
  file?: string;
  description?: string;
  disabled?: true;
  weight?: string;
  event: string[];
  schedule?: string;
  duration?: string;
  device?: string;
  set: string[];
  addTag: string[];
  removeTag: string[];
  softwareVersion?: string;
  firmwareFile?: string;
  refresh: string[];
  json?: true;
}

/**
 * Registers `presets put`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerPresetsPut(program: Command, context: NbiContext): void {
  const command = presetsGroup(program).command("put")
    .summary("create or replace a preset")
    .description(
      "Create the preset ID, or replace it whole. Give the preset as JSON with --file (what " +
        "`presets show --json` prints is accepted), or build it from the flags below: a " +
        "precondition (--device, --where, --tag ...; none: every device), the events that " +
        "trigger it (none: every session), a schedule window, a weight (higher applies later " +
        "and wins), and the desired state (--set, --add-tag, --remove-tag, --software-version, " +
        "--refresh). The preset is checked here before it is sent; a bad one exits 2.",
    )
    .argument("<ID>", "preset id: letters, digits, '.', '_' and '-'")
    .option("--file <FILE>", "the whole preset as JSON ('-' for stdin)")
    .option("--description <TEXT>", "what it is for")
    .option("--disabled", "store it disabled")
    .option("--weight <N>", "order of application: higher applies later and wins (default 0)")
    .option(
      "--event <CODE>",
      "Inform event that triggers it: '1 BOOT', 1 or BOOT (repeatable)",
      collect,
      [] as string[],
    )
    .option("--schedule <CRON>", "window start: minute hour day month weekday, UTC")
    .option("--duration <SECONDS>", "window length (with --schedule): seconds, or 30m, 2h, 1d")
    .option("--device <ID>", "only this device");
  withConnectionOptions(
    withQueryOptions(command)
      .option(
        "--set <PATH=VALUE[:TYPE]>",
        "desired parameter value (repeatable)",
        collect,
        [] as string[],
      )
      .option("--add-tag <TAG>", "tag the device (repeatable)", collect, [] as string[])
      .option("--remove-tag <TAG>", "untag the device (repeatable)", collect, [] as string[])
      .option("--software-version <VERSION>", "desired DeviceInfo.SoftwareVersion")
      .option(
        "--firmware-file <NAME>",
        "file to download for it (default: the ACS's firmware file of that version)",
      )
      .option(
        "--refresh <PATH:MAXAGE>",
        "read PATH again once older than MAXAGE (seconds, or 30m, 6h, 1d) (repeatable)",
        collect,
        [] as string[],
      ),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp presets put inform-5min --event BOOTSTRAP --event BOOT " +
            "--set InternetGatewayDevice.ManagementServer.PeriodicInformInterval=300:unsignedInt",
          description: "Every device: inform every 5 minutes, set at bootstrap and boot",
        },
        {
          command: "cwmp presets put fw-2.1 --oui 00D09E --product-class IGD " +
            "--software-version 2.1 --schedule '0 2 * * *' --duration 2h --weight 10",
          description: "One model: upgrade to 2.1 at night (02:00 to 04:00 UTC)",
        },
        {
          command: "cwmp presets put lab-wifi --tag lab --where 'Device.WiFi.SSID.1.SSID!=lab' " +
            "--set Device.WiFi.SSID.1.SSID=lab --refresh Device.WiFi.:1h --add-tag wifi-set",
          description: "Lab devices: set the SSID, keep the Wi-Fi subtree fresh, tag them",
        },
        {
          command: "cwmp presets put wifi-defaults --file wifi-defaults.json",
          description: "A preset written as JSON (objects, attributes ...)",
        },
      ]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "presets put",
        context,
      })
    );
}

/**
 * Checks the preset and stores it.
 *
 * @param opts The parsed command line.
 * @param io Where to print, and where `--file` is read.
 * @param deps Fetch.
 * @returns 0.
 * @throws {UsageError} A bad id, flag or preset built from flags (exit 2).
 * @throws {InputError} An unreadable or invalid `--file` (exit 2).
 * @throws {NbiError} Refused or unreachable.
 */
export async function run(opts: PresetsPutOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const schemas = await loadSchemas();
  if (!schemas.PRESET_ID.test(opts.id)) {
    throw new UsageError(
      `invalid preset id '${opts.id}': expected 1 to 64 letters, digits, '.', '_' or '-'`,
    );
  }
  let raw: unknown;
  if (opts.file === undefined) raw = bodyFromFlags(opts, schemas);
  else {
    const flags = bodyFlags(opts);
    if (flags.length > 0) {
      throw new UsageError(`--file gives the whole preset: drop ${flags.join(", ")}`);
    }
    raw = fileBody(await readJsonFile(opts.file, io), opts);
  }
  const parsed = schemas.PresetBodySchema.safeParse(raw);
  if (!parsed.success) {
    const why = issuesLine(parsed.error.issues);
    if (opts.file === undefined) throw new UsageError(`invalid preset: ${why}`);
    throw new InputError(`invalid preset in ${opts.file}: ${why}`);
  }
  const { status, body: preset } = await clientOf(opts, io, deps).json<NbiPreset>(
    `/api/presets/${segment(opts.id)}`,
    { method: "PUT", json: parsed.data },
  );
  const created = status === 201;
  writeResult(io, { preset, created }, {
    json: opts.json === true,
    text: () => [`${created ? "created" : "replaced"} preset ${preset.id}`],
  });
  return 0;
}

// The flags that build a body, by how the user wrote them.
function bodyFlags(opts: PresetsPutOptions): string[] {
  const given: [string, boolean][] = [
    ["--description", opts.description !== undefined],
    ["--disabled", opts.disabled === true],
    ["--weight", opts.weight !== undefined],
    ["--event", opts.event.length > 0],
    ["--schedule", opts.schedule !== undefined],
    ["--duration", opts.duration !== undefined],
    ["--device", opts.device !== undefined],
    ["the query flags", hasQuery(opts)],
    ["--set", opts.set.length > 0],
    ["--add-tag", opts.addTag.length > 0],
    ["--remove-tag", opts.removeTag.length > 0],
    ["--software-version", opts.softwareVersion !== undefined],
    ["--firmware-file", opts.firmwareFile !== undefined],
    ["--refresh", opts.refresh.length > 0],
  ];
  return given.filter(([, isGiven]) => isGiven).map(([flag]) => flag);
}

// A file holds the body, or what `presets show --json` printed: its id must be this one.
function fileBody(json: unknown, opts: PresetsPutOptions): unknown {
  const record = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : undefined;
  const document = record(json);
  const inner = record(document?.["preset"]);
  const preset = inner !== undefined && "version" in (document ?? {}) ? inner : document;
  if (preset === undefined) return json;
  const { id, createdAt: _created, updatedAt: _updated, ...body } = preset;
  if (id !== undefined && id !== opts.id) {
    throw new InputError(`${opts.file} holds preset '${String(id)}', not '${opts.id}'`);
  }
  return body;
}

function bodyFromFlags(opts: PresetsPutOptions, schemas: ProvisioningSchemas): unknown {
  if ((opts.schedule === undefined) !== (opts.duration === undefined)) {
    throw new UsageError("give --schedule and --duration together");
  }
  if (opts.firmwareFile !== undefined && opts.softwareVersion === undefined) {
    throw new UsageError("--firmware-file needs --software-version");
  }
  const precondition = {
    ...(opts.device === undefined ? {} : { id: opts.device }),
    ...preconditionOf(opts, schemas),
  };
  const desired: DesiredState = {
    ...(opts.set.length === 0 ? {} : { values: opts.set.map(desiredValueOf) }),
    ...(opts.addTag.length + opts.removeTag.length === 0 ? {} : {
      tags: {
        ...(opts.addTag.length === 0 ? {} : { add: opts.addTag }),
        ...(opts.removeTag.length === 0 ? {} : { remove: opts.removeTag }),
      },
    }),
    ...(opts.softwareVersion === undefined ? {} : {
      softwareVersion: {
        version: opts.softwareVersion,
        ...(opts.firmwareFile === undefined ? {} : { file: opts.firmwareFile }),
      },
    }),
    ...(opts.refresh.length === 0 ? {} : { refresh: opts.refresh.map(refreshRuleOf) }),
  };
  if (Object.keys(desired).length === 0) {
    throw new UsageError(
      "nothing desired: give --set, --add-tag, --remove-tag, --software-version or --refresh, " +
        "or the whole preset with --file",
    );
  }
  return {
    ...(opts.description === undefined ? {} : { description: opts.description }),
    enabled: opts.disabled !== true,
    ...(opts.weight === undefined ? {} : { weight: parseInteger("--weight", opts.weight) }),
    precondition,
    events: opts.event.map(parseEventCode),
    schedule: opts.schedule === undefined || opts.duration === undefined ? null : {
      cron: opts.schedule,
      durationSeconds: parseSeconds("--duration", opts.duration, 1),
    },
    desired,
  };
}

/**
 * `PATH:MAXAGE` as a refresh rule.
 *
 * @param text As typed.
 * @returns The rule.
 * @throws {UsageError} No colon, an empty path or a bad age.
 *
 * @example Usage
 * ```ts
 * import { refreshRuleOf } from "./presets_put.ts";
 * const rule = refreshRuleOf("Device.WiFi.:1h");
 * if (rule.path !== "Device.WiFi." || rule.maxAgeSeconds !== 3600) throw new Error("unexpected");
 * ```
 */
export function refreshRuleOf(text: string): RefreshRule {
  const colon = text.lastIndexOf(":");
  const path = colon < 0 ? "" : text.slice(0, colon).trim();
  if (path === "") {
    throw new UsageError(`invalid --refresh '${text}': expected PATH:MAXAGE, e.g. Device.WiFi.:1h`);
  }
  return { path, maxAgeSeconds: parseSeconds("--refresh", text.slice(colon + 1), 0) };
}
