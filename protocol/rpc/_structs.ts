/**
 * Structures and checks shared by the parameter, object and device-control codecs: bounded
 * integers and enumerations, AccessList, Notification, object names and dateTimes.
 *
 * @module
 */

import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import type { XmlElement } from "../xml/types.ts";
import type { XmlNode } from "../xml/write.ts";
import { arrayItems, findChild, requireInt, stringArray } from "./_read.ts";
import { stringArrayNode, textNode } from "./_build.ts";
import type { DecodeContext, EncodeContext } from "./codec.ts";
import { canonicalValue, isValidDateTime, UNKNOWN_TIME } from "./values.ts";

/** The largest xsd:unsignedInt. */
export const MAX_UNSIGNED_INT = 2 ** 32 - 1;

/**
 * The Notification attribute (spec A.3.2.4 Table 19): 0 off, 1 passive, 2 active. The cwmp-1-2
 * schema also admits 3 to 6 (the lightweight notifications of CWMP 1.4); cwmp-1-0 and
 * cwmp-1-1 admit only 0 to 2.
 */
export type Notification = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Every {@link Notification} value. */
export const NOTIFICATIONS: readonly Notification[] = [0, 1, 2, 3, 4, 5, 6];

/** The Status of a SetParameterValues, AddObject or DeleteObject response: 0 applied, 1 not yet. */
export type ApplyStatus = 0 | 1;

/** Every {@link ApplyStatus} value. */
export const APPLY_STATUSES: readonly ApplyStatus[] = [0, 1];

/** The one AccessList entity the schemas define. */
const SUBSCRIBER = "Subscriber";

/** An integer child whose value must be one of `allowed`; throws RemoteProtocolError otherwise. */
export function requireIntOf<T extends number>(
  element: XmlElement,
  name: string,
  allowed: readonly T[],
): T {
  const n = requireInt(element, name);
  const found = allowed.find((a) => a === n);
  if (found === undefined) {
    throw new RemoteProtocolError(
      `Cannot decode ${element.local}: ${name} ${n} is not one of ${allowed.join(", ")}`,
    );
  }
  return found;
}

/** An integer child within `range`; throws RemoteProtocolError when outside. */
export function requireIntIn(
  element: XmlElement,
  name: string,
  range: { min: number; max: number },
): number {
  const n = requireInt(element, name);
  if (n < range.min || n > range.max) {
    throw new RemoteProtocolError(
      `Cannot decode ${element.local}: ${name} ${n} is outside [${range.min}, ${range.max}]`,
    );
  }
  return n;
}

/** An integer element; throws LocalProtocolError when `value` is not an integer in `range`. */
export function integerNode(
  name: string,
  value: number,
  range: { min: number; max: number },
): XmlNode {
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new LocalProtocolError(
      `Cannot encode ${name} ${value}: not an integer in [${range.min}, ${range.max}]`,
    );
  }
  return textNode(name, value);
}

/** Throws LocalProtocolError when a list the schema requires to be non-empty is empty. */
export function requireItems<T>(method: string, name: string, list: readonly T[]): readonly T[] {
  if (list.length === 0) {
    throw new LocalProtocolError(`Cannot encode ${method}: ${name} needs at least one item`);
  }
  return list;
}

/** The item elements of a required SOAP array child; throws RemoteProtocolError when absent. */
export function requireArrayItems(element: XmlElement, name: string): XmlElement[] {
  if (findChild(element, name) === undefined) {
    throw new RemoteProtocolError(`Cannot decode ${element.local}: missing ${name}`);
  }
  return arrayItems(element, name);
}

/** The trimmed texts of a required string array child, e.g. ParameterNames or MethodList. */
export function requireNames(element: XmlElement, name: string): string[] {
  return requireArrayItems(element, name).map((item) => item.text.trim());
}

/**
 * An AccessList (spec A.3.2.4 Table 19); [] when absent. `subscriber` in another case is
 * normalised to `Subscriber`, the schemas' only value, with a warning.
 */
export function readAccessList(element: XmlElement, context: DecodeContext): string[] {
  return stringArray(element, "AccessList").map((raw) => {
    const entity = raw.trim();
    if (entity !== SUBSCRIBER && entity.toLowerCase() === SUBSCRIBER.toLowerCase()) {
      context.warnings.push(`AccessList entity '${entity}' normalised to '${SUBSCRIBER}'`);
      return SUBSCRIBER;
    }
    return entity;
  });
}

/** An AccessList array element. */
export function accessListNode(list: readonly string[]): XmlNode {
  return stringArrayNode("AccessList", list);
}

/** A Notification child (any of 0 to 6, whatever the namespace: be liberal). */
export function requireNotification(element: XmlElement): Notification {
  return requireIntOf(element, "Notification", NOTIFICATIONS);
}

/**
 * A Notification element; throws LocalProtocolError outside 0 to 2, or 0 to 6 when writing the
 * cwmp-1-2 namespace (the only schema that admits the lightweight notifications).
 */
export function notificationNode(value: Notification, context: EncodeContext | undefined): XmlNode {
  const newest = context === undefined || context.version === "1.2";
  return integerNode("Notification", value, { min: 0, max: newest ? 6 : 2 });
}

/**
 * An ObjectName element (schema `ObjectNameType`: ends with a dot, no line breaks); throws
 * LocalProtocolError for a name the schema would reject.
 */
export function objectNameNode(objectName: string): XmlNode {
  if (!/^[^\r\n]*\.$/.test(objectName)) {
    throw new LocalProtocolError(
      `Cannot encode ObjectName '${objectName}': it must end with a dot and hold no line break`,
    );
  }
  return textNode("ObjectName", objectName);
}

/** A dateTime child, canonical; an invalid one is kept as its raw text with a warning. */
export function readDateTime(text: string, name: string, context: DecodeContext): string {
  const raw = text.trim();
  const canonical = canonicalValue("dateTime", raw);
  if (canonical !== undefined) return canonical;
  context.warnings.push(`Invalid ${name} '${raw}' kept as raw text`);
  return raw;
}

/** A dateTime element; an invalid value (kept from a device) is sent as the Unknown Time. */
export function dateTimeNode(name: string, value: string): XmlNode {
  return textNode(name, isValidDateTime(value) ? value : UNKNOWN_TIME);
}
