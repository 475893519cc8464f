/**
 * ScheduleInform and its response (TR-069 A.4.1.2): asking the CPE for a one-time Inform later.
 *
 * @module
 */

import { optionalText } from "./_read.ts";
import { textNode } from "./_build.ts";
import { integerNode, MAX_UNSIGNED_INT, requireIntIn } from "./_structs.ts";
import type { Codec } from "./codec.ts";

/** ScheduleInform (spec A.4.1.2 Table 42). */
export interface ScheduleInform {
  method: "ScheduleInform";
  /** Seconds until the Inform; the spec requires more than zero. */
  delaySeconds: number;
  /** Returned with the `M ScheduleInform` event of that Inform (at most 32 characters). */
  commandKey: string;
}

/** ScheduleInformResponse (spec A.4.1.2 Table 43): no arguments. */
export interface ScheduleInformResponse {
  method: "ScheduleInformResponse";
}

/**
 * Codec of ScheduleInform. Decoding accepts a DelaySeconds of 0 (the schema allows it; the
 * CPE answers it with fault 9003), encoding refuses it as the spec asks; a missing
 * CommandKey reads as empty.
 *
 * @example Usage
 * ```ts
 * import { scheduleInformCodec } from "./schedule_inform.ts";
 * const [delay, key] = scheduleInformCodec.encode({
 *   method: "ScheduleInform",
 *   delaySeconds: 60,
 *   commandKey: "check",
 * });
 * if (delay?.text !== "60" || key?.text !== "check") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.4.1.2 ScheduleInform
 */
export const scheduleInformCodec: Codec<ScheduleInform> = {
  since: "1.0",
  encode(m) {
    return [
      integerNode("DelaySeconds", m.delaySeconds, { min: 1, max: MAX_UNSIGNED_INT }),
      textNode("CommandKey", m.commandKey),
    ];
  },
  decode(element) {
    return {
      method: "ScheduleInform",
      delaySeconds: requireIntIn(element, "DelaySeconds", { min: 0, max: MAX_UNSIGNED_INT }),
      commandKey: optionalText(element, "CommandKey"),
    };
  },
};

/**
 * Codec of ScheduleInformResponse.
 *
 * @example Usage
 * ```ts
 * import { scheduleInformResponseCodec } from "./schedule_inform.ts";
 * if (scheduleInformResponseCodec.encode({ method: "ScheduleInformResponse" }).length !== 0) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.2 ScheduleInform
 */
export const scheduleInformResponseCodec: Codec<ScheduleInformResponse> = {
  since: "1.0",
  encode() {
    return [];
  },
  decode() {
    return { method: "ScheduleInformResponse" };
  },
};
