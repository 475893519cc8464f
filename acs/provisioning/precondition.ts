/**
 * Whether a preset applies to a device: its {@link Precondition} evaluated in memory over the
 * device record and the parameters the session loaded, with the semantics of the device
 * filters of `GET /api/devices` (acs/nbi/device_query.ts), which evaluates them in SQL.
 *
 * @module
 */

import { canonicalValue } from "../../protocol/rpc/values.ts";
import { PRECONDITION_PARAM } from "./schemas.ts";
import type { CachedParameter, DeviceView, Precondition } from "./types.ts";

/**
 * Where the data models keep the software version, in the order the API's SoftwareVersion
 * column picks them (`ORDER BY path`).
 */
const SOFTWARE_VERSION_PATHS: readonly string[] = [
  "Device.DeviceInfo.SoftwareVersion",
  "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
];

// The number grammar of device_query.ts, applied to both sides (see compareValues).
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

type Op = "=" | "!=" | "~" | "<" | "<=" | ">" | ">=";

/** One `PATH<op>VALUE` of a precondition, split. */
interface ParamCondition {
  path: string;
  op: Op;
  value: string;
}

/**
 * The device's `DeviceInfo.SoftwareVersion` from its cached parameters: the value under the
 * `Device.` root, else under `InternetGatewayDevice.`; null when neither is cached with a value.
 *
 * @param device The device with the parameters the session loaded.
 * @returns The version, or null when unknown.
 *
 * @example Usage
 * ```ts
 * import { softwareVersionOf } from "./precondition.ts";
 * const version = softwareVersionOf({
 *   id: "00D09E-GW-1", oui: "00D09E", manufacturer: "Acme", productClass: "GW",
 *   serialNumber: "1", tags: [], firstInform: 0, lastInform: 0,
 *   parameters: new Map([["InternetGatewayDevice.DeviceInfo.SoftwareVersion", {
 *     value: "2.1", type: "string", writable: false, notification: null, fetchedAt: 0,
 *     listedAt: null,
 *   }]]),
 * });
 * if (version !== "2.1") throw new Error("unexpected");
 * ```
 */
export function softwareVersionOf(device: DeviceView): string | null {
  for (const path of SOFTWARE_VERSION_PATHS) {
    const value = device.parameters.get(path)?.value;
    if (value !== undefined && value !== null) return value;
  }
  return null;
}

/**
 * The parameter names a precondition reads, each once, so the caller knows which cached
 * parameters to load before {@link matchesPrecondition}: the paths of `param` and, when
 * `softwareVersion` is given, both SoftwareVersion paths. A malformed `param` reads nothing.
 *
 * @param pre The precondition.
 * @returns Full parameter names, in order of first mention.
 *
 * @example Usage
 * ```ts
 * import { preconditionPaths } from "./precondition.ts";
 * const paths = preconditionPaths({ param: ["Device.DeviceInfo.UpTime>60"] });
 * if (paths.join() !== "Device.DeviceInfo.UpTime") throw new Error("unexpected");
 * ```
 */
export function preconditionPaths(pre: Precondition): string[] {
  const paths = new Set<string>();
  if (pre.softwareVersion !== undefined) {
    for (const path of SOFTWARE_VERSION_PATHS) paths.add(path);
  }
  for (const text of pre.param ?? []) {
    const condition = parseCondition(text);
    if (condition !== null) paths.add(condition.path);
  }
  return [...paths];
}

