/**
 * Compiles a {@link DataModelSpec} into the indexed {@link DataModel} the model store walks.
 *
 * @module
 */

import type { DataModel, DataModelSpec, ObjectDef, ObjectSpec, ParameterSpec } from "./types.ts";

/** A data-model definition that cannot be used: a missing parent, a duplicate, no root. */
export class DataModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataModelError";
  }
}

interface MutableDef extends ObjectDef {
  readonly children: ObjectDef[];
  readonly childPositions: Map<string, number>;
}

/**
 * Indexes a data model: objects by generic path, each with its parameters by name and its child
 * objects in definition order.
 *
 * @param spec The definition; parents must come before their children.
 * @returns The compiled model (it keeps `spec` for serialisation).
 * @throws {DataModelError} No single root object, a duplicate path or name, a missing parent.
 *
 * @example Usage
 * ```ts
 * import { compileDataModel } from "./compile.ts";
 * const model = compileDataModel({
 *   name: "Acme:1.0",
 *   objects: [
 *     { path: "Acme.", writable: false, minEntries: 1, maxEntries: 1, parameters: [] },
 *     { path: "Acme.Port.{i}.", writable: true, minEntries: 0, parameters: [] },
 *   ],
 * });
 * if (model.root !== "Acme" || model.rootObject.children[0]?.key !== "Port") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function compileDataModel(spec: DataModelSpec): DataModel {
  const objects = new Map<string, MutableDef>();
  let root: MutableDef | undefined;
  for (const object of spec.objects) {
    const segments = splitGenericPath(object.path);
    const def = compileObject(object, segments);
    if (objects.has(object.path)) throw new DataModelError(`Duplicate object ${object.path}`);
    objects.set(object.path, def);
    const parentPath = parentOf(segments);
    if (parentPath === undefined) {
      if (root !== undefined) {
        throw new DataModelError(`Two root objects: ${root.path} and ${object.path}`);
      }
      if (def.multiInstance) throw new DataModelError(`Root ${object.path} is a table`);
      root = def;
      continue;
    }
    const parent = objects.get(parentPath);
    if (parent === undefined) {
      throw new DataModelError(`Object ${object.path} comes before its parent ${parentPath}`);
    }
    if (parent.children.some((c) => c.key === def.key) || parent.parameterIndex.has(def.key)) {
      throw new DataModelError(`Object ${object.path} repeats a name of ${parentPath}`);
    }
    parent.childPositions.set(def.key, parent.children.length);
    parent.children.push(def);
  }
  if (root === undefined) throw new DataModelError(`Data model ${spec.name} has no root object`);
  return { name: spec.name, root: root.key, rootObject: root, objects, spec };
}

function compileObject(object: ObjectSpec, segments: string[]): MutableDef {
  const multiInstance = segments.at(-1) === "{i}";
  const key = multiInstance ? segments.at(-2) : segments.at(-1);
  if (key === undefined || key === "{i}") throw new DataModelError(`Bad path ${object.path}`);
  const parameterIndex = new Map<string, ParameterSpec>();
  const parameterPositions = new Map<string, number>();
  for (const [i, p] of object.parameters.entries()) {
    if (parameterIndex.has(p.name)) {
      throw new DataModelError(`Duplicate parameter ${object.path}${p.name}`);
    }
    parameterIndex.set(p.name, p);
    parameterPositions.set(p.name, i);
  }
  return {
    ...object,
    key,
    multiInstance,
    parameterIndex,
    parameterPositions,
    children: [],
    childPositions: new Map(),
  };
}

function splitGenericPath(path: string): string[] {
  if (!path.endsWith(".") || path.startsWith(".")) {
    throw new DataModelError(`Object path ${path} must end with a dot`);
  }
  const segments = path.slice(0, -1).split(".");
  for (const [i, s] of segments.entries()) {
    const valid = s === "{i}" ? i > 0 && segments[i - 1] !== "{i}" : /^[A-Za-z_][\w-]*$/.test(s);
    if (!valid) throw new DataModelError(`Object path ${path} has a bad name '${s}'`);
  }
  return segments;
}

function parentOf(segments: string[]): string | undefined {
  const end = segments.at(-1) === "{i}" ? segments.length - 2 : segments.length - 1;
  return end <= 0 ? undefined : `${segments.slice(0, end).join(".")}.`;
}
