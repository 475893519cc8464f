/**
 * Resolution of the names an ACS sends: full parameter names, partial paths ending in a dot,
 * and the empty string for the whole tree (spec A.3.2.2 Table 12).
 *
 * @module
 */

import {
  childOf,
  instanceOf,
  type ObjectNode,
  paramOf,
  type ParamSlot,
  type TableNode,
} from "./tree.ts";

/** What a name refers to in the instance tree. */
export type Resolved =
  | { kind: "parameter"; path: string; node: ObjectNode; slot: ParamSlot }
  | { kind: "object"; path: string; node: ObjectNode }
  | { kind: "table"; path: string; node: TableNode }
  | { kind: "all"; path: ""; node: ObjectNode };

const INSTANCE = /^[1-9]\d{0,9}$/;

/**
 * Resolves `path` from the root object. A partial path must end in a dot and name an object or a
 * table; a parameter name must not. Instance numbers are decimal without leading zeros.
 *
 * @returns Undefined when nothing in the tree has that name.
 */
export function resolvePath(root: ObjectNode, path: string): Resolved | undefined {
  if (path === "") return { kind: "all", path: "", node: root };
  const partial = path.endsWith(".");
  const segments = (partial ? path.slice(0, -1) : path).split(".");
  if (segments[0] !== root.def.key) return undefined;
  let current: ObjectNode | TableNode = root;
  const last = segments.length - 1;
  for (let i = 1; i <= last; i++) {
    const segment = segments[i] ?? "";
    if (current.kind === "table") {
      const instance: ObjectNode | undefined = INSTANCE.test(segment)
        ? instanceOf(current, Number(segment))
        : undefined;
      if (instance === undefined) return undefined;
      current = instance;
      continue;
    }
    const child: ObjectNode | TableNode | undefined = childOf(current, segment);
    if (child !== undefined) {
      current = child;
      continue;
    }
    const slot = i === last && !partial ? paramOf(current, segment) : undefined;
    return slot === undefined ? undefined : { kind: "parameter", path, node: current, slot };
  }
  if (!partial) return undefined;
  return current.kind === "table"
    ? { kind: "table", path, node: current }
    : { kind: "object", path, node: current };
}