/**
 * Whether a device meets a precondition: every given field must hold (`{}` matches every
 * device). `id`, `oui`, `manufacturer`, `productClass`, `serialNumber` and `softwareVersion`
 * compare exactly; the device must have every `tag` and none of `notTag`.
 *
 * Each `param` is `PATH<op>VALUE`: `~` contains; `=`, `!=`, `<`, `<=`, `>`, `>=` compare as
 * numbers when both the given value (white space trimmed) and the cached value are decimal
 * numbers, as text (by code point, as SQLite does) otherwise. When the cached parameter is an
 * `xsd:boolean` and the given value is `0`, `1`, `true` or `false` (any case), `=` and `!=`
 * compare truth values, so `Enable=1` matches a cached `true`. A parameter that is not cached,
 * or is cached without a value, fails every condition on it, `!=` included; so does a
 * malformed condition.
 *
 * @param pre The precondition (validated by `PreconditionSchema`).
 * @param device The device, with at least the parameters of {@link preconditionPaths} loaded.
 * @returns True when every condition holds.
 *
 * @example Usage
 * ```ts
 * import { matchesPrecondition } from "./precondition.ts";
 * const device = {
 *   id: "00D09E-GW-1", oui: "00D09E", manufacturer: "Acme", productClass: "GW",
 *   serialNumber: "1", tags: ["lab"], firstInform: 0, lastInform: 0,
 *   parameters: new Map([["Device.DeviceInfo.UpTime", {
 *     value: "3600", type: "unsignedInt" as const, writable: false, notification: null,
 *     fetchedAt: 0, listedAt: null,
 *   }]]),
 * };
 * if (!matchesPrecondition({ tag: ["lab"], param: ["Device.DeviceInfo.UpTime>=600"] }, device)) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function matchesPrecondition(pre: Precondition, device: DeviceView): boolean {
  if (pre.id !== undefined && pre.id !== device.id) return false;
  if (pre.oui !== undefined && pre.oui !== device.oui) return false;
  if (pre.manufacturer !== undefined && pre.manufacturer !== device.manufacturer) return false;
  if (pre.productClass !== undefined && pre.productClass !== device.productClass) return false;
  if (pre.serialNumber !== undefined && pre.serialNumber !== device.serialNumber) return false;
  if (pre.softwareVersion !== undefined && pre.softwareVersion !== softwareVersionOf(device)) {
    return false;
  }
  if (pre.tag !== undefined && !pre.tag.every((t) => device.tags.includes(t))) return false;
  if (pre.notTag !== undefined && pre.notTag.some((t) => device.tags.includes(t))) return false;
  return (pre.param ?? []).every((text) => {
    const condition = parseCondition(text);
    return condition !== null && holds(condition, device.parameters.get(condition.path));
  });
}

function parseCondition(text: string): ParamCondition | null {
  const match = PRECONDITION_PARAM.exec(text);
  if (match === null) return null;
  const [, path, op, value] = match;
  if (path === undefined || op === undefined || value === undefined) return null;
  return { path, op: op as Op, value };
}

function holds(condition: ParamCondition, parameter: CachedParameter | undefined): boolean {
  const cached = parameter?.value;
  if (cached === undefined || cached === null) return false;
  const { op, value } = condition;
  if (op === "~") return cached.includes(value);
  if ((op === "=" || op === "!=") && parameter?.type === "boolean") {
    const given = canonicalValue("boolean", value);
    const stored = canonicalValue("boolean", cached);
    if (given !== undefined && stored !== undefined) return (given === stored) === (op === "=");
  }
  const order = compareValues(cached, value);
  switch (op) {
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
  }
}

/**
 * Orders a cached value against a given one: as numbers when both are numbers, else as text.
 * The SQL of device_query.ts tests the stored side with a GLOB that also lets through a few
 * non-numbers (`1-2`, `1e`), which SQLite then reads by their numeric prefix; here a stored
 * value is a number only when it fits the number grammar as it stands (no white space, as the
 * GLOB allows none).
 */
function compareValues(cached: string, given: string): number {
  if (NUMBER.test(given.trim()) && NUMBER.test(cached)) {
    const a = Number(cached);
    const b = Number(given);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return compareCodePoints(cached, given);
}

/**
 * Orders strings by code point, as SQLite's BINARY collation orders UTF-8; JavaScript's `<`
 * orders UTF-16 code units, which puts U+10000 and above before U+E000-U+FFFF.
 */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Surrogates (D800-DFFF) move above E000-FFFF; the first differing unit then decides.
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
