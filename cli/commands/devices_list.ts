/**
 * `cwmp devices list [filters]`: the devices the ACS knows, through its API.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import { UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";
import type { NbiDevice, NbiPage } from "../nbi_client.ts";
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

/** The parsed command line of `cwmp devices list`. */
export interface DevicesListOptions extends ConnectionOptions {
  id?: string;
  oui?: string;
  productClass?: string;
  softwareVersion?: string;
  /** Tags the devices must all have. */
  tag: string[];
  informedBefore?: string;
  informedAfter?: string;
  /** `PATH<op>VALUE` filters on stored parameters. */
  param: string[];
  sort?: string;
  limit: string;
  offset: string;
  json?: true;
}

/** The `devices` group, created on first use. */
export function devicesGroup(program: Command): ReturnType<typeof commandGroup> {
  return commandGroup(program, "devices", {
    summary: "list, show, tag and delete devices (ACS API)",
    description: "The devices the ACS knows, through its northbound API (--server, --token).",
  });
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const PARAM_FILTER = /^([^=<>~]+)(<=|>=|=|~|<|>)(.*)$/s;

/**
 * Registers `devices list`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerDevicesList(program: Command, context: NbiContext): void {
  withConnectionOptions(
    devicesGroup(program).command("list")
      .summary("list devices")
      .description(
        "List the devices the ACS knows, with filters: ID, PRODUCT CLASS, SOFTWARE, " +
          "LAST INFORM and TAGS, one device a line; stderr says which of how many are shown. " +
          "--param filters on stored parameter values: PATH=VALUE (equals), PATH~TEXT " +
          "(contains), PATH<N, PATH>N, PATH<=N, PATH>=N (numeric when both are numbers).",
      )
      .option("--id <ID>", "exactly this device id")
      .option("--oui <OUI>", "manufacturer OUI")
      .option("--product-class <CLASS>", "product class")
      .option("--software-version <VERSION>", "software version")
      .option("--tag <TAG>", "has this tag (repeatable: has all)", collect, [] as string[])
      .option("--informed-before <TIME>", "last Inform before this ISO 8601 time")
      .option("--informed-after <TIME>", "last Inform after this ISO 8601 time")
      .option(
        "--param <PATH=VALUE>",
        "parameter filter (repeatable, see above)",
        collect,
        [] as string[],
      )
      .option("--sort <FIELD[:desc]>", "id, lastInform, oui or productClass, then :desc if wanted")
      .option("--limit <N>", "devices per page", "50")
      .option("--offset <N>", "devices to skip", "0"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp devices list", description: "The first 50 devices" },
        {
          command: "cwmp devices list --oui 00D09E --tag lab --sort lastInform:desc",
          description: "Lab devices of one maker, last seen first",
        },
        {
          command: "cwmp devices list --param 'InternetGatewayDevice.DeviceInfo.UpTime<600' --json",
          description: "Devices that booted in the last ten minutes, as JSON",
        },
      ]),
    )
    .action((options) =>
      runNbiAction(() => run(options, context.io, context.deps), {
        command: "devices list",
        context,
      })
    );
}

/**
 * Lists the devices.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {UsageError} A malformed --param, --limit, --offset or time.
 * @throws {NbiError} The API refused or could not be reached.
 */
export async function run(opts: DevicesListOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  for (const filter of opts.param) {
    if (!PARAM_FILTER.test(filter)) {
      throw new UsageError(
        `invalid --param '${filter}': expected PATH<op>VALUE with op one of = ~ < > <= >=`,
      );
    }
  }
  const limit = wholeNumber("--limit", opts.limit, 1);
  const offset = wholeNumber("--offset", opts.offset, 0);
  const client = clientOf(opts, io, deps);
  const { body } = await client.json<NbiPage<NbiDevice>>("/api/devices", {
    query: {
      id: opts.id,
      oui: opts.oui,
      productClass: opts.productClass,
      softwareVersion: opts.softwareVersion,
      tag: opts.tag,
      informedBefore: isoTime("--informed-before", opts.informedBefore),
      informedAfter: isoTime("--informed-after", opts.informedAfter),
      param: opts.param,
      sort: opts.sort,
      limit,
      offset,
    },
  });
  writeResult(io, { total: body.total, items: body.items }, {
    json: opts.json === true,
    text: () =>
      formatTable(
        ["ID", "PRODUCT CLASS", "SOFTWARE", "LAST INFORM", "TAGS"],
        body.items.map((d) => [
          d.id,
          d.productClass,
          d.softwareVersion ?? "-",
          d.lastInform ?? "-",
          d.tags.length === 0 ? "-" : d.tags.join(","),
        ]),
      ),
  });
  if (opts.json !== true) io.stderr.write(`${pageNote(body, offset, "device")}\n`);
  return 0;
}

/**
 * `devices 1-20 of 135`, or `no devices` for an empty page.
 *
 * @param page The page.
 * @param offset Where it starts.
 * @param noun What is listed, singular.
 * @returns The note.
 */
export function pageNote(page: NbiPage<unknown>, offset: number, noun: string): string {
  if (page.items.length === 0) return `no ${noun}s (${page.total} in all)`;
  return `${noun}s ${offset + 1}-${offset + page.items.length} of ${page.total}`;
}

/**
 * An ISO 8601 time option, normalised to UTC.
 *
 * @param flag The option's name, for the message.
 * @param value As typed, or undefined.
 * @returns The time in UTC, or undefined.
 * @throws {UsageError} Not a time.
 */
export function isoTime(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(time.getTime())) {
    throw new UsageError(`invalid ${flag} '${value}': expected an ISO 8601 time`);
  }
  return time.toISOString();
}
