/**
 * Checks a value offered for a parameter against its data-model syntax: the type on the wire
 * (fault 9006) and the value's form, range, length, enumeration and pattern (fault 9007).
 *
 * @module
 */

import { canonicalValue, type ValueType } from "../../protocol/rpc/values.ts";
import type { BaseType, LengthRange, ParameterSpec, ValueSyntax } from "../datamodel/types.ts";

/** Fault 9006 "Invalid parameter type" (spec A.5.1 Table 58). */
export const INVALID_TYPE = 9006;
/** Fault 9007 "Invalid parameter value" (spec A.5.1 Table 58). */
export const INVALID_VALUE = 9007;

/** The verdict on a value: its canonical form, or the fault to report. */
export type ValueCheck =
  | { ok: true; value: string }
  | { ok: false; faultCode: 9006 | 9007; faultString: string };

const INTEGER_TYPES: ReadonlySet<string> = new Set(["int", "unsignedInt", "long", "unsignedLong"]);
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Checks `input` (as decoded from a ParameterValueStruct) for `parameter`.
 *
 * The declared type must match the parameter's, with two tolerances real ACSes need: a value
 * typed `string` (or sent without `xsi:type`) is accepted for any type when its text parses as
 * that type, and the four integer types stand in for one another when the value fits.
 * Enumeration values marked read-only (set only by the CPE) are refused when `fromAcs`.
 *
 * @example Usage
 * ```ts
 * import { checkValue } from "./validate.ts";
 * const interval = {
 *   name: "PeriodicInformInterval", writable: true, forcedInform: false,
 *   activeNotify: "normal", hidden: false,
 *   syntax: { type: "unsignedInt", base: "unsignedInt", ranges: [{ min: "1" }] },
 * } as const;
 * const ok = checkValue(interval, { type: "unsignedInt", value: "300" });
 * const zero = checkValue(interval, { type: "unsignedInt", value: "0" });
 * const bool = checkValue(interval, { type: "boolean", value: "true" });
 * if (!ok.ok || zero.ok || zero.faultCode !== 9007 || bool.ok || bool.faultCode !== 9006) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.1 SetParameterValues and A.5.1 Table 58
 */
export function checkValue(
  parameter: ParameterSpec,
  input: { type: ValueType; value: string },
  options: { fromAcs?: boolean } = {},
): ValueCheck {
  const syntax = parameter.syntax;
  if (!compatible(input.type, syntax.type)) {
    return fail(INVALID_TYPE, `Invalid parameter type: expected ${syntax.type}, got ${input.type}`);
  }
  const value = canonicalValue(syntax.type, input.value);
  if (value === undefined) {
    return fail(INVALID_VALUE, `Invalid parameter value: '${input.value}' is not a ${syntax.type}`);
  }
  const problem = syntax.list === undefined
    ? checkItem(syntax, value, options.fromAcs ?? false)
    : checkList(syntax, value, options.fromAcs ?? false);
  return problem === undefined ? { ok: true, value } : fail(INVALID_VALUE, problem);
}

function compatible(declared: ValueType, actual: ValueType): boolean {
  return declared === actual || declared === "string" ||
    (INTEGER_TYPES.has(declared) && INTEGER_TYPES.has(actual));
}

function checkList(syntax: ValueSyntax, value: string, fromAcs: boolean): string | undefined {
  const list = syntax.list ?? {};
  if (list.lengths !== undefined && !inLengths(value.length, list.lengths)) {
    return `Invalid parameter value: list length ${value.length} outside ${show(list.lengths)}`;
  }
  const items = value === "" ? [] : value.split(",").map((i) => i.trim());
  if (
    (list.minItems !== undefined && items.length < list.minItems) ||
    (list.maxItems !== undefined && items.length > list.maxItems)
  ) {
    return `Invalid parameter value: ${items.length} items, allowed ${list.minItems ?? 0} to ${
      list.maxItems ?? "any"
    }`;
  }
  for (const item of items) {
    const problem = checkItem(syntax, item, fromAcs);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function checkItem(syntax: ValueSyntax, text: string, fromAcs: boolean): string | undefined {
  const value = itemValue(syntax.base, text);
  if (value === undefined) return `Invalid parameter value: '${text}' is not a ${syntax.base}`;
  if (
    syntax.ranges !== undefined && INTEGER_TYPES.has(syntax.base) &&
    !inRanges(BigInt(value), syntax.ranges)
  ) {
    return `Invalid parameter value: ${value} outside ${showRanges(syntax)}`;
  }
  if (syntax.lengths !== undefined) {
    const length = lengthOf(syntax.base, value);
    if (!inLengths(length, syntax.lengths)) {
      return `Invalid parameter value: length ${length} outside ${show(syntax.lengths)}`;
    }
  }
  if (fromAcs && syntax.readOnlyValues?.includes(value)) {
    return `Invalid parameter value: '${value}' may only be set by the CPE`;
  }
  const enumeration = syntax.enumeration ?? [];
  const patterns = syntax.patterns ?? [];
  if (enumeration.length === 0 && patterns.length === 0) return undefined;
  if (enumeration.includes(value) || patterns.some((p) => matches(p, value))) return undefined;
  return enumeration.length > 0
    ? `Invalid parameter value: '${value}' is not one of ${enumeration.join(", ")}`
    : `Invalid parameter value: '${value}' does not match the pattern`;
}

/** The canonical form of one value (or list item) of `base`, or undefined. */
function itemValue(base: BaseType, text: string): string | undefined {
  if (base === "hexBinary") return HEX.test(text) ? text : undefined;
  if (base === "decimal") return DECIMAL.test(text.trim()) ? text.trim() : undefined;
  return canonicalValue(base, text);
}

function lengthOf(base: BaseType, value: string): number {
  if (base === "hexBinary") return value.length / 2;
  if (base === "base64") {
    const padding = value.endsWith("==") ? 2 : value.endsWith("=") ? 1 : 0;
    return (value.length / 4) * 3 - padding;
  }
  return [...value].length;
}

function inRanges(n: bigint, ranges: ValueSyntax["ranges"] & object): boolean {
  return ranges.some((r) => {
    const min = r.min === undefined ? undefined : BigInt(r.min);
    if (min !== undefined && n < min) return false;
    if (r.max !== undefined && n > BigInt(r.max)) return false;
    return r.step === undefined || (n - (min ?? 0n)) % BigInt(r.step) === 0n;
  });
}

function inLengths(length: number, lengths: readonly LengthRange[]): boolean {
  return lengths.some((l) => length >= (l.min ?? 0) && (l.max === undefined || length <= l.max));
}

function matches(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`, "u").test(value);
}

function showRanges(syntax: ValueSyntax): string {
  return (syntax.ranges ?? []).map((r) => `[${r.min ?? "-inf"}, ${r.max ?? "inf"}]`).join(" or ");
}

function show(lengths: readonly LengthRange[]): string {
  return lengths.map((l) => `[${l.min ?? 0}, ${l.max ?? "any"}]`).join(" or ");
}

function fail(faultCode: 9006 | 9007, faultString: string): ValueCheck {
  return { ok: false, faultCode, faultString };
}
