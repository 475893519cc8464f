import type { XmlNode } from "../xml/write.ts";
import { formatValue, type ParameterValueStruct, type ValueType } from "./values.ts";

/** An element with text content (an empty string still writes start and end tags). */
export function textNode(name: string, text: string | number | boolean): XmlNode {
  return { name, text: typeof text === "string" ? text : String(text) };
}

/** An xsd:boolean element, canonical `true`/`false`. */
export function booleanNode(name: string, value: boolean): XmlNode {
  return { name, text: value ? "true" : "false" };
}

/**
 * A SOAP-encoded array: `SOAP-ENC:arrayType="<itemType>[<n>]"` with the count of `items`.
 * `itemType` is a QName under the envelope's prefixes, e.g. `cwmp:ParameterValueStruct`.
 */
export function arrayNode(name: string, itemType: string, items: readonly XmlNode[]): XmlNode {
  return {
    name,
    attributes: { "SOAP-ENC:arrayType": `${itemType}[${items.length}]` },
    children: items,
  };
}

/** A SOAP-encoded array of `xsd:string` items named `string`. */
export function stringArrayNode(name: string, values: readonly string[]): XmlNode {
  return arrayNode(name, "xsd:string", values.map((v) => textNode("string", v)));
}

/** A ParameterValueStruct array (spec A.3.2.1 Table 11) with `xsi:type` on every value. */
export function parameterValuesNode(name: string, list: readonly ParameterValueStruct[]): XmlNode {
  return arrayNode(
    name,
    "cwmp:ParameterValueStruct",
    list.map((p) => ({
      name: "ParameterValueStruct",
      children: [
        textNode("Name", p.name),
        { name: "Value", attributes: { "xsi:type": xsiType(p.type) }, text: formatValue(p) },
      ],
    })),
  );
}

/**
 * The `xsi:type` QName of a value type. base64 is SOAP encoding's `base64` type: `xsd:base64`,
 * which many devices write, names no type in XML Schema and fails validation.
 */
export function xsiType(type: ValueType): string {
  return type === "base64" ? "SOAP-ENC:base64" : `xsd:${type}`;
}
