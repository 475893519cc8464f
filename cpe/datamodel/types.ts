/**
 * Data-model definitions as the CPE agent uses them: objects (singletons and multi-instance
 * tables) with their parameters, each parameter with its wire type and the constraints a
 * SetParameterValues must respect. {@link DataModelSpec} is the plain, JSON-serialisable form the
 * generator and the CSV importer produce; {@link DataModel} is its compiled, indexed form.
 *
 * @module
 */

import type { ValueType } from "../../protocol/rpc/values.ts";

/**
 * How a parameter may take part in active notification (TR-106 `activeNotify`):
 * `normal` any Notification, `canDeny` active notification is refused (a continuously varying
 * value), `forceDefaultEnabled` active by default, `forceEnabled` always active (the spec's
 * "Inform on Change" parameters).
 */
export type ActiveNotify = "normal" | "canDeny" | "forceDefaultEnabled" | "forceEnabled";

/** Every {@link ActiveNotify} value, in the order the compact encoding numbers them. */
export const ACTIVE_NOTIFY_VALUES: readonly ActiveNotify[] = [
  "normal",
  "canDeny",
  "forceDefaultEnabled",
  "forceEnabled",
];

/**
 * The type of a value or of a list item as the data model names it: a wire type, or one of the
 * TR-106 types that travel as strings (`hexBinary`, `decimal`).
 */
export type BaseType = ValueType | "hexBinary" | "decimal";

/** An inclusive integer range with an optional step; bounds are decimal strings (64-bit safe). */
export interface IntegerRange {
  readonly min?: string;
  readonly max?: string;
  readonly step?: string;
}

/** An inclusive length range: characters for strings, bytes for base64 and hexBinary. */
export interface LengthRange {
  readonly min?: number;
  readonly max?: number;
}

/** The list form of a parameter: a comma-separated string of items (TR-106 list). */
export interface ListSyntax {
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Lengths of the whole comma-separated string. */
  readonly lengths?: readonly LengthRange[];
}

/**
 * A parameter's syntax. For a list the facets (ranges, lengths, enumeration, patterns) apply to
 * each item, and {@link ValueSyntax.type} is `string`. Facets of one kind are alternatives (a
 * value may match any range); an enumeration and patterns are alternatives too (a vendor
 * pattern beside standard values).
 */
export interface ValueSyntax {
  /** The type on the wire (`xsi:type`). */
  readonly type: ValueType;
  /** The type of the value, or of each item of a list. */
  readonly base: BaseType;
  readonly ranges?: readonly IntegerRange[];
  readonly lengths?: readonly LengthRange[];
  readonly enumeration?: readonly string[];
  /** Enumeration values only the CPE may set (`access="readOnly"`), e.g. DiagnosticsState "Complete". */
  readonly readOnlyValues?: readonly string[];
  /** XML Schema patterns (anchored), kept only when all of them are plain JavaScript regexes. */
  readonly patterns?: readonly string[];
  readonly list?: ListSyntax;
}

/** One parameter of an object. */
export interface ParameterSpec {
  /** The name within its object, e.g. `SerialNumber`. */
  readonly name: string;
  readonly syntax: ValueSyntax;
  readonly writable: boolean;
  /** The value on creation (TR-106 object default, else factory default), canonical. */
  readonly default?: string;
  /** Always carried in the Inform ParameterList (spec Table 33, TR-106 `forcedInform`). */
  readonly forcedInform: boolean;
  readonly activeNotify: ActiveNotify;
  /** Reads return an empty string (passwords, keys, commands). */
  readonly hidden: boolean;
}

/** One object: a singleton (`A.B.`) or the instances of a table (`A.B.{i}.`). */
export interface ObjectSpec {
  /** The generic path, ending in a dot; `{i}` stands for every instance number. */
  readonly path: string;
  /** For a table: whether AddObject and DeleteObject may be used (`access="readWrite"`). */
  readonly writable: boolean;
  readonly minEntries: number;
  /** Undefined when unbounded. */
  readonly maxEntries?: number;
  /** For a table: the parameter of the parent object that counts its instances. */
  readonly numEntriesParameter?: string;
  readonly parameters: readonly ParameterSpec[];
}

/** A whole data model, parents before children (JSON-serialisable). */
export interface DataModelSpec {
  /** E.g. `InternetGatewayDevice:1.0`. */
  readonly name: string;
  readonly objects: readonly ObjectSpec[];
}

/** A compiled object: its spec plus the indexes the model store walks. */
export interface ObjectDef extends ObjectSpec {
  /** The last name of the path (`LANDevice` for `X.LANDevice.{i}.`). */
  readonly key: string;
  /** Whether the path ends in `{i}.`. */
  readonly multiInstance: boolean;
  readonly parameterIndex: ReadonlyMap<string, ParameterSpec>;
  /** Each parameter's position in {@link ObjectSpec.parameters}. */
  readonly parameterPositions: ReadonlyMap<string, number>;
  /** Direct child objects (singletons and tables), in definition order. */
  readonly children: readonly ObjectDef[];
  /** Each child's position in {@link ObjectDef.children}, by key. */
  readonly childPositions: ReadonlyMap<string, number>;
}

/** A compiled data model. */
export interface DataModel {
  readonly name: string;
  /** The root object's name, e.g. `InternetGatewayDevice` or `Device`. */
  readonly root: string;
  readonly rootObject: ObjectDef;
  /** Every object by generic path. */
  readonly objects: ReadonlyMap<string, ObjectDef>;
  /** The spec this model was compiled from. */
  readonly spec: DataModelSpec;
}
