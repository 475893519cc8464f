/**
 * Reads the `<syntax>` of a BBF data-model parameter (TR-106 Annex A, cwmp-datamodel XSD) into a
 * {@link ValueSyntax}: the base type, named data types (the document's own `<dataType>`s and those
 * of tr-106-types.xml, with `base` chains), facets (size, range, enumeration, pattern), lists,
 * and the default value.
 *
 * @module
 */

import type { XmlElement } from "../protocol/xml/types.ts";
import { canonicalValue, type ValueType } from "../protocol/rpc/values.ts";
import type {
  BaseType,
  IntegerRange,
  LengthRange,
  ListSyntax,
  ValueSyntax,
} from "../cpe/datamodel/types.ts";

const BASE_TYPES: ReadonlySet<string> = new Set([
  "string",
  "int",
  "unsignedInt",
  "long",
  "unsignedLong",
  "boolean",
  "dateTime",
  "base64",
  "hexBinary",
  "decimal",
]);
const INTEGER_TYPES: ReadonlySet<string> = new Set(["int", "unsignedInt", "long", "unsignedLong"]);
/** XML Schema regex features JavaScript lacks: name escapes and class subtraction. */
const XSD_ONLY_REGEX = /\\[iIcC]|\[[^\]]*-\[/;

/** Facets of one type; a kind present replaces the same kind of the base type. */
interface Facets {
  ranges?: IntegerRange[];
  lengths?: LengthRange[];
  enumeration?: string[];
  readOnlyValues?: string[];
  patterns?: string[];
}

interface TypeInfo {
  base: BaseType;
  facets: Facets;
  list?: ListSyntax;
}

/** What a parameter's `<syntax>` says. */
export interface ReadSyntax {
  syntax: ValueSyntax;
  default?: string;
  hidden: boolean;
}

/** Named data types (`<dataType name=...>`) by name; later documents override earlier ones. */
export type DataTypeTable = ReadonlyMap<string, XmlElement>;

/** Collects the named `<dataType>` elements of documents, later ones overriding. */
export function dataTypeTable(documents: readonly XmlElement[]): DataTypeTable {
  const table = new Map<string, XmlElement>();
  for (const doc of documents) {
    for (const el of doc.children) {
      const name = attr(el, "name");
      if (el.local === "dataType" && name !== undefined) table.set(name, el);
    }
  }
  return table;
}

/**
 * Reads one `<syntax>` element.
 *
 * @param where The parameter's path, for warnings.
 * @param warnings Receives what was dropped (a pattern JavaScript cannot run, a bad default).
 */
export function readSyntax(
  syntax: XmlElement,
  types: DataTypeTable,
  options: { where: string; warnings: string[] },
): ReadSyntax {
  let list: ListSyntax | undefined;
  let info: TypeInfo | undefined;
  for (const child of syntax.children) {
    if (child.local === "list") list = readList(child);
    else if (child.local === "dataType" || BASE_TYPES.has(child.local)) {
      info = typeOf(child, types, new Set());
    }
  }
  if (info === undefined) throw new Error(`Cannot read ${options.where}: syntax has no type`);
  list ??= info.list;
  const built = buildSyntax(info, list, options);
  const hidden = ["hidden", "secured", "command"].some((a) => attr(syntax, a) === "true");
  const value = readDefault(syntax, built, options);
  return value === undefined
    ? { syntax: built, hidden }
    : { syntax: built, default: value, hidden };
}

function typeOf(el: XmlElement, types: DataTypeTable, seen: Set<string>): TypeInfo {
  if (BASE_TYPES.has(el.local)) return { base: el.local as BaseType, facets: readFacets(el) };
  const ref = attr(el, "ref") ?? attr(el, "base");
  if (el.local === "dataType" && attr(el, "name") === undefined && ref !== undefined) {
    const named = resolveNamed(ref, types, seen);
    return refine(named, readFacets(el));
  }
  throw new Error(`Cannot read type element <${el.local}>`);
}

function resolveNamed(name: string, types: DataTypeTable, seen: Set<string>): TypeInfo {
  const el = types.get(name);
  if (el === undefined) throw new Error(`Unknown data type ${name}`);
  if (seen.has(name)) throw new Error(`Data type ${name} derives from itself`);
  seen.add(name);
  const list = el.children.find((c) => c.local === "list");
  const base = attr(el, "base");
  let info: TypeInfo;
  if (base !== undefined) {
    info = refine(resolveNamed(base, types, seen), readFacets(el));
  } else {
    const typeEl = el.children.find((c) => c.local === "dataType" || BASE_TYPES.has(c.local));
    if (typeEl === undefined) throw new Error(`Data type ${name} has no base type`);
    info = typeOf(typeEl, types, seen);
  }
  return list === undefined ? info : { ...info, list: readList(list) };
}

function refine(info: TypeInfo, own: Facets): TypeInfo {
  return { ...info, facets: { ...info.facets, ...own } };
}

function readFacets(el: XmlElement): Facets {
  const facets: Facets = {};
  for (const c of el.children) {
    if (attr(c, "status") === "deleted") continue;
    if (c.local === "size") (facets.lengths ??= []).push(readLength(c));
    else if (c.local === "range") (facets.ranges ??= []).push(readRange(c));
    else if (c.local === "pattern") (facets.patterns ??= []).push(attr(c, "value") ?? "");
    else if (c.local === "enumeration") {
      const value = attr(c, "value") ?? "";
      (facets.enumeration ??= []).push(value);
      if (attr(c, "access") === "readOnly") (facets.readOnlyValues ??= []).push(value);
    }
  }
  return facets;
}

function readList(el: XmlElement): ListSyntax {
  const minItems = intAttr(el, "minItems");
  const maxItems = intAttr(el, "maxItems");
  const lengths = el.children.filter((c) => c.local === "size").map(readLength);
  return {
    ...(minItems !== undefined ? { minItems } : {}),
    ...(maxItems !== undefined ? { maxItems } : {}),
    ...(lengths.length > 0 ? { lengths } : {}),
  };
}

function readLength(el: XmlElement): LengthRange {
  const min = intAttr(el, "minLength");
  const max = intAttr(el, "maxLength");
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function readRange(el: XmlElement): IntegerRange {
  const min = attr(el, "minInclusive");
  const max = attr(el, "maxInclusive");
  const step = attr(el, "step");
  return {
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(step !== undefined && step !== "1" ? { step } : {}),
  };
}

function buildSyntax(
  info: TypeInfo,
  list: ListSyntax | undefined,
  options: { where: string; warnings: string[] },
): ValueSyntax {
  const { base, facets } = info;
  const type: ValueType = list !== undefined || base === "hexBinary" || base === "decimal"
    ? "string"
    : base;
  const ranges = INTEGER_TYPES.has(base) ? facets.ranges : undefined;
  const lengths = ["string", "base64", "hexBinary"].includes(base) ? facets.lengths : undefined;
  let patterns = facets.patterns;
  if (patterns !== undefined && !patterns.every(isPlainRegex)) {
    options.warnings.push(`${options.where}: pattern not usable in JavaScript, not checked`);
    patterns = undefined;
  }
  return {
    type,
    base,
    ...(ranges?.length ? { ranges } : {}),
    ...(lengths?.length ? { lengths } : {}),
    ...(facets.enumeration?.length ? { enumeration: facets.enumeration } : {}),
    ...(facets.readOnlyValues?.length ? { readOnlyValues: facets.readOnlyValues } : {}),
    ...(patterns?.length ? { patterns } : {}),
    ...(list !== undefined ? { list } : {}),
  };
}

function isPlainRegex(pattern: string): boolean {
  if (XSD_ONLY_REGEX.test(pattern)) return false;
  try {
    new RegExp(`^(?:${pattern})$`, "u");
    return true;
  } catch {
    return false;
  }
}

/** TR-106 default types in order of preference: at creation, at factory reset, by choice. */
const DEFAULT_TYPES = ["object", "factory", "implementation"];

function readDefault(
  syntax: XmlElement,
  built: ValueSyntax,
  options: { where: string; warnings: string[] },
): string | undefined {
  const defaults = syntax.children.filter((c) =>
    c.local === "default" && attr(c, "status") !== "deleted"
  );
  for (const kind of DEFAULT_TYPES) {
    const el = defaults.find((d) => attr(d, "type") === kind);
    const value = el === undefined ? undefined : attr(el, "value");
    if (value === undefined) continue;
    if (built.list !== undefined) return value;
    const canonical = canonicalValue(built.type, value);
    if (canonical !== undefined) return canonical;
    options.warnings.push(`${options.where}: default '${value}' is not a ${built.type}, dropped`);
  }
  return undefined;
}

/** An unprefixed attribute's value. */
export function attr(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.local === name && a.uri === "")?.value;
}

function intAttr(el: XmlElement, name: string): number | undefined {
  const v = attr(el, name);
  if (v === undefined || v === "unbounded") return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`Bad ${name} '${v}' on <${el.local}>`);
  return n;
}
