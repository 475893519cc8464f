/**
 * Reboot and its response (TR-069 A.3.2.9).
 *
 * @module
 */

import { optionalText } from "./_read.ts";
import { textNode } from "./_build.ts";
import type { Codec } from "./codec.ts";

/** Reboot (spec A.3.2.9 Table 29). */
export interface Reboot {
  method: "Reboot";
  /** Returned with the `M Reboot` event of the Inform after the reboot (at most 32 characters). */
  commandKey: string;
}

/** RebootResponse (spec A.3.2.9 Table 30): no arguments. */
export interface RebootResponse {
  method: "RebootResponse";
}

/**
 * Codec of Reboot. A missing CommandKey reads as empty.
 *
 * @example Usage
 * ```ts
 * import { rebootCodec } from "./reboot.ts";
 * const [key] = rebootCodec.encode({ method: "Reboot", commandKey: "reboot-1" });
 * if (key?.name !== "CommandKey" || key.text !== "reboot-1") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.2.9 Reboot
 */
export const rebootCodec: Codec<Reboot> = {
  since: "1.0",
  encode(m) {
    return [textNode("CommandKey", m.commandKey)];
  },
  decode(element) {
    return { method: "Reboot", commandKey: optionalText(element, "CommandKey") };
  },
};

/**
 * Codec of RebootResponse.
 *
 * @example Usage
 * ```ts
 * import { rebootResponseCodec } from "./reboot.ts";
 * if (rebootResponseCodec.encode({ method: "RebootResponse" }).length !== 0) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.9 Reboot
 */
export const rebootResponseCodec: Codec<RebootResponse> = {
  since: "1.0",
  encode() {
    return [];
  },
  decode() {
    return { method: "RebootResponse" };
  },
};
