/**
 * The instance tree of a device: concrete objects (singletons and table instances) holding
 * parameter values and attributes, and tables holding their instances and the counter that keeps
 * instance numbers from being reused.
 *
 * Storage is compact because a simulator keeps thousands of devices: an object holds its values
 * in an array aligned with its definition's parameters, its children in an array aligned with the
 * definition's children, and attributes only where they differ from the defaults.
 * {@link ParamSlot} is a short-lived view of one parameter.
 *
 * @module
 */

import type { ObjectDef, ParameterSpec } from "../datamodel/types.ts";
import { initialValue } from "./initial.ts";

/** The Notification attribute values this agent supports (spec A.3.2.4 Table 19). */
export type NotificationLevel = 0 | 1 | 2;

/** The AccessList entity the spec defines. */
export const SUBSCRIBER = "Subscriber";

/**
 * The AccessList of a parameter the ACS has not restricted: all defined entities (spec A.3.2.4,
 * "By default ... access SHOULD be granted to all entities"; A.3.2.6 for new objects).
 */
export const DEFAULT_ACCESS_LIST: readonly string[] = Object.freeze([SUBSCRIBER]);

/** Attributes set away from their defaults. */
interface Attributes {
  notification: NotificationLevel;
  accessList: readonly string[];
}

/** A concrete object: the root, a singleton, or one instance of a table. */
export interface ObjectNode {
  readonly kind: "object";
  /** Concrete path ending in a dot, e.g. `InternetGatewayDevice.LANDevice.1.`. */
  readonly path: string;
  readonly def: ObjectDef;
  /** Set for a table instance. */
  readonly instance?: number;
  /** Values, aligned with `def.parameters`. */
  readonly values: string[];
  /** Attributes differing from the defaults, aligned with `def.parameters`; usually absent. */
  attributes?: (Attributes | undefined)[];
  /** Child singletons and tables, aligned with `def.children`; absent optional singletons. */
  readonly children: (ObjectNode | TableNode | undefined)[];
}

/** A multi-instance object's collection, e.g. `InternetGatewayDevice.LANDevice.`. */
export interface TableNode {
  readonly kind: "table";
  readonly path: string;
  /** The definition of its instances (`...LANDevice.{i}.`). */
  readonly def: ObjectDef;
  /** Its instances in ascending instance number. */
  readonly instances: ObjectNode[];
  /** The next instance number to assign; only grows (spec A.3.2.6). */
  nextInstance: number;
}

/** The Notification a parameter starts with: active where the data model forces or defaults it. */
export function defaultNotification(def: ParameterSpec): NotificationLevel {
  return def.activeNotify === "forceEnabled" || def.activeNotify === "forceDefaultEnabled" ? 2 : 0;
}

/** One parameter of a concrete object, read and written through its object's storage. */
export class ParamSlot {
  readonly node: ObjectNode;
  readonly index: number;
  readonly def: ParameterSpec;

  constructor(node: ObjectNode, index: number, def: ParameterSpec) {
    this.node = node;
    this.index = index;
    this.def = def;
  }

  /** The parameter's full path. */
  get path(): string {
    return this.node.path + this.def.name;
  }

  get value(): string {
    return this.node.values[this.index] ?? "";
  }

  set value(value: string) {
    this.node.values[this.index] = value;
  }

  get notification(): NotificationLevel {
    return this.node.attributes?.[this.index]?.notification ?? defaultNotification(this.def);
  }

  set notification(notification: NotificationLevel) {
    this.#attributes().notification = notification;
  }

  get accessList(): readonly string[] {
    return this.node.attributes?.[this.index]?.accessList ?? DEFAULT_ACCESS_LIST;
  }

  set accessList(accessList: readonly string[]) {
    this.#attributes().accessList = accessList;
  }

  #attributes(): Attributes {
    const all = this.node.attributes ??= [];
    return all[this.index] ??= {
      notification: defaultNotification(this.def),
      accessList: DEFAULT_ACCESS_LIST,
    };
  }
}

/** The parameter `name` of `node`, or undefined. */
export function paramOf(node: ObjectNode, name: string): ParamSlot | undefined {
  const index = node.def.parameterPositions.get(name);
  const def = index === undefined ? undefined : node.def.parameters[index];
  return index === undefined || def === undefined ? undefined : new ParamSlot(node, index, def);
}

/** Every parameter of `node` (not below it), in definition order. */
export function* paramsOf(node: ObjectNode): Generator<ParamSlot> {
  for (const [index, def] of node.def.parameters.entries()) yield new ParamSlot(node, index, def);
}

/** The existing child singleton or table `key` of `node`. */
export function childOf(node: ObjectNode, key: string): ObjectNode | TableNode | undefined {
  const index = node.def.childPositions.get(key);
  return index === undefined ? undefined : node.children[index];
}

/** The existing children of `node`, in definition order. */
export function* childrenOf(node: ObjectNode): Generator<ObjectNode | TableNode> {
  for (const child of node.children) if (child !== undefined) yield child;
}

