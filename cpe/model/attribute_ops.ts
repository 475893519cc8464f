/**
 * SetParameterAttributes on the instance tree: all entries are checked before any applies.
 *
 * @module
 */

import { CwmpFault } from "../../protocol/errors.ts";
import type { SetParameterAttributesStruct } from "../../protocol/rpc/set_parameter_attributes.ts";
import { isNotificationLevel, NOTIFICATION_REJECTED, notificationRefusal } from "./attributes.ts";
import { resolvePath } from "./resolve.ts";
import { type ObjectNode, parametersUnder, type ParamSlot, SUBSCRIBER } from "./tree.ts";

interface Planned {
  slot: ParamSlot;
  notification?: 0 | 1 | 2;
  accessList?: readonly string[];
}

/**
 * Applies SetParameterAttributes all or nothing, entries in order (a later entry wins).
 *
 * A parameter named in full that refuses the requested Notification fails the whole request
 * with 9009. Under a partial path, parameters that refuse it keep their setting and the others
 * change: the ACS asked for a branch, not for each of its statistics. A Notification above 2
 * (CWMP 1.4 lightweight notification) is refused everywhere. AccessList may hold only
 * "Subscriber" (9003 otherwise).
 *
 * @throws {CwmpFault} 9005 unknown name, 9009 notification refused, 9003 unknown AccessList entity.
 * @see TR-069 Issue 1, A.3.2.4 SetParameterAttributes
 */
export function applyAttributes(
  root: ObjectNode,
  list: readonly SetParameterAttributesStruct[],
): void {
  const plan: Planned[] = [];
  for (const entry of list) {
    const target = resolvePath(root, entry.name);
    if (target === undefined) throw new CwmpFault(9005, `Invalid parameter name: ${entry.name}`);
    const accessList = entry.accessListChange ? checkAccessList(entry) : undefined;
    const requested = entry.notification;
    if (entry.notificationChange && !isNotificationLevel(requested)) {
      throw new CwmpFault(
        NOTIFICATION_REJECTED,
        `Notification request rejected: ${entry.name}: Notification ${requested} is not supported`,
      );
    }
    const slots = target.kind === "parameter"
      ? [target.slot]
      : [...parametersUnder(target.node)].map((p) => p.slot);
    for (const slot of slots) {
      let notification: 0 | 1 | 2 | undefined;
      if (entry.notificationChange && isNotificationLevel(requested)) {
        const refusal = notificationRefusal(slot.def, requested);
        if (refusal !== undefined && target.kind === "parameter") {
          throw new CwmpFault(
            NOTIFICATION_REJECTED,
            `Notification request rejected: ${entry.name}: ${refusal}`,
          );
        }
        if (refusal === undefined) notification = requested;
      }
      plan.push({
        slot,
        ...(notification !== undefined ? { notification } : {}),
        ...(accessList !== undefined ? { accessList } : {}),
      });
    }
  }
  for (const p of plan) {
    if (p.notification !== undefined) p.slot.notification = p.notification;
    if (p.accessList !== undefined) p.slot.accessList = p.accessList;
  }
}

function checkAccessList(entry: SetParameterAttributesStruct): readonly string[] {
  const unknown = entry.accessList.find((a) => a !== SUBSCRIBER);
  if (unknown !== undefined) {
    throw new CwmpFault(9003, `Invalid arguments: unknown AccessList entity '${unknown}'`);
  }
  return Object.freeze([...new Set(entry.accessList)]);
}
