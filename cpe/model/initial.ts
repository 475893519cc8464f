/**
 * The value a parameter takes when its object is created: the data model's default, else the
 * simplest value its syntax allows.
 *
 * @module
 */

import { UNKNOWN_TIME } from "../../protocol/rpc/values.ts";
import type { ParameterSpec, ValueSyntax } from "../datamodel/types.ts";

/**
 * The value of `parameter` in a new object (spec A.3.2.6: "the Parameters contained within the
 * object are set to their default values"). Without a default: the first enumeration value, the
 * integer nearest 0 inside the ranges, `false`, the Unknown Time, or the empty string.
 *
 * @example Usage
 * ```ts
 * import { initialValue } from "./initial.ts";
 * const p = {
 *   name: "PeriodicInformInterval", writable: true, forcedInform: false,
 *   activeNotify: "normal", hidden: false,
 *   syntax: { type: "unsignedInt", base: "unsignedInt", ranges: [{ min: "30" }] },
 * } as const;
 * if (initialValue(p) !== "30") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.6 AddObject
 */
export function initialValue(parameter: ParameterSpec): string {
  if (parameter.default !== undefined) return parameter.default;
  const syntax = parameter.syntax;
  if (syntax.list !== undefined) return "";
  const first = syntax.enumeration?.find((v) => !syntax.readOnlyValues?.includes(v)) ??
    syntax.enumeration?.[0];
  if (first !== undefined) return first;
  switch (syntax.type) {
    case "boolean":
      return "false";
    case "dateTime":
      return UNKNOWN_TIME;
    case "string":
    case "base64":
      return "";
    default:
      return integerNearZero(syntax);
  }
}

function integerNearZero(syntax: ValueSyntax): string {
  const range = syntax.ranges?.[0];
  if (range === undefined) return "0";
  if (range.min !== undefined && BigInt(range.min) > 0n) return range.min;
  if (range.max !== undefined && BigInt(range.max) < 0n) return range.max;
  return "0";
}
