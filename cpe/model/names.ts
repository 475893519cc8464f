/**
 * The ParameterInfoStruct lists of GetParameterNames (spec A.3.2.3).
 *
 * @module
 */

import { CwmpFault } from "../../protocol/errors.ts";
import type { ParameterInfoStruct } from "../../protocol/rpc/get_parameter_names.ts";
import { resolvePath } from "./resolve.ts";
import { childrenOf, type ObjectNode, paramsOf, type TableNode } from "./tree.ts";

/**
 * Lists names for GetParameterNames.
 *
 * NextLevel false: the parameter itself, or the object named by the partial path followed by
 * every parameter and object below it; the empty path lists the whole tree, root object first.
 * NextLevel true: the parameters and objects (as partial paths) one level below the partial
 * path; for a table, its instances; for the empty path, the root object. Objects are listed as
 * TR-069 Amendment 1 and later make explicit, which every ACS relies on.
 *
 * Writable is the parameter's access; for a table, whether AddObject applies; for an instance,
 * whether DeleteObject applies; false for other objects.
 *
 * @throws {CwmpFault} 9005 for a name that does not exist; 9003 for NextLevel true with a
 *   parameter name (not a partial path).
 * @see TR-069 Issue 1, A.3.2.3 GetParameterNames
 */
export function listNames(
  root: ObjectNode,
  path: string,
  nextLevel: boolean,
): ParameterInfoStruct[] {
  const target = resolvePath(root, path);
  if (target === undefined) throw new CwmpFault(9005, `Invalid parameter name: ${path}`);
  if (target.kind === "parameter") {
    if (nextLevel) {
      throw new CwmpFault(9003, `Invalid arguments: NextLevel true with parameter name ${path}`);
    }
    return [{ name: path, writable: target.slot.def.writable }];
  }
  if (target.kind === "all") {
    return nextLevel ? [objectEntry(root)] : [...allNames(root)];
  }
  return nextLevel ? childEntries(target.node) : [...allNames(target.node)];
}

function childEntries(node: ObjectNode | TableNode): ParameterInfoStruct[] {
  if (node.kind === "table") return node.instances.map(objectEntry);
  const list: ParameterInfoStruct[] = [];
  for (const slot of paramsOf(node)) list.push({ name: slot.path, writable: slot.def.writable });
  for (const child of childrenOf(node)) list.push(objectEntry(child));
  return list;
}

function* allNames(node: ObjectNode | TableNode): Generator<ParameterInfoStruct> {
  yield objectEntry(node);
  if (node.kind === "table") {
    for (const instance of node.instances) yield* allNames(instance);
    return;
  }
  for (const slot of paramsOf(node)) yield { name: slot.path, writable: slot.def.writable };
  for (const child of childrenOf(node)) yield* allNames(child);
}

function objectEntry(node: ObjectNode | TableNode): ParameterInfoStruct {
  const writable = node.kind === "table" || node.def.multiInstance ? node.def.writable : false;
  return { name: node.path, writable };
}
