/**
 * Imports a device dump in the CSV form of `cwmp/corpus/huawei-bm632w/data_model.csv`
 * (`Parameter,Object,Writable,Value,Value type`, as GenieACS exports a device) into a data model
 * with the device's instances and current values, so the agent can impersonate that device.
 *
 * @module
 */

import type { DeviceIdStruct } from "../protocol/rpc/inform.ts";
import { canonicalValue, VALUE_TYPES, type ValueType } from "../protocol/rpc/values.ts";
import type { DataModel, DataModelSpec, ObjectSpec, ParameterSpec } from "./datamodel/types.ts";

/** A dump that cannot be imported; `line` is 1-based. */
export class CsvModelError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(`Cannot import device CSV: line ${line}: ${message}`);
    this.name = "CsvModelError";
    this.line = line;
  }
}

/** A device read from a dump. */
export interface CsvDevice {
  /** The definitions the dump implies: its objects, tables, parameter types and access. */
  spec: DataModelSpec;
  /**
   * The Inform's DeviceIdStruct as far as the dump tells it: the `DeviceID.*` rows, else the
   * DeviceInfo values (Manufacturer, ManufacturerOUI, ProductClass, SerialNumber).
   */
  identity: Partial<DeviceIdStruct>;
  /** Concrete paths (ending in a dot) of the table instances, parents first. */
  instances: string[];
  /** Every parameter's value, canonical for its type. */
  values: Record<string, string>;
  /** Rows read: objects and parameters (`DeviceID.*` rows included). */
  rows: { objects: number; parameters: number };
  /** What was adjusted, e.g. a value that did not fit its declared type. */
  warnings: string[];
}

interface Row {
  path: string;
  object: boolean;
  writable: boolean;
  value: string;
  type: string;
  line: number;
}

/** An object of the dump by generic path (`A.B.{i}.C`, no trailing dot). */
interface Generic {
  path: string;
  /** A table holder (`A.B` of `A.B.{i}`): writable means AddObject/DeleteObject apply. */
  table: boolean;
  writable: boolean;
  named: boolean;
  params: Map<string, { type: ValueType; writable: boolean }>;
  line: number;
}

const HEADER = "parameter,object,writable,value,value type";
const NUMBER = /^[1-9]\d*$/;
const DEVICE_ID: Readonly<Record<string, keyof DeviceIdStruct>> = {
  Manufacturer: "manufacturer",
  OUI: "oui",
  ProductClass: "productClass",
  SerialNumber: "serialNumber",
};
/** The DeviceInfo parameters that tell the identity when the dump has no `DeviceID.*` rows. */
const DEVICE_INFO: Readonly<Record<string, keyof DeviceIdStruct>> = {
  Manufacturer: "manufacturer",
  ManufacturerOUI: "oui",
  ProductClass: "productClass",
  SerialNumber: "serialNumber",
};

