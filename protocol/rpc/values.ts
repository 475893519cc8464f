/**
 * Parameter values and their XML Schema types (TR-069 A.2.1).
 *
 * A value is carried as its canonical lexical form in a string, with its type beside it: no
 * precision is lost for 64-bit integers, and JSON round trips are exact.
 *
 * @module
 */

import { LocalProtocolError } from "../errors.ts";

/** The value types of TR-069 A.2.1 Table 6, plus the 64-bit integers of later data models. */
export type ValueType =
  | "string"
  | "int"
  | "unsignedInt"
  | "long"
  | "unsignedLong"
  | "boolean"
  | "dateTime"
  | "base64";

/** Every {@link ValueType}. */
export const VALUE_TYPES: readonly ValueType[] = [
  "string",
  "int",
  "unsignedInt",
  "long",
  "unsignedLong",
  "boolean",
  "dateTime",
  "base64",
];

/** A parameter name with its typed value (ParameterValueStruct, spec A.3.2.1 Table 11). */
export interface ParameterValueStruct {
  name: string;
  type: ValueType;
  /** Canonical lexical form; for `dateTime` a device's invalid text is kept as it came. */
  value: string;
}

/**
 * The Unknown Time of TR-106 (`0001-01-01T00:00:00Z`), also the base of the time-since-boot
 * form (`0001-01-01T00:00:00Z` plus the seconds since boot).
 */
export const UNKNOWN_TIME = "0001-01-01T00:00:00Z";

const RANGES: Readonly<Record<"int" | "unsignedInt" | "long" | "unsignedLong", [bigint, bigint]>> =
  {
    int: [-(2n ** 31n), 2n ** 31n - 1n],
    unsignedInt: [0n, 2n ** 32n - 1n],
    long: [-(2n ** 63n), 2n ** 63n - 1n],
    unsignedLong: [0n, 2n ** 64n - 1n],
  };

const DATE_TIME =
  /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-](0\d|1[0-4]):[0-5]\d)?$/;
// The character before padding may only use the bits that remain (base64Binary's lexical space).
const BASE64 = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$/;

/**
 * Whether `text` is a valid xsd:dateTime (the year 0000 and month 00 of some CPEs are not).
 *
 * @example Usage
 * ```ts
 * import { isValidDateTime } from "./values.ts";
 * if (!isValidDateTime("2004-05-01T12:00:00Z") || isValidDateTime("0000-00-00T00:00:00")) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function isValidDateTime(text: string): boolean {
  return DATE_TIME.test(text) && !/^-?0000-/.test(text);
}

/**
 * Reads a value as a device may send it: `xsi:type` may be missing (string), booleans may be
 * `0`, `1`, `true`, `false` in any case, numbers may carry white space. Text that does not fit
 * its declared type is kept, as a string, with a warning; an invalid dateTime keeps its type
 * and raw text.
 *
 * @param type The `xsi:type` local name, or undefined when absent.
 * @param text The element text.
 * @param warnings Receives a message for anything tolerated.
 * @returns The canonical typed value.
 *
 * @example Usage
 * ```ts
 * import { parseValue } from "./values.ts";
 * const v = parseValue("boolean", "1", []);
 * if (v.type !== "boolean" || v.value !== "true") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.2.1 Data Types
 */
export function parseValue(
  type: string | undefined,
  text: string,
  warnings: string[],
): { type: ValueType; value: string } {
  const known = normaliseTypeName(type);
  if (known === undefined) {
    warnings.push(`Unknown value type '${type}' read as string`);
    return { type: "string", value: text };
  }
  const canonical = canonicalValue(known, text);
  if (canonical !== undefined) return { type: known, value: canonical };
  if (known === "dateTime") {
    warnings.push(`Invalid dateTime '${text}' kept as raw text`);
    return { type: "dateTime", value: text.trim() };
  }
  warnings.push(`Value '${text}' is not a valid ${known}; read as string`);
  return { type: "string", value: text };
}

/**
 * The canonical form of `text` as `type`, or undefined when it is not valid.
 *
 * @example Usage
 * ```ts
 * import { canonicalValue } from "./values.ts";
 * if (canonicalValue("int", " +007 ") !== "7" || canonicalValue("int", "x") !== undefined) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function canonicalValue(type: ValueType, text: string): string | undefined {
  switch (type) {
    case "string":
      return text;
    case "boolean":
      return canonicalBoolean(text);
    case "dateTime": {
      const trimmed = text.trim();
      return isValidDateTime(trimmed) ? trimmed : undefined;
    }
    case "base64": {
      const compact = text.replace(/[ \t\r\n]/g, "");
      return BASE64.test(compact) ? compact : undefined;
    }
    default:
      return canonicalInteger(type, text);
  }
}

function canonicalBoolean(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  if (t === "1" || t === "true") return "true";
  if (t === "0" || t === "false") return "false";
  return undefined;
}

function canonicalInteger(
  type: "int" | "unsignedInt" | "long" | "unsignedLong",
  text: string,
): string | undefined {
  const t = text.trim();
  if (!/^[+-]?\d{1,30}$/.test(t)) return undefined;
  const n = BigInt(t);
  const [min, max] = RANGES[type];
  return n < min || n > max ? undefined : n.toString();
}

/**
 * The text to send for a value, strictly valid for its type. An invalid dateTime (kept from a
 * device) is sent as the Unknown Time, since the schema would reject the raw text.
 *
 * @throws {LocalProtocolError} The value does not fit its type.
 *
 * @example Usage
 * ```ts
 * import { formatValue } from "./values.ts";
 * if (formatValue({ type: "dateTime", value: "0000-00-00T00:00:00" }) !== "0001-01-01T00:00:00Z") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function formatValue(value: { type: ValueType; value: string }): string {
  const canonical = canonicalValue(value.type, value.value);
  if (canonical !== undefined) return canonical;
  if (value.type === "dateTime") return UNKNOWN_TIME;
  throw new LocalProtocolError(`Cannot encode value '${value.value}': not a valid ${value.type}`);
}

function normaliseTypeName(type: string | undefined): ValueType | undefined {
  if (type === undefined || type === "") return "string";
  const local = type.slice(type.indexOf(":") + 1);
  if (local === "base64Binary") return "base64";
  return (VALUE_TYPES as readonly string[]).includes(local) ? local as ValueType : undefined;
}
