/**
 * Device ids: one string naming a CPE, built from its DeviceIdStruct.
 *
 * @module
 */

import type { DeviceIdStruct } from "../protocol/rpc/inform.ts";

/**
 * The device id of a CPE: `OUI-ProductClass-SerialNumber`, or `OUI-SerialNumber` when the
 * ProductClass is empty (it is optional, spec 3.4.4). The OUI is upper-cased first (some CPEs
 * send it in lower case). In each part every character outside `[A-Za-z0-9_.~]` is
 * percent-encoded as its UTF-8 bytes with upper-case hex digits, so `-` (the separator)
 * becomes `%2D` and the id can be split back into its parts unambiguously. This is GenieACS's
 * scheme, with `.` and `~` also left as they are.
 *
 * @param id The DeviceIdStruct of an Inform.
 * @returns The device id.
 *
 * @example Usage
 * ```ts
 * import { deviceIdOf } from "./device_id.ts";
 * const id = deviceIdOf({
 *   manufacturer: "Acme",
 *   oui: "00d09e",
 *   productClass: "IGD-2 Plus",
 *   serialNumber: "SN.1~x",
 * });
 * if (id !== "00D09E-IGD%2D2%20Plus-SN.1~x") throw new Error(id);
 * ```
 * @see TR-069 Issue 1, 3.4.4 and A.3.3.1 (DeviceIdStruct)
 */
export function deviceIdOf(id: DeviceIdStruct): string {
  const oui = escapeIdPart(id.oui.toUpperCase());
  const serial = escapeIdPart(id.serialNumber);
  if (id.productClass === "") return `${oui}-${serial}`;
  return `${oui}-${escapeIdPart(id.productClass)}-${serial}`;
}

const ENCODER = new TextEncoder();

/**
 * Percent-encodes every character of `part` outside `[A-Za-z0-9_.~]`.
 *
 * @example Usage
 * ```ts
 * import { escapeIdPart } from "./device_id.ts";
 * if (escapeIdPart("a-b/é") !== "a%2Db%2F%C3%A9") throw new Error("unexpected");
 * ```
 */
export function escapeIdPart(part: string): string {
  return part.replace(/[^A-Za-z0-9_.~]/gu, (ch) => {
    let out = "";
    for (const byte of ENCODER.encode(ch)) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
    return out;
  });
}
