/**
 * AddObject and DeleteObject on the instance tree, with their faults.
 *
 * @module
 */

import { CwmpFault } from "../../protocol/errors.ts";
import { resolvePath } from "./resolve.ts";
import {
  addInstance,
  ensureChild,
  instanceOf,
  type ObjectNode,
  removeInstance,
  type SlotChange,
  syncCounts,
  type TableNode,
} from "./tree.ts";

/** The largest instance number (InstanceNumber is an unsignedInt, spec A.3.2.6 Table 24). */
export const MAX_INSTANCE = 4_294_967_295;

/**
 * Adds an instance to the table at `path` with the table's next number, which only grows, so a
 * number is never reused, also after DeleteObject (spec A.3.2.6: "SHOULD NOT assign an instance
 * number that has been used for a previously deleted object instance").
 *
 * @returns The new instance number and the `*NumberOfEntries` values that changed.
 * @throws {CwmpFault} 9005 when `path` is not a table, 9001 when the table is read-only, 9004
 *   when it holds maxEntries instances or its numbers are used up.
 * @see TR-069 Issue 1, A.3.2.6 AddObject
 */
export function addObjectAt(
  root: ObjectNode,
  path: string,
): { instance: number; counts: SlotChange[] } {
  const target = resolvePath(root, path);
  if (target?.kind !== "table") {
    throw new CwmpFault(9005, `Invalid parameter name: ${path} is not a multi-instance object`);
  }
  const table = target.node;
  if (!table.def.writable) throw new CwmpFault(9001, `Request denied: ${path} is read-only`);
  const max = table.def.maxEntries;
  if (max !== undefined && table.instances.length >= max) {
    throw new CwmpFault(9004, `Resources exceeded: ${path} holds at most ${max} instances`);
  }
  if (table.nextInstance > MAX_INSTANCE) {
    throw new CwmpFault(9004, `Resources exceeded: ${path} has used every instance number`);
  }
  const node = addInstance(table);
  return { instance: node.instance ?? 0, counts: syncCounts(parentOf(root, table)) };
}

/**
 * Deletes the instance at `path` (`Table.N.`) with everything below it. The other instances keep
 * their numbers.
 *
 * @returns The `*NumberOfEntries` values that changed.
 * @throws {CwmpFault} 9005 when `path` is not an instance, 9001 when its table is read-only or
 *   at its minimum number of entries.
 * @see TR-069 Issue 1, A.3.2.7 DeleteObject
 */
export function deleteObjectAt(root: ObjectNode, path: string): { counts: SlotChange[] } {
  const target = resolvePath(root, path);
  const instance = target?.kind === "object" ? target.node.instance : undefined;
  const tablePath = path.slice(0, path.slice(0, -1).lastIndexOf(".") + 1);
  const table = resolvePath(root, tablePath);
  if (instance === undefined || table?.kind !== "table") {
    throw new CwmpFault(9005, `Invalid parameter name: ${path} is not an object instance`);
  }
  if (!table.node.def.writable) throw new CwmpFault(9001, `Request denied: ${path} is read-only`);
  if (table.node.instances.length <= table.node.def.minEntries) {
    throw new CwmpFault(
      9001,
      `Request denied: ${tablePath} needs at least ${table.node.def.minEntries} instances`,
    );
  }
  removeInstance(table.node, instance);
  return { counts: syncCounts(parentOf(root, table.node)) };
}

/**
 * Creates, on the device's own authority (no writability or maxEntries check), the table instance
 * `Table.N.` or the optional object at `path`, with any missing ancestors. An existing one is kept.
 *
 * @returns The object and the `*NumberOfEntries` values that changed, or undefined when `path`
 *   names no possible instance or optional object.
 */
export function createAtPath(
  root: ObjectNode,
  path: string,
  options: { fill?: boolean } = {},
): { node: ObjectNode; counts: SlotChange[] } | undefined {
  const match = /^(.*\.)([^.]+)\.$/.exec(path);
  if (match === null) return undefined;
  const [, parentPath = "", key = ""] = match;
  let parent = resolvePath(root, parentPath);
  const counts: SlotChange[] = [];
  if (parent === undefined && /\.[^.]+\.$/.test(parentPath)) {
    // Creating the parent (or, for a table, the object holding it) first, like `mkdir -p`.
    const created = createAtPath(root, parentPath, options);
    if (created !== undefined) counts.push(...created.counts);
    parent = resolvePath(root, parentPath);
  }
  if (parent?.kind === "table") {
    if (!/^[1-9]\d{0,9}$/.test(key) || Number(key) > MAX_INSTANCE) return undefined;
    const instance = Number(key);
    const node = instanceOf(parent.node, instance) ??
      addInstance(parent.node, { instance, fill: options.fill ?? true });
    return { node, counts: [...counts, ...syncCounts(parentOf(root, parent.node))] };
  }
  if (parent?.kind !== "object" && parent?.kind !== "all") return undefined;
  const node = ensureChild(parent.node, key, options);
  return node?.kind === "object" ? { node, counts } : undefined;
}

function parentOf(root: ObjectNode, table: TableNode): ObjectNode {
  const parentPath = table.path.slice(0, table.path.slice(0, -1).lastIndexOf(".") + 1);
  const parent = resolvePath(root, parentPath);
  if (parent?.kind === "object" || parent?.kind === "all") return parent.node;
  throw new Error(`Table ${table.path} has no parent object`);
}
