/**
 * FactoryReset and its response (TR-069 A.4.1.6).
 *
 * @module
 */

import type { Codec } from "./codec.ts";

/** FactoryReset (spec A.4.1.6 Table 51): no arguments. */
export interface FactoryReset {
  method: "FactoryReset";
}

/** FactoryResetResponse (spec A.4.1.6 Table 52): no arguments. */
export interface FactoryResetResponse {
  method: "FactoryResetResponse";
}

/**
 * Codec of FactoryReset.
 *
 * @example Usage
 * ```ts
 * import { factoryResetCodec } from "./factory_reset.ts";
 * if (factoryResetCodec.encode({ method: "FactoryReset" }).length !== 0) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.6 FactoryReset
 */
export const factoryResetCodec: Codec<FactoryReset> = {
  since: "1.0",
  encode() {
    return [];
  },
  decode() {
    return { method: "FactoryReset" };
  },
};

/**
 * Codec of FactoryResetResponse.
 *
 * @example Usage
 * ```ts
 * import { factoryResetResponseCodec } from "./factory_reset.ts";
 * if (factoryResetResponseCodec.encode({ method: "FactoryResetResponse" }).length !== 0) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.6 FactoryReset
 */
export const factoryResetResponseCodec: Codec<FactoryResetResponse> = {
  since: "1.0",
  encode() {
    return [];
  },
  decode() {
    return { method: "FactoryResetResponse" };
  },
};