/** Options of {@link createObject}. */
export interface CreateObjectOptions {
  /** The instance number, for a table instance. */
  instance?: number;
  /** Whether tables get their minEntries instances (default true; false when rebuilding). */
  fill?: boolean;
}

/**
 * Creates a concrete object with its parameters at their initial values, its required singleton
 * children, and its tables with their minimum number of instances. Optional singletons
 * (minEntries 0) are left out until {@link ensureChild} creates them.
 */
export function createObject(
  def: ObjectDef,
  path: string,
  options: CreateObjectOptions = {},
): ObjectNode {
  const { instance, fill = true } = options;
  const values = def.parameters.map((p) =>
    p.name === "Alias" && instance !== undefined && initialValue(p) === ""
      ? `cpe-${instance}` // TR-181: an Alias the CPE assigns starts with "cpe-"
      : initialValue(p)
  );
  const node: ObjectNode = {
    kind: "object",
    path,
    def,
    ...(instance !== undefined ? { instance } : {}),
    values,
    children: [],
  };
  for (const child of def.children) {
    if (child.multiInstance) {
      const table = createTable(child, `${path}${child.key}.`);
      node.children.push(table);
      for (let i = 0; fill && i < child.minEntries; i++) addInstance(table);
    } else if (child.minEntries > 0) {
      node.children.push(createObject(child, `${path}${child.key}.`, { fill }));
    } else node.children.push(undefined);
  }
  syncCounts(node);
  return node;
}

/** An empty table. */
export function createTable(def: ObjectDef, path: string): TableNode {
  return { kind: "table", path, def, instances: [], nextInstance: 1 };
}

/** The instance `instance` of `table`, or undefined. */
export function instanceOf(table: TableNode, instance: number): ObjectNode | undefined {
  return table.instances.find((node) => node.instance === instance);
}

/** Removes the instance `instance` of `table`; returns whether it existed. */
export function removeInstance(table: TableNode, instance: number): boolean {
  const index = table.instances.findIndex((node) => node.instance === instance);
  if (index >= 0) table.instances.splice(index, 1);
  return index >= 0;
}

/**
 * Adds an instance with the table's next number, or with `options.instance` (when rebuilding a
 * device) which then moves the counter past it.
 */
export function addInstance(
  table: TableNode,
  options: { instance?: number; fill?: boolean } = {},
): ObjectNode {
  const instance = options.instance ?? table.nextInstance;
  const path = `${table.path}${instance}.`;
  const node = createObject(table.def, path, { instance, fill: options.fill ?? true });
  const after = table.instances.findIndex((other) => (other.instance ?? 0) > instance);
  table.instances.splice(after < 0 ? table.instances.length : after, 0, node);
  table.nextInstance = Math.max(table.nextInstance, instance + 1);
  return node;
}

/** Creates the optional singleton `key` of `parent` when it does not exist yet. */
export function ensureChild(
  parent: ObjectNode,
  key: string,
  options: { fill?: boolean } = {},
): ObjectNode | TableNode | undefined {
  const index = parent.def.childPositions.get(key);
  const def = index === undefined ? undefined : parent.def.children[index];
  if (index === undefined || def === undefined) return undefined;
  const existing = parent.children[index];
  if (existing !== undefined) return existing;
  const child = def.multiInstance
    ? createTable(def, `${parent.path}${key}.`)
    : createObject(def, `${parent.path}${key}.`, { fill: options.fill ?? true });
  parent.children[index] = child;
  return child;
}

/** A parameter whose value an operation changed, with its value before. */
export interface SlotChange {
  path: string;
  slot: ParamSlot;
  previous: string;
}

/** Sets each `*NumberOfEntries` parameter of `node` to the size of its table. */
export function syncCounts(node: ObjectNode): SlotChange[] {
  const changed: SlotChange[] = [];
  for (const child of childrenOf(node)) {
    const name = child.def.numEntriesParameter;
    if (child.kind !== "table" || name === undefined) continue;
    const slot = paramOf(node, name);
    const count = String(child.instances.length);
    if (slot === undefined || slot.value === count) continue;
    changed.push({ path: slot.path, slot, previous: slot.value });
    slot.value = count;
  }
  return changed;
}

/** Every parameter at or below `node`, depth first in definition order. */
export function* parametersUnder(
  node: ObjectNode | TableNode,
): Generator<{ path: string; slot: ParamSlot }> {
  if (node.kind === "table") {
    for (const instance of node.instances) yield* parametersUnder(instance);
    return;
  }
  for (const slot of paramsOf(node)) yield { path: slot.path, slot };
  for (const child of childrenOf(node)) yield* parametersUnder(child);
}

/** Every object and table at or below `node` (itself first), depth first. */
export function* objectsUnder(node: ObjectNode | TableNode): Generator<ObjectNode | TableNode> {
  yield node;
  const children = node.kind === "table" ? node.instances : childrenOf(node);
  for (const child of children) yield* objectsUnder(child);
}