/**
 * Reads a device dump. Tables are recognised by their numbered instances, by the reference model
 * (an empty `WANPPPConnection`), or as writable objects with nothing below them. The reference
 * model (the builtin model of the same root) also lends what a dump cannot say: forced-inform and
 * notification rules, hidden values, defaults and NumberOfEntries links.
 *
 * @param text The CSV text (RFC 4180 quoting).
 * @param options `referenceFor(root)`: a model of that root to borrow rules from.
 * @throws {CsvModelError} Not this CSV format, or rows that contradict each other.
 *
 * @example Usage
 * ```ts
 * import { parseDeviceCsv } from "./csv_model.ts";
 * const device = parseDeviceCsv([
 *   "Parameter,Object,Writable,Value,Value type",
 *   "DeviceID.SerialNumber,false,false,SN1,xsd:string",
 *   "Acme,true,false,,",
 *   "Acme.Port,true,true,,",
 *   "Acme.Port.3,true,true,,",
 *   "Acme.Port.3.Speed,false,true,100,xsd:unsignedInt",
 * ].join("\n"));
 * if (device.identity.serialNumber !== "SN1" || device.instances[0] !== "Acme.Port.3.") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function parseDeviceCsv(
  text: string,
  options: { referenceFor?: (root: string) => DataModel | undefined } = {},
): CsvDevice {
  const rows = readRows(text);
  const identity: Partial<DeviceIdStruct> = {};
  const tree: Row[] = [];
  for (const row of rows) {
    if (!row.path.startsWith("DeviceID.")) tree.push(row);
    else {
      const field = DEVICE_ID[row.path.slice("DeviceID.".length)];
      if (field !== undefined) identity[field] = row.value;
    }
  }
  const root = tree[0]?.path.split(".")[0];
  if (root === undefined) throw new CsvModelError("no data-model rows", 1);
  const reference = options.referenceFor?.(root);
  const generics = collectObjects(tree, root, reference);
  const warnings: string[] = [];
  const values: Record<string, string> = {};
  const instances = new Set<string>();
  for (const row of tree) {
    for (const path of instancePaths(row.path)) instances.add(path);
    if (row.object) continue;
    const param = generics.get(genericOf(parentOf(row.path)))?.params.get(lastName(row.path));
    if (param === undefined) continue;
    const canonical = canonicalValue(param.type, row.value);
    if (canonical === undefined && param.type !== "dateTime") {
      warnings.push(`line ${row.line}: ${row.path}: '${row.value}' is not a ${param.type}`);
      param.type = "string";
    }
    values[row.path] = canonical ?? row.value;
  }
  const info = `${root}.DeviceInfo.`;
  for (const [name, key] of Object.entries(DEVICE_INFO)) {
    const value = values[info + name];
    if (identity[key] === undefined && value !== undefined && value !== "") identity[key] = value;
  }
  return {
    spec: buildSpec(root, generics, reference),
    identity,
    instances: [...instances].sort((a, b) => depth(a) - depth(b)),
    values,
    rows: {
      objects: rows.filter((r) => r.object).length,
      parameters: rows.filter((r) => !r.object).length,
    },
    warnings,
  };
}

function readRows(text: string): Row[] {
  const records = parseCsv(text);
  const header = records[0]?.fields.map((f) => f.trim().toLowerCase()).join(",");
  if (header !== HEADER) throw new CsvModelError(`the header must be '${HEADER}'`, 1);
  const rows: Row[] = [];
  for (const { fields, line } of records.slice(1)) {
    if (fields.length === 1 && fields[0]?.trim() === "") continue;
    if (fields.length !== 5) throw new CsvModelError(`${fields.length} fields, expected 5`, line);
    const [path = "", object = "", writable = "", value = "", type = ""] = fields;
    const name = path.trim().replace(/\.$/, "");
    if (!/^[A-Za-z_][\w-]*(?:\.[\w-]+)*$/.test(name)) {
      throw new CsvModelError(`bad parameter name '${path}'`, line);
    }
    rows.push({
      path: name,
      object: bool(object, line),
      writable: bool(writable, line),
      value,
      type: type.trim(),
      line,
    });
  }
  return rows;
}

function collectObjects(
  rows: readonly Row[],
  root: string,
  reference: DataModel | undefined,
): Map<string, Generic> {
  const objects = new Map<string, Generic>();
  const touch = (concrete: string, line: number): Generic => {
    const path = genericOf(concrete);
    let object = objects.get(path);
    if (object !== undefined) return object;
    if (concrete.split(".")[0] !== root) {
      throw new CsvModelError(`${concrete} is not under ${root}`, line);
    }
    object = { path, table: false, writable: false, named: false, params: new Map(), line };
    objects.set(path, object);
    const parent = parentOf(concrete);
    if (parent !== "") {
      const owner = touch(parent, line);
      if (NUMBER.test(lastName(concrete))) owner.table = true;
      else owner.named = true;
    }
    return object;
  };
  for (const row of rows) {
    if (row.object) {
      const object = touch(row.path, row.line);
      if (!NUMBER.test(lastName(row.path))) object.writable ||= row.writable;
      continue;
    }
    if (parentOf(row.path) === "") throw new CsvModelError(`${row.path} has no object`, row.line);
    const owner = touch(parentOf(row.path), row.line);
    owner.named = true;
    owner.params.set(lastName(row.path), { type: valueType(row.type), writable: row.writable });
  }
  for (const object of [...objects.values()]) {
    const empty = !object.named && object.params.size === 0;
    const inReference = reference?.objects.has(`${object.path}.{i}.`) ?? false;
    if (!object.table && empty && (object.writable || inReference)) object.table = true;
    if (object.table && !empty) {
      throw new CsvModelError(`${object.path} has both instances and named children`, object.line);
    }
    if (object.table && !objects.has(`${object.path}.{i}`)) {
      const path = `${object.path}.{i}`;
      objects.set(path, { ...object, path, table: false, writable: false, params: new Map() });
    }
  }
  return objects;
}

function buildSpec(
  root: string,
  objects: ReadonlyMap<string, Generic>,
  reference: DataModel | undefined,
): DataModelSpec {
  const specs: ObjectSpec[] = [];
  for (const object of objects.values()) {
    if (object.table) continue;
    const path = `${object.path}.`;
    const known = reference?.objects.get(path);
    const parameters = [...object.params].map(([name, p]): ParameterSpec => {
      const rules = known?.parameterIndex.get(name);
      const sameType = rules?.syntax.type === p.type;
      return {
        name,
        syntax: { type: p.type, base: p.type },
        writable: p.writable,
        ...(sameType && rules?.default !== undefined ? { default: rules.default } : {}),
        forcedInform: rules?.forcedInform ?? false,
        activeNotify: rules?.activeNotify ?? "normal",
        hidden: rules?.hidden ?? false,
      };
    });
    if (!object.path.endsWith(".{i}")) {
      specs.push({ path, writable: false, minEntries: 1, maxEntries: 1, parameters });
      continue;
    }
    const holder = objects.get(object.path.slice(0, -4));
    const count = numEntriesParameter(holder?.path ?? "", objects, known?.numEntriesParameter);
    specs.push({
      path,
      writable: holder?.writable ?? false,
      minEntries: 0,
      ...(count !== undefined ? { numEntriesParameter: count } : {}),
      parameters,
    });
  }
  specs.sort((a, b) => depth(a.path) - depth(b.path));
  return { name: `${root}:csv`, objects: specs };
}

/** The parent's parameter counting the table: the reference's, else `<Name>NumberOfEntries`. */
function numEntriesParameter(
  holderPath: string,
  objects: ReadonlyMap<string, Generic>,
  fromReference: string | undefined,
): string | undefined {
  const parent = objects.get(parentOf(holderPath));
  for (const name of [fromReference, `${lastName(holderPath)}NumberOfEntries`]) {
    if (name !== undefined && parent?.params.has(name)) return name;
  }
  return undefined;
}

