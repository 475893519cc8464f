/**
 * Which Notification settings a parameter accepts (spec A.3.2.4: "The CPE may return a
 * notification request rejected error if an attempt is made to set notification on a parameter
 * deemed inappropriate").
 *
 * @module
 */

import type { ParameterSpec } from "../datamodel/types.ts";
import type { NotificationLevel } from "./tree.ts";

/** Fault 9009 "Notification request rejected" (spec A.5.1 Table 58). */
export const NOTIFICATION_REJECTED = 9009;

/**
 * Why `parameter` refuses Notification `requested`, or undefined when it accepts it:
 * - values above 2 (the lightweight notifications of CWMP 1.4) are not supported;
 * - an Inform-on-Change parameter (`forceEnabled`, spec Table 33) is always active;
 * - a `canDeny` parameter (a continuously varying value such as a statistic) refuses active;
 * - a forced-inform parameter is in every Inform already, so it takes no passive or active
 *   notification, except active where the data model makes that its default.
 *
 * @example Usage
 * ```ts
 * import { notificationRefusal } from "./attributes.ts";
 * const uptime = {
 *   name: "UpTime", writable: false, forcedInform: false, activeNotify: "canDeny",
 *   hidden: false, syntax: { type: "unsignedInt", base: "unsignedInt" },
 * } as const;
 * if (notificationRefusal(uptime, 1) !== undefined || notificationRefusal(uptime, 2) === undefined) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.4 SetParameterAttributes and A.3.3.1 Table 33
 */
export function notificationRefusal(
  parameter: ParameterSpec,
  requested: number,
): string | undefined {
  if (!isNotificationLevel(requested)) return `Notification ${requested} is not supported`;
  switch (parameter.activeNotify) {
    case "forceEnabled":
      return requested === 2 ? undefined : "it is always active (Inform on Change)";
    case "canDeny":
      if (requested === 2) return "active notification is refused for this parameter";
      break;
    case "forceDefaultEnabled":
      if (requested === 2) return undefined;
      break;
    case "normal":
      break;
  }
  return parameter.forcedInform && requested !== 0
    ? "it is carried in every Inform already"
    : undefined;
}

/** Whether `n` is a Notification value this agent supports. */
export function isNotificationLevel(n: number): n is NotificationLevel {
  return n === 0 || n === 1 || n === 2;
}
