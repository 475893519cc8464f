/**
 * Inform and InformResponse (TR-069 A.3.3.1): the CPE opens every session with an Inform.
 *
 * @module
 */

import {
  arrayItems,
  optionalInt,
  optionalText,
  readParameterValues,
  requireChild,
  requireInt,
  requireText,
} from "./_read.ts";
import { arrayNode, parameterValuesNode, textNode } from "./_build.ts";
import type { Codec } from "./codec.ts";
import {
  canonicalValue,
  isValidDateTime,
  type ParameterValueStruct,
  UNKNOWN_TIME,
} from "./values.ts";

/** DeviceIdStruct (spec A.3.3.1 Table 34). */
export interface DeviceIdStruct {
  manufacturer: string;
  /** Organizationally unique identifier, six upper-case hex digits. */
  oui: string;
  productClass: string;
  serialNumber: string;
}

/** EventStruct (spec A.3.3.1 Table 35): an event code such as `0 BOOTSTRAP` and its CommandKey. */
export interface EventStruct {
  eventCode: string;
  commandKey: string;
}

/** The Inform request (spec A.3.3.1 Table 31). */
export interface Inform {
  method: "Inform";
  deviceId: DeviceIdStruct;
  events: EventStruct[];
  maxEnvelopes: number;
  /** xsd:dateTime; a device's invalid text is kept as it came. */
  currentTime: string;
  retryCount: number;
  parameterList: ParameterValueStruct[];
}

/** The InformResponse (spec A.3.3.1 Table 32). */
export interface InformResponse {
  method: "InformResponse";
  maxEnvelopes: number;
}

/**
 * Codec of Inform.
 *
 * @example Usage
 * ```ts
 * import { informCodec } from "./inform.ts";
 * const nodes = informCodec.encode({
 *   method: "Inform",
 *   deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
 *   events: [{ eventCode: "1 BOOT", commandKey: "" }],
 *   maxEnvelopes: 1,
 *   currentTime: "2026-01-01T00:00:00Z",
 *   retryCount: 0,
 *   parameterList: [],
 * });
 * if (nodes[0]?.name !== "DeviceId") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.3.1 Inform
 */
export const informCodec: Codec<Inform> = {
  since: "1.0",
  encode(m) {
    return [
      {
        name: "DeviceId",
        children: [
          textNode("Manufacturer", m.deviceId.manufacturer),
          textNode("OUI", m.deviceId.oui),
          textNode("ProductClass", m.deviceId.productClass),
          textNode("SerialNumber", m.deviceId.serialNumber),
        ],
      },
      arrayNode(
        "Event",
        "cwmp:EventStruct",
        m.events.map((e) => ({
          name: "EventStruct",
          children: [textNode("EventCode", e.eventCode), textNode("CommandKey", e.commandKey)],
        })),
      ),
      textNode("MaxEnvelopes", m.maxEnvelopes),
      textNode("CurrentTime", isValidDateTime(m.currentTime) ? m.currentTime : UNKNOWN_TIME),
      textNode("RetryCount", m.retryCount),
      parameterValuesNode("ParameterList", m.parameterList),
    ];
  },
  decode(element, context) {
    const id = requireChild(element, "DeviceId");
    const rawOui = requireText(id, "OUI").trim();
    const oui = rawOui.toUpperCase();
    if (oui !== rawOui) context.warnings.push(`OUI '${rawOui}' normalised to upper case`);
    const rawTime = optionalText(element, "CurrentTime", UNKNOWN_TIME).trim();
    const currentTime = canonicalValue("dateTime", rawTime) ?? rawTime;
    if (currentTime !== rawTime || !isValidDateTime(rawTime)) {
      context.warnings.push(`Invalid CurrentTime '${rawTime}' kept as raw text`);
    }
    return {
      method: "Inform",
      deviceId: {
        manufacturer: optionalText(id, "Manufacturer"),
        oui,
        productClass: optionalText(id, "ProductClass"),
        serialNumber: requireText(id, "SerialNumber").trim(),
      },
      events: arrayItems(element, "Event").map((e) => ({
        eventCode: requireText(e, "EventCode").trim(),
        commandKey: optionalText(e, "CommandKey"),
      })),
      maxEnvelopes: optionalInt(element, "MaxEnvelopes", 1),
      currentTime,
      retryCount: optionalInt(element, "RetryCount", 0),
      parameterList: readParameterValues(element, "ParameterList", context),
    };
  },
};

/**
 * Codec of InformResponse.
 *
 * @example Usage
 * ```ts
 * import { informResponseCodec } from "./inform.ts";
 * const [node] = informResponseCodec.encode({ method: "InformResponse", maxEnvelopes: 1 });
 * if (node?.text !== "1") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.3.1 Inform
 */
export const informResponseCodec: Codec<InformResponse> = {
  since: "1.0",
  encode(m) {
    return [textNode("MaxEnvelopes", m.maxEnvelopes)];
  },
  decode(element) {
    return { method: "InformResponse", maxEnvelopes: requireInt(element, "MaxEnvelopes") };
  },
};
