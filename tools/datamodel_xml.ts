/**
 * Reads a flattened ("full") BBF data-model document (cwmp-datamodel XSD, e.g.
 * tr-181-2-19-1-cwmp-full.xml) into a {@link DataModelSpec}: the objects of its `<model>` with their
 * parameters. Objects and parameters whose status is `deleted` are left out; deprecated and
 * obsoleted ones stay, since devices in the field still carry them.
 *
 * @module
 */

import type { XmlElement } from "../protocol/xml/types.ts";
import {
  ACTIVE_NOTIFY_VALUES,
  type ActiveNotify,
  type DataModelSpec,
  type ObjectSpec,
  type ParameterSpec,
} from "../cpe/datamodel/types.ts";
import { attr, type DataTypeTable, readSyntax } from "./datamodel_syntax.ts";

/** Options of {@link readBbfModel}. */
export interface ReadBbfModelOptions {
  /** Named data types the document may use besides its own (from tr-106-types.xml). */
  types: DataTypeTable;
  /** Receives what was dropped or adjusted. */
  warnings: string[];
}

/**
 * Reads the first `<model>` of a BBF data-model document.
 *
 * @throws {Error} The document has no model, or uses an unknown data type.
 */
export function readBbfModel(document: XmlElement, options: ReadBbfModelOptions): DataModelSpec {
  const model = document.children.find((c) => c.local === "model");
  const name = model === undefined ? undefined : attr(model, "name");
  if (model === undefined || name === undefined) throw new Error("Document has no <model>");
  const objects: ObjectSpec[] = [];
  const included = new Set<string>();
  for (const el of model.children) {
    const path = attr(el, "name");
    if (el.local !== "object" || path === undefined || attr(el, "status") === "deleted") continue;
    const parent = parentPath(path);
    if (parent !== undefined && !included.has(parent)) {
      options.warnings.push(`${path}: parent ${parent} is not in the model, left out`);
      continue;
    }
    objects.push(readObject(el, path, options));
    included.add(path);
  }
  return { name, objects: checkNumEntries(objects, options.warnings) };
}

function readObject(el: XmlElement, path: string, options: ReadBbfModelOptions): ObjectSpec {
  const parameters: ParameterSpec[] = [];
  for (const p of el.children) {
    const name = attr(p, "name");
    if (p.local !== "parameter" || name === undefined || attr(p, "status") === "deleted") continue;
    parameters.push(readParameter(p, `${path}${name}`, options));
  }
  const minEntries = entries(attr(el, "minEntries"), 1);
  const maxEntries = entries(attr(el, "maxEntries"), 1);
  const numEntriesParameter = attr(el, "numEntriesParameter");
  return {
    path,
    writable: attr(el, "access") === "readWrite",
    minEntries: minEntries ?? 0,
    ...(maxEntries !== undefined ? { maxEntries } : {}),
    ...(numEntriesParameter !== undefined ? { numEntriesParameter } : {}),
    parameters,
  };
}

function readParameter(el: XmlElement, where: string, options: ReadBbfModelOptions): ParameterSpec {
  const syntaxEl = el.children.find((c) => c.local === "syntax");
  if (syntaxEl === undefined) throw new Error(`Cannot read ${where}: no <syntax>`);
  const read = readSyntax(syntaxEl, options.types, { where, warnings: options.warnings });
  const activeNotify = attr(el, "activeNotify") ?? "normal";
  if (!(ACTIVE_NOTIFY_VALUES as readonly string[]).includes(activeNotify)) {
    throw new Error(`Cannot read ${where}: activeNotify '${activeNotify}'`);
  }
  return {
    name: attr(el, "name") ?? "",
    syntax: read.syntax,
    writable: (attr(el, "access") ?? "readOnly") !== "readOnly",
    ...(read.default !== undefined ? { default: read.default } : {}),
    forcedInform: attr(el, "forcedInform") === "true",
    activeNotify: activeNotify as ActiveNotify,
    hidden: read.hidden,
  };
}

/** Drops a numEntriesParameter its parent object does not define. */
function checkNumEntries(objects: ObjectSpec[], warnings: string[]): ObjectSpec[] {
  const byPath = new Map(objects.map((o) => [o.path, o]));
  return objects.map((o) => {
    if (o.numEntriesParameter === undefined) return o;
    const parent = byPath.get(parentPath(o.path) ?? "");
    if (parent?.parameters.some((p) => p.name === o.numEntriesParameter)) return o;
    warnings.push(`${o.path}: numEntriesParameter ${o.numEntriesParameter} is not in the parent`);
    const { numEntriesParameter: _dropped, ...rest } = o;
    return rest;
  });
}

/** The generic path of the object containing `path` (a table's parent for `A.B.{i}.`). */
export function parentPath(path: string): string | undefined {
  const segments = path.slice(0, -1).split(".");
  const end = segments.at(-1) === "{i}" ? segments.length - 2 : segments.length - 1;
  return end <= 0 ? undefined : `${segments.slice(0, end).join(".")}.`;
}

function entries(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  if (value === "unbounded") return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Bad entry count '${value}'`);
  return n;
}
