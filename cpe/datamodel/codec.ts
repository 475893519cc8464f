/**
 * The compact JSON form of a {@link DataModelSpec} embedded in the generated modules: syntaxes
 * are stored once in a table and referenced by index, objects and parameters are arrays, and
 * the boolean attributes are bit flags. A Device:2.19 definition stays well under a megabyte.
 *
 * A syntax omits `base` when it equals `type`. Object entry: `[path, flags, minEntries, maxEntries (-1 unbounded), numEntriesParameter ("" none),
 * parameters]`; object flags: 1 writable. Parameter entry: `[name, syntax index, flags, default?]`;
 * parameter flags: 1 writable, 2 forcedInform, 4 hidden, bits 3-4 the {@link ActiveNotify} index.
 *
 * @module
 */

import { VALUE_TYPES, type ValueType } from "../../protocol/rpc/values.ts";
import { DataModelError } from "./compile.ts";
import {
  ACTIVE_NOTIFY_VALUES,
  type DataModelSpec,
  type ObjectSpec,
  type ParameterSpec,
  type ValueSyntax,
} from "./types.ts";

/** The version of the compact form; {@link decodeDataModelSpec} rejects any other. */
export const COMPACT_FORMAT = 1;

type CompactParameter = [string, number, number] | [string, number, number, string];
type CompactObject = [string, number, number, number, string, CompactParameter[]];

interface CompactModel {
  format: number;
  name: string;
  /** Syntaxes without `base` when it equals `type`. */
  syntaxes: (ValueSyntax | Omit<ValueSyntax, "base">)[];
  objects: CompactObject[];
}

/**
 * Encodes a data model as compact JSON text.
 *
 * @example Round trip
 * ```ts
 * import { decodeDataModelSpec, encodeDataModelSpec } from "./codec.ts";
 * const spec = {
 *   name: "Acme:1.0",
 *   objects: [{
 *     path: "Acme.", writable: false, minEntries: 1, maxEntries: 1,
 *     parameters: [{
 *       name: "Name", syntax: { type: "string", base: "string" }, writable: true,
 *       forcedInform: false, activeNotify: "normal", hidden: false,
 *     }],
 *   }],
 * } as const;
 * const back = decodeDataModelSpec(encodeDataModelSpec(spec));
 * if (back.objects[0]?.parameters[0]?.name !== "Name") throw new Error("unexpected");
 * ```
 */
export function encodeDataModelSpec(spec: DataModelSpec): string {
  const syntaxes: CompactModel["syntaxes"] = [];
  const syntaxIndex = new Map<string, number>();
  const objects = spec.objects.map((o): CompactObject => {
    const parameters = o.parameters.map((p): CompactParameter => {
      const { base, ...rest } = p.syntax;
      const compactSyntax = base === p.syntax.type ? rest : p.syntax;
      const key = JSON.stringify(compactSyntax);
      let index = syntaxIndex.get(key);
      if (index === undefined) {
        index = syntaxes.length;
        syntaxes.push(compactSyntax);
        syntaxIndex.set(key, index);
      }
      const flags = (p.writable ? 1 : 0) | (p.forcedInform ? 2 : 0) | (p.hidden ? 4 : 0) |
        (ACTIVE_NOTIFY_VALUES.indexOf(p.activeNotify) << 3);
      return p.default === undefined ? [p.name, index, flags] : [p.name, index, flags, p.default];
    });
    return [
      o.path,
      o.writable ? 1 : 0,
      o.minEntries,
      o.maxEntries ?? -1,
      o.numEntriesParameter ?? "",
      parameters,
    ];
  });
  const compact: CompactModel = { format: COMPACT_FORMAT, name: spec.name, syntaxes, objects };
  return JSON.stringify(compact);
}

/**
 * Decodes the compact JSON text of {@link encodeDataModelSpec}.
 *
 * @throws {DataModelError} The text is not a compact data model of this format.
 */
export function decodeDataModelSpec(text: string): DataModelSpec {
  const data: unknown = JSON.parse(text);
  if (!isRecord(data) || data.format !== COMPACT_FORMAT || typeof data.name !== "string") {
    throw new DataModelError(`Cannot decode data model: not compact format ${COMPACT_FORMAT}`);
  }
  if (!Array.isArray(data.syntaxes) || !Array.isArray(data.objects)) {
    throw new DataModelError(`Cannot decode data model ${data.name}: missing tables`);
  }
  const syntaxes = data.syntaxes.map((s: unknown) => checkSyntax(s));
  const objects = data.objects.map((o: unknown) => decodeObject(o, syntaxes));
  return { name: data.name, objects };
}

function decodeObject(entry: unknown, syntaxes: ValueSyntax[]): ObjectSpec {
  if (!Array.isArray(entry) || entry.length !== 6) throw bad("object entry");
  const [path, flags, minEntries, maxEntries, numEntries, parameters] = entry;
  if (
    typeof path !== "string" || typeof flags !== "number" || typeof minEntries !== "number" ||
    typeof maxEntries !== "number" || typeof numEntries !== "string" || !Array.isArray(parameters)
  ) throw bad(`object ${String(path)}`);
  return {
    path,
    writable: (flags & 1) !== 0,
    minEntries,
    ...(maxEntries >= 0 ? { maxEntries } : {}),
    ...(numEntries !== "" ? { numEntriesParameter: numEntries } : {}),
    parameters: parameters.map((p: unknown) => decodeParameter(p, syntaxes, path)),
  };
}

function decodeParameter(entry: unknown, syntaxes: ValueSyntax[], path: string): ParameterSpec {
  if (!Array.isArray(entry) || entry.length < 3 || entry.length > 4) throw bad(`in ${path}`);
  const [name, index, flags, value] = entry;
  const syntax = typeof index === "number" ? syntaxes[index] : undefined;
  const activeNotify = typeof flags === "number" ? ACTIVE_NOTIFY_VALUES[flags >> 3] : undefined;
  if (
    typeof name !== "string" || syntax === undefined || typeof flags !== "number" ||
    activeNotify === undefined || (value !== undefined && typeof value !== "string")
  ) throw bad(`parameter ${path}${String(name)}`);
  return {
    name,
    syntax,
    writable: (flags & 1) !== 0,
    ...(value !== undefined ? { default: value } : {}),
    forcedInform: (flags & 2) !== 0,
    activeNotify,
    hidden: (flags & 4) !== 0,
  };
}

function checkSyntax(value: unknown): ValueSyntax {
  if (!isRecord(value) || !isValueType(value.type)) throw bad("syntax");
  if (value.base !== undefined && typeof value.base !== "string") throw bad("syntax base");
  // The generator wrote it from typed data; the remaining facets are plain JSON of ValueSyntax.
  return { ...value, base: value.base ?? value.type } as unknown as ValueSyntax;
}

function isValueType(value: unknown): value is ValueType {
  return typeof value === "string" && (VALUE_TYPES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function bad(what: string): DataModelError {
  return new DataModelError(`Cannot decode data model: malformed ${what}`);
}
