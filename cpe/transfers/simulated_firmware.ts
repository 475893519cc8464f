/**
 * Simulated firmware: a `1 Firmware Upgrade Image` whose first line is
 * `CWMP-SIM-FIRMWARE <version>` is "installed" by a simulated device (the agent with
 * `downloads.simulatedFirmware`, which `cwmp cpe simulate` turns on) when no apply hook is
 * configured for firmware: DeviceInfo.SoftwareVersion becomes `<version>` and the device
 * reboots, so its next Inform carries `1 BOOT`, `7 TRANSFER COMPLETE` and `M Download`. A
 * firmware file without that header is refused as a real device refuses an image that fails
 * its checks: TransferComplete with 9018 "file corrupted" (9010 in cwmp-1-0, which lacks it).
 *
 * @module
 */

import { TransferError } from "./faults.ts";

/** The FileType of firmware images (spec A.3.2.8 Table 27). */
export const FIRMWARE_FILE_TYPE = "1 Firmware Upgrade Image";

/** The first word of a simulated firmware image. */
export const SIMULATED_FIRMWARE_MAGIC = "CWMP-SIM-FIRMWARE";

// The header line is short; reading more of a large image would be waste.
const HEADER_BYTES = 256;
// DeviceInfo.SoftwareVersion is string(64) in both root data models.
const MAX_VERSION = 64;

/**
 * The version a simulated firmware image installs, from the start of its content.
 *
 * @param head The first bytes of the file (at least the header line).
 * @returns The version, or undefined when the bytes do not start with a valid header: the
 * ASCII line `CWMP-SIM-FIRMWARE <version>` ended by LF (or CRLF), the version 1 to 64
 * printable ASCII characters without spaces.
 *
 * @example Usage
 * ```ts
 * import { simulatedFirmwareVersion } from "./simulated_firmware.ts";
 * const text = (s: string) => new TextEncoder().encode(s);
 * if (simulatedFirmwareVersion(text("CWMP-SIM-FIRMWARE 2.0.1\nbinary")) !== "2.0.1") {
 *   throw new Error("unexpected");
 * }
 * if (simulatedFirmwareVersion(text("CWMP-SIM-FIRMWARE 2.0.1")) !== undefined) {
 *   throw new Error("a header needs its newline");
 * }
 * ```
 */
export function simulatedFirmwareVersion(head: Uint8Array): string | undefined {
  const end = head.subarray(0, HEADER_BYTES).indexOf(0x0a);
  if (end < 0) return undefined;
  let line = "";
  for (const byte of head.subarray(0, end)) line += String.fromCharCode(byte);
  if (line.endsWith("\r")) line = line.slice(0, -1);
  const prefix = `${SIMULATED_FIRMWARE_MAGIC} `;
  if (!line.startsWith(prefix)) return undefined;
  const version = line.slice(prefix.length);
  const printable = /^[\x21-\x7e]+$/.test(version);
  return printable && version.length <= MAX_VERSION ? version : undefined;
}

/**
 * Reads the version a stored simulated firmware image installs.
 *
 * @param path The downloaded file.
 * @returns The version.
 * @throws {TransferError} `corrupted`: the file has no valid header (see
 * {@link simulatedFirmwareVersion}).
 * @see TR-069 Issue 1, A.3.2.8 Download
 */
export async function readSimulatedFirmware(path: string): Promise<string> {
  const file = await Deno.open(path, { read: true });
  const head = new Uint8Array(HEADER_BYTES);
  let filled = 0;
  try {
    while (filled < head.length) {
      const n = await file.read(head.subarray(filled));
      if (n === null) break;
      filled += n;
    }
  } finally {
    file.close();
  }
  const version = simulatedFirmwareVersion(head.subarray(0, filled));
  if (version === undefined) {
    throw new TransferError(
      "corrupted",
      `Not a simulated firmware image: the file does not start with a ` +
        `'${SIMULATED_FIRMWARE_MAGIC} <version>' line`,
    );
  }
  return version;
}
