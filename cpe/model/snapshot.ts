/**
 * The JSON-serialisable state of a model store, and rebuilding an instance tree from it. The
 * agent writes a snapshot atomically with the rest of its durable state (design.md invariant 5);
 * the store does no file IO itself.
 *
 * @module
 */

import { canonicalValue } from "../../protocol/rpc/values.ts";
import type { DataModel } from "../datamodel/types.ts";
import { isNotificationLevel } from "./attributes.ts";
import { resolvePath } from "./resolve.ts";
import { createAtPath } from "./object_ops.ts";
import {
  createObject,
  DEFAULT_ACCESS_LIST,
  defaultNotification,
  type NotificationLevel,
  type ObjectNode,
  objectsUnder,
  parametersUnder,
  syncCounts,
} from "./tree.ts";

/** The version of {@link ModelSnapshot}; restore refuses any other. */
export const SNAPSHOT_FORMAT = 1;

/** A store's whole state as plain JSON data. */
export interface ModelSnapshot {
  format: 1;
  /** The data model's name; a snapshot only restores into the same model. */
  model: string;
  parameterKey: string;
  /** Concrete paths of every table instance and optional object, parents first. */
  objects: string[];
  /** The next instance number of each table that has assigned one (never reused). */
  counters: Record<string, number>;
  /** Every parameter's value. */
  values: Record<string, string>;
  /** Attributes that differ from the defaults. */
  attributes: Record<string, { notification: NotificationLevel; accessList: string[] }>;
  /** Value changes not yet reported in an Inform: 1 passive, 2 active. */
  pending: Record<string, 1 | 2>;
}

/** A snapshot that cannot be restored: malformed, another format, another data model. */
export class ModelStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelStateError";
  }
}

/** The parts of a store's state a snapshot records besides the tree. */
export interface StoreState {
  root: ObjectNode;
  parameterKey: string;
  pending: ReadonlyMap<string, 1 | 2>;
}

/**
 * Captures a store's state. With `omitHidden`, the values the data model marks hidden
 * (passwords, keys) are left out: such a snapshot is for a file that leaves the device.
 */
export function takeSnapshot(
  model: DataModel,
  state: StoreState,
  options: { omitHidden?: boolean } = {},
): ModelSnapshot {
  const snapshot: ModelSnapshot = {
    format: SNAPSHOT_FORMAT,
    model: model.name,
    parameterKey: state.parameterKey,
    objects: [],
    counters: {},
    values: {},
    attributes: {},
    pending: Object.fromEntries(state.pending),
  };
  for (const node of objectsUnder(state.root)) {
    if (node.kind === "table") {
      if (node.nextInstance > 1) snapshot.counters[node.path] = node.nextInstance;
    } else if (node.instance !== undefined || (node !== state.root && node.def.minEntries === 0)) {
      snapshot.objects.push(node.path);
    }
  }
  for (const { path, slot } of parametersUnder(state.root)) {
    if (options.omitHidden !== true || !slot.def.hidden) snapshot.values[path] = slot.value;
    const accessDefault = sameList(slot.accessList, DEFAULT_ACCESS_LIST);
    if (slot.notification !== defaultNotification(slot.def) || !accessDefault) {
      snapshot.attributes[path] = {
        notification: slot.notification,
        accessList: [...slot.accessList],
      };
    }
  }
  return snapshot;
}

/**
 * Rebuilds a store's state from a snapshot. What no longer fits the model (a path it lacks, a
 * value its type rejects) is skipped with a warning, so a newer data model can take over an
 * older device's state.
 *
 * @throws {ModelStateError} Not a snapshot of this format, or of another data model.
 */
export function restoreState(
  model: DataModel,
  input: unknown,
): StoreState & { warnings: string[] } {
  const snapshot = checkSnapshot(input);
  if (snapshot.model !== model.name) {
    throw new ModelStateError(
      `Cannot restore a ${snapshot.model} snapshot into a ${model.name} model`,
    );
  }
  const warnings: string[] = [];
  const root = createObject(model.rootObject, `${model.root}.`, { fill: false });
  for (const path of snapshot.objects) {
    if (createAtPath(root, path, { fill: false }) === undefined) {
      warnings.push(`Object ${path} is not in the model, skipped`);
    }
  }
  for (const [path, next] of Object.entries(snapshot.counters)) {
    const table = resolvePath(root, path);
    if (table?.kind === "table") table.node.nextInstance = Math.max(table.node.nextInstance, next);
    else warnings.push(`Table ${path} is not in the model, counter skipped`);
  }
  for (const [path, value] of Object.entries(snapshot.values)) {
    const target = resolvePath(root, path);
    if (target?.kind !== "parameter") {
      warnings.push(`Parameter ${path} is not in the model, skipped`);
      continue;
    }
    const type = target.slot.def.syntax.type;
    const canonical = canonicalValue(type, value) ?? (type === "dateTime" ? value : undefined);
    if (canonical === undefined) warnings.push(`Value '${value}' of ${path} is not a ${type}`);
    else target.slot.value = canonical;
  }
  for (const [path, attributes] of Object.entries(snapshot.attributes)) {
    const target = resolvePath(root, path);
    if (target?.kind !== "parameter") continue;
    target.slot.notification = attributes.notification;
    target.slot.accessList = Object.freeze([...attributes.accessList]);
  }
  const pending = new Map<string, 1 | 2>();
  for (const [path, level] of Object.entries(snapshot.pending)) {
    if (resolvePath(root, path)?.kind === "parameter") pending.set(path, level);
  }
  for (const node of objectsUnder(root)) if (node.kind === "object") syncCounts(node);
  return { root, parameterKey: snapshot.parameterKey, pending, warnings };
}

function checkSnapshot(input: unknown): ModelSnapshot {
  if (!isRecord(input) || input.format !== SNAPSHOT_FORMAT) {
    throw new ModelStateError(
      `Cannot restore model state: not a format ${SNAPSHOT_FORMAT} snapshot`,
    );
  }
  const { model, parameterKey, objects, counters, values, attributes, pending } = input;
  const valid = typeof model === "string" && typeof parameterKey === "string" &&
    Array.isArray(objects) && objects.every((o) => typeof o === "string") &&
    isRecordOf(counters, (v) => Number.isSafeInteger(v) && Number(v) >= 1) &&
    isRecordOf(values, (v) => typeof v === "string") &&
    isRecordOf(attributes, isAttributes) &&
    isRecordOf(pending, (v) => v === 1 || v === 2);
  if (!valid) throw new ModelStateError("Cannot restore model state: malformed snapshot");
  return input as unknown as ModelSnapshot;
}

function isAttributes(v: unknown): boolean {
  return isRecord(v) && typeof v.notification === "number" &&
    isNotificationLevel(v.notification) && Array.isArray(v.accessList) &&
    v.accessList.every((a) => typeof a === "string");
}

function isRecordOf(v: unknown, check: (value: unknown) => boolean): boolean {
  return isRecord(v) && Object.values(v).every(check);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
