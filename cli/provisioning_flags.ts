/**
 * What `cwmp presets put` and `cwmp campaigns create` share: the device-query flags that become
 * a precondition or a campaign's target (`--where`, `--tag`, `--oui` ...), the parsers of their
 * other flags (event codes, durations, `PATH=VALUE[:TYPE]`), and the local check of a body with
 * the ACS's own zod schemas, loaded only when such a command runs.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import type { DesiredValue, Precondition } from "../acs/provisioning/types.ts";
import { canonicalValue } from "../protocol/rpc/values.ts";
import { parseAssignment } from "./commands/param_set.ts";
import { InputError, UsageError } from "./errors.ts";
import type { CliIo } from "./io.ts";
import { readInput } from "./input.ts";
import { parseJsonInput } from "./json_input.ts";

/** The ACS's provisioning schemas (zod), loaded when a command needs them. */
export type ProvisioningSchemas = typeof import("../acs/provisioning/schemas.ts");

/**
 * Loads the schemas. Not a static import: zod then loads with the commands that check a body,
 * not with every CLI start (see acs_serve.ts).
 *
 * @returns The module.
 */
export function loadSchemas(): Promise<ProvisioningSchemas> {
  return import("../acs/provisioning/schemas.ts");
}

/** Appends a repeated option's value. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The device-query flags. */
export interface QueryOptions {
  /** `PATH<op>VALUE` conditions on cached parameter values. */
  where: string[];
  tag: string[];
  notTag: string[];
  oui?: string;
  manufacturer?: string;
  productClass?: string;
  serialNumber?: string;
  currentVersion?: string;
}

/**
 * Adds the device-query flags to a command.
 *
 * @param command The command being defined.
 * @param about What the query selects, for the option descriptions ("devices").
 * @returns The same command, its options typed.
 */
// The return type is left to inference: commander's typings build it from each option.
// deno-lint-ignore explicit-function-return-type
export function withQueryOptions<A extends unknown[], O extends Record<string, unknown>>(
  command: Command<A, O>,
) {
  return command
    .option(
      "--where <PATH<op>VALUE>",
      "cached parameter condition, op one of = != ~ < > <= >= (repeatable: all hold)",
      collect,
      [] as string[],
    )
    .option("--tag <TAG>", "device has this tag (repeatable: has all)", collect, [] as string[])
    .option("--not-tag <TAG>", "device lacks this tag (repeatable)", collect, [] as string[])
    .option("--oui <OUI>", "device's manufacturer OUI")
    .option("--manufacturer <NAME>", "device's manufacturer")
    .option("--product-class <CLASS>", "device's product class")
    .option("--serial-number <SERIAL>", "device's serial number")
    .option("--current-version <VERSION>", "device's cached DeviceInfo.SoftwareVersion");
}

/**
 * The precondition (or campaign query) the flags describe; `{}` when none is given.
 *
 * @param opts The parsed flags.
 * @param schemas For the `PATH<op>VALUE` syntax.
 * @returns The precondition.
 * @throws {UsageError} A malformed `--where`.
 */
export function preconditionOf(opts: QueryOptions, schemas: ProvisioningSchemas): Precondition {
  for (const condition of opts.where) {
    if (!schemas.PRECONDITION_PARAM.test(condition)) {
      throw new UsageError(
        `invalid --where '${condition}': expected PATH<op>VALUE with op one of = != ~ < > <= >=`,
      );
    }
  }
  const given = (key: keyof Precondition, value: string | readonly string[] | undefined) =>
    value === undefined || (Array.isArray(value) && value.length === 0) ? {} : { [key]: value };
  return {
    ...given("oui", opts.oui),
    ...given("manufacturer", opts.manufacturer),
    ...given("productClass", opts.productClass),
    ...given("serialNumber", opts.serialNumber),
    ...given("softwareVersion", opts.currentVersion),
    ...given("tag", opts.tag),
    ...given("notTag", opts.notTag),
    ...given("param", opts.where),
  };
}

/**
 * Whether any device-query flag was given.
 *
 * @param opts The parsed flags.
 * @returns True when at least one was.
 */
export function hasQuery(opts: QueryOptions): boolean {
  return opts.where.length + opts.tag.length + opts.notTag.length > 0 ||
    [opts.oui, opts.manufacturer, opts.productClass, opts.serialNumber, opts.currentVersion]
      .some((v) => v !== undefined);
}