/** The concrete paths of the instances on the way to `path` (`A.B.1.` for `A.B.1.C.D`). */
function instancePaths(path: string): string[] {
  const segments = path.split(".");
  const paths: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    if (NUMBER.test(segments[i] ?? "")) paths.push(`${segments.slice(0, i + 1).join(".")}.`);
  }
  return paths;
}

function valueType(declared: string): ValueType {
  const local = declared.slice(declared.indexOf(":") + 1);
  if (local === "base64Binary") return "base64";
  return (VALUE_TYPES as readonly string[]).includes(local) ? local as ValueType : "string";
}

function bool(text: string, line: number): boolean {
  const t = text.trim().toLowerCase();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  throw new CsvModelError(`'${text}' is not true or false`, line);
}

function genericOf(path: string): string {
  return path.split(".").map((s) => (NUMBER.test(s) ? "{i}" : s)).join(".");
}

function parentOf(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot < 0 ? "" : path.slice(0, dot);
}

function lastName(path: string): string {
  return path.slice(path.lastIndexOf(".") + 1);
}

function depth(path: string): number {
  return path.split(".").length;
}

/**
 * Splits RFC 4180 CSV text into records: fields separated by commas, optionally quoted with `"`
 * (a quoted field may hold commas, line breaks and `""` for a quote); LF or CRLF line ends.
 */
export function parseCsv(text: string): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === "\n") line++;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      if (c === "\r") line++;
      fields.push(field);
      records.push({ fields, line: start });
      fields = [];
      field = "";
      start = line;
    } else field += c;
  }
  if (quoted) throw new CsvModelError("unterminated quoted field", start);
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    records.push({ fields, line: start });
  }
  return records;
}
