import { RemoteProtocolError } from "../errors.ts";
import { XSI } from "../soap/namespaces.ts";
import type { XmlElement } from "../xml/types.ts";
import { type ParameterValueStruct, parseValue } from "./values.ts";
import type { DecodeContext } from "./codec.ts";

/** The first child with local name `name` (exact, else case-insensitive), or undefined. */
export function findChild(element: XmlElement, name: string): XmlElement | undefined {
  for (const child of element.children) if (child.local === name) return child;
  const lower = name.toLowerCase();
  for (const child of element.children) if (child.local.toLowerCase() === lower) return child;
  return undefined;
}

/** The child named `name`; throws a RemoteProtocolError naming the method when missing. */
export function requireChild(element: XmlElement, name: string): XmlElement {
  const child = findChild(element, name);
  if (child === undefined) {
    throw new RemoteProtocolError(`Cannot decode ${element.local}: missing ${name}`);
  }
  return child;
}

/** The text of child `name`, or `fallback` when the child is absent. */
export function optionalText(element: XmlElement, name: string, fallback = ""): string {
  return findChild(element, name)?.text ?? fallback;
}

/** The text of child `name`; throws when the child is absent. */
export function requireText(element: XmlElement, name: string): string {
  return requireChild(element, name).text;
}

/** An integer child (white space tolerated); throws when missing or not an integer. */
export function requireInt(element: XmlElement, name: string): number {
  return parseIntOf(element, name, requireChild(element, name).text);
}

/** An integer child, or `fallback` when absent; throws when present but not an integer. */
export function optionalInt(element: XmlElement, name: string, fallback: number): number {
  const child = findChild(element, name);
  return child === undefined ? fallback : parseIntOf(element, name, child.text);
}

function parseIntOf(element: XmlElement, name: string, text: string): number {
  const t = text.trim();
  const n = Number(t);
  if (t === "" || !Number.isSafeInteger(n)) {
    throw new RemoteProtocolError(
      `Cannot decode ${element.local}: ${name} '${text}' is not an integer`,
    );
  }
  return n;
}

/** A boolean child (`0`, `1`, `true`, `false`, any case); throws when missing or invalid. */
export function requireBoolean(element: XmlElement, name: string): boolean {
  return parseBooleanOf(element, name, requireChild(element, name).text);
}

/** A boolean child, or `fallback` when absent. */
export function optionalBoolean(element: XmlElement, name: string, fallback: boolean): boolean {
  const child = findChild(element, name);
  return child === undefined ? fallback : parseBooleanOf(element, name, child.text);
}

function parseBooleanOf(element: XmlElement, name: string, text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === "1" || t === "true") return true;
  if (t === "0" || t === "false") return false;
  throw new RemoteProtocolError(
    `Cannot decode ${element.local}: ${name} '${text}' is not a boolean`,
  );
}

/** The item elements of a SOAP array child `name` (any item name); [] when the child is absent. */
export function arrayItems(element: XmlElement, name: string): XmlElement[] {
  return findChild(element, name)?.children ?? [];
}

/** The item texts of a string array child, e.g. ParameterNames or MethodList. */
export function stringArray(element: XmlElement, name: string): string[] {
  return arrayItems(element, name).map((item) => item.text);
}

/** The value of the attribute with local name `local` in namespace `uri` (any prefix). */
export function attributeNS(element: XmlElement, uri: string, local: string): string | undefined {
  for (const a of element.attributes) if (a.local === local && a.uri === uri) return a.value;
  return undefined;
}

/** Reads ParameterValueStruct items (spec A.3.2.1 Table 11) from an array child. */
export function readParameterValues(
  element: XmlElement,
  name: string,
  context: DecodeContext,
): ParameterValueStruct[] {
  return arrayItems(element, name).map((item) => {
    const valueElement = findChild(item, "Value");
    const typeAttribute = valueElement === undefined
      ? undefined
      : attributeNS(valueElement, XSI, "type") ?? attributeByLocal(valueElement, "type");
    const typed = parseValue(typeAttribute, valueElement?.text ?? "", context.warnings);
    return { name: requireText(item, "Name").trim(), type: typed.type, value: typed.value };
  });
}

// Some CPEs write `type=` with an undeclared or wrong prefix; the local name is enough.
function attributeByLocal(element: XmlElement, local: string): string | undefined {
  for (const a of element.attributes) if (a.local === local) return a.value;
  return undefined;
}
