/**
 * Comparing a wanted value with a cached one the way the device means it: `true` and `1` are
 * the same boolean, `010` and `10` the same number, `2026-01-01T00:00:00Z` and
 * `2026-01-01T00:00:00+00:00` the same time. Provisioning sends a SetParameterValues only when
 * the values differ in this sense, so a device that normalises what it stores does not make the
 * ACS set it again in every session.
 *
 * @module
 */

import type { ValueType } from "../../protocol/rpc/values.ts";

const NUMERIC: ReadonlySet<ValueType> = new Set(["int", "unsignedInt", "long", "unsignedLong"]);
const TRUE = new Set(["1", "true"]);
const FALSE = new Set(["0", "false"]);

/**
 * Whether a wanted value equals a cached one, read as `type` (the type the device reported,
 * else the one wanted).
 *
 * @param wanted The lexical form wanted.
 * @param cached The lexical form cached.
 * @param type How to read both; null: as strings.
 * @returns Whether the device already has the value.
 *
 * @example Booleans and numbers compare by meaning
 * ```ts
 * import { sameValue } from "./values.ts";
 * if (!sameValue("true", "1", "boolean")) throw new Error("unexpected");
 * if (!sameValue("300", "0300", "unsignedInt")) throw new Error("unexpected");
 * if (sameValue("a", "A", "string")) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.2.1 Data Types
 */
export function sameValue(wanted: string, cached: string, type: ValueType | null): boolean {
  if (wanted === cached) return true;
  if (type === "boolean") {
    const w = wanted.trim().toLowerCase();
    const c = cached.trim().toLowerCase();
    return (TRUE.has(w) && TRUE.has(c)) || (FALSE.has(w) && FALSE.has(c));
  }
  if (type !== null && NUMERIC.has(type)) {
    const w = wanted.trim();
    const c = cached.trim();
    return /^[+-]?\d+$/.test(w) && /^[+-]?\d+$/.test(c) && BigInt(w) === BigInt(c);
  }
  if (type === "dateTime") {
    const w = Date.parse(wanted);
    const c = Date.parse(cached);
    return !Number.isNaN(w) && w === c;
  }
  return false;
}