const EVENTS = [
  "0 BOOTSTRAP",
  "1 BOOT",
  "2 PERIODIC",
  "3 SCHEDULED",
  "4 VALUE CHANGE",
  "5 KICKED",
  "6 CONNECTION REQUEST",
  "7 TRANSFER COMPLETE",
  "8 DIAGNOSTICS COMPLETE",
  "9 REQUEST DOWNLOAD",
  "10 AUTONOMOUS TRANSFER COMPLETE",
  "11 DU STATE CHANGE COMPLETE",
  "12 AUTONOMOUS DU STATE CHANGE COMPLETE",
  "13 WAKEUP",
  "14 HEARTBEAT",
];

/**
 * An Inform event code as typed: a whole code (`1 BOOT`, `M Download`, `X 00D09E Ev`), or a
 * standard one by its number (`1`) or its name in any case (`boot`, `value change`).
 *
 * @param text As typed.
 * @returns The event code as the device sends it.
 * @throws {UsageError} Neither.
 * @see TR-069 Issue 1, A.3.3.1 Inform, EventStruct
 *
 * @example Usage
 * ```ts
 * import { parseEventCode } from "./provisioning_flags.ts";
 * if (parseEventCode("boot") !== "1 BOOT" || parseEventCode("0") !== "0 BOOTSTRAP") {
 *   throw new Error("unexpected");
 * }
 * if (parseEventCode("M Download") !== "M Download") throw new Error("unexpected");
 * ```
 */
export function parseEventCode(text: string): string {
  const code = text.trim();
  const upper = code.toUpperCase().replace(/\s+/g, " ");
  const known = EVENTS.find((e) =>
    e === upper || e.split(" ")[0] === upper || e.slice(e.indexOf(" ") + 1) === upper
  );
  if (known !== undefined) return known;
  if (/^[MX] \S/.test(code) && code.length <= 64) return code;
  throw new UsageError(
    `invalid --event '${text}': expected a code like '1 BOOT', its number or name (BOOT), ` +
      "or 'M <method>' / 'X <OUI> <event>'",
  );
}

const UNITS: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * A duration: whole seconds, or a number with `s`, `m`, `h` or `d`.
 *
 * @param flag The option, for the message.
 * @param text As typed.
 * @param min The least number of seconds allowed.
 * @returns Seconds.
 * @throws {UsageError} Not a duration, or below `min`.
 *
 * @example Usage
 * ```ts
 * import { parseSeconds } from "./provisioning_flags.ts";
 * if (parseSeconds("--duration", "2h", 60) !== 7200) throw new Error("unexpected");
 * ```
 */
export function parseSeconds(flag: string, text: string, min: number): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/i.exec(text.trim());
  const seconds = match === null
    ? NaN
    : Number(match[1]) * (UNITS[(match[2] ?? "").toLowerCase()] ?? NaN);
  if (!Number.isSafeInteger(seconds) || seconds < min) {
    throw new UsageError(
      `invalid ${flag} '${text}': expected whole seconds from ${min}, or a number with s, m, h or d`,
    );
  }
  return seconds;
}

/**
 * A whole number, negative ones too.
 *
 * @param flag The option, for the message.
 * @param text As typed.
 * @returns The number.
 * @throws {UsageError} Not a whole number.
 */
export function parseInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(n)) {
    throw new UsageError(`invalid ${flag} '${text}': expected a whole number`);
  }
  return n;
}

/**
 * `PATH=VALUE[:TYPE]` as a desired value; a value with a type must be one of that type.
 *
 * @param text As typed.
 * @returns The value, with its type when given.
 * @throws {UsageError} Malformed, or not of its type.
 */
export function desiredValueOf(text: string): DesiredValue {
  const { name, value, type } = parseAssignment(text);
  if (type === undefined) return { name, value };
  const canonical = canonicalValue(type, value);
  if (canonical === undefined) {
    throw new UsageError(`invalid value '${value}' for ${name}: not a valid ${type}`);
  }
  return { name, value: canonical, type };
}

/** The issues of a failed zod parse, as one line: `desired.values.0.name: expected ...`. */
export function issuesLine(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string {
  return issues.map((issue) => {
    const where = issue.path.map(String).join(".");
    return where === "" ? issue.message : `${where}: ${issue.message}`;
  }).join("; ");
}

/**
 * Reads a JSON body from a file (or stdin for `-`).
 *
 * @param source The path, or `-`.
 * @param io Where to read.
 * @returns The parsed JSON.
 * @throws {InputError} Unreadable or not JSON (exit 2).
 */
export async function readJsonFile(source: string, io: CliIo): Promise<unknown> {
  const text = new TextDecoder().decode(await readInput(source, io));
  try {
    return parseJsonInput(text);
  } catch (error) {
    // The file's name first, then where in it.
    if (error instanceof InputError && source !== "-") {
      throw new InputError(`${source}: ${error.describe()}`);
    }
    throw error;
  }
}
