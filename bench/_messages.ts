/** Realistic messages of a chosen size for the codec benchmarks. */

import type { Inform } from "../protocol/rpc/inform.ts";
import type { GetParameterValuesResponse } from "../protocol/rpc/get_parameter_values.ts";
import type { ParameterValueStruct } from "../protocol/rpc/values.ts";

const TYPES = ["string", "unsignedInt", "boolean", "dateTime", "int"] as const;

/** `count` parameters shaped like a TR-098 device's (paths, mixed types, short values). */
export function parameters(count: number): ParameterValueStruct[] {
  return Array.from({ length: count }, (_, i) => {
    const type = TYPES[i % TYPES.length] ?? "string";
    const value = type === "string"
      ? `value-${i} <${i % 7}> & more`
      : type === "boolean"
      ? String(i % 2 === 0)
      : type === "dateTime"
      ? "2026-11-21T12:00:00Z"
      : String(i * 37);
    return {
      name: `InternetGatewayDevice.WANDevice.1.WANConnectionDevice.${
        i % 4 + 1
      }.WANIPConnection.${i}.Stats.Param${i}`,
      type,
      value,
    };
  });
}

/** A GetParameterValuesResponse with `count` parameters. */
export function gpvResponse(count: number): GetParameterValuesResponse {
  return { method: "GetParameterValuesResponse", parameterList: parameters(count) };
}

/** A typical Inform (BOOT, PERIODIC) with `count` parameters. */
export function inform(count: number): Inform {
  return {
    method: "Inform",
    deviceId: {
      manufacturer: "Acme Networks",
      oui: "00D09E",
      productClass: "IGD",
      serialNumber: "SN000123456",
    },
    events: [{ eventCode: "1 BOOT", commandKey: "" }, { eventCode: "2 PERIODIC", commandKey: "" }],
    maxEnvelopes: 1,
    currentTime: "2026-11-21T12:00:00Z",
    retryCount: 0,
    parameterList: parameters(count),
  };
}
