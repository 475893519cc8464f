/**
 * The parameters every Inform carries (spec A.3.3.1 Table 33 for an Internet Gateway Device,
 * the `forcedInform` parameters of the data model otherwise).
 *
 * @module
 */

import { childrenOf, type ObjectNode, paramsOf, type TableNode } from "./tree.ts";

/**
 * The concrete paths of the forced-inform parameters, in tree order. A forced-inform parameter
 * inside a table (Table 33's `WAN{***}Connection.{k}.ExternalIPAddress`) is taken from the
 * default instance only: the first instance in tree order that has it, so the first
 * WANIPConnection of the first WAN connection device, else the first WANPPPConnection.
 *
 * @see TR-069 Issue 1, A.3.3.1 Table 33 and its footnote 8
 */
export function forcedInformPaths(root: ObjectNode): string[] {
  const paths: string[] = [];
  const tableNames = new Set<string>();
  walk(root, false, paths, tableNames);
  return paths;
}

function walk(
  node: ObjectNode | TableNode,
  inTable: boolean,
  paths: string[],
  tableNames: Set<string>,
): void {
  if (node.kind === "table") {
    for (const instance of node.instances) walk(instance, true, paths, tableNames);
    return;
  }
  for (const slot of paramsOf(node)) {
    if (!slot.def.forcedInform) continue;
    const name = slot.def.name;
    if (inTable) {
      if (tableNames.has(name)) continue;
      tableNames.add(name);
    }
    paths.push(slot.path);
  }
  for (const child of childrenOf(node)) walk(child, inTable, paths, tableNames);
}
