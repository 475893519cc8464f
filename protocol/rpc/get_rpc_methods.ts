/**
 * GetRPCMethods and its response (TR-069 A.3.1.1): either side asks which methods the other
 * supports.
 *
 * @module
 */

import { stringArrayNode } from "./_build.ts";
import { requireItems, requireNames } from "./_structs.ts";
import type { Codec } from "./codec.ts";

/** GetRPCMethods (spec A.3.1.1 Table 7): no arguments. */
export interface GetRPCMethods {
  method: "GetRPCMethods";
}

/** GetRPCMethodsResponse (spec A.3.1.1 Table 8). */
export interface GetRPCMethodsResponse {
  method: "GetRPCMethodsResponse";
  /** Names of the supported methods, standard and vendor (`X_<VENDOR>_Name`); at least one. */
  methodList: string[];
}

/**
 * Codec of GetRPCMethods.
 *
 * @example Usage
 * ```ts
 * import { getRPCMethodsCodec } from "./get_rpc_methods.ts";
 * if (getRPCMethodsCodec.encode({ method: "GetRPCMethods" }).length !== 0) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.1.1 GetRPCMethods
 */
export const getRPCMethodsCodec: Codec<GetRPCMethods> = {
  since: "1.0",
  encode() {
    return [];
  },
  decode() {
    return { method: "GetRPCMethods" };
  },
};

/**
 * Codec of GetRPCMethodsResponse. Method names are trimmed on decode; an empty list is
 * refused on encode, since the schema requires at least one name.
 *
 * @example Usage
 * ```ts
 * import { getRPCMethodsResponseCodec } from "./get_rpc_methods.ts";
 * const [list] = getRPCMethodsResponseCodec.encode({
 *   method: "GetRPCMethodsResponse",
 *   methodList: ["GetRPCMethods", "Inform"],
 * });
 * if (list?.attributes?.["SOAP-ENC:arrayType"] !== "xsd:string[2]") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.1.1 GetRPCMethods
 */
export const getRPCMethodsResponseCodec: Codec<GetRPCMethodsResponse> = {
  since: "1.0",
  encode(m) {
    return [
      stringArrayNode(
        "MethodList",
        requireItems("GetRPCMethodsResponse", "MethodList", m.methodList),
      ),
    ];
  },
  decode(element) {
    return { method: "GetRPCMethodsResponse", methodList: requireNames(element, "MethodList") };
  },
};
