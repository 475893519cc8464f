/**
 * SetVouchers and its response (TR-069 A.4.1.3): installing option vouchers (Appendix C).
 *
 * @module
 */

import { RemoteProtocolError } from "../errors.ts";
import { arrayNode, textNode } from "./_build.ts";
import { requireArrayItems, requireItems } from "./_structs.ts";
import type { Codec } from "./codec.ts";
import { canonicalValue, formatValue } from "./values.ts";

/** SetVouchers (spec A.4.1.3 Table 44). */
export interface SetVouchers {
  method: "SetVouchers";
  /** The signed vouchers, each as canonical base64 (no white space); at least one. */
  voucherList: string[];
}

/** SetVouchersResponse (spec A.4.1.3 Table 45): no arguments. */
export interface SetVouchersResponse {
  method: "SetVouchersResponse";
}

/**
 * Codec of SetVouchers. White space inside a voucher (line-wrapped base64) is removed on
 * decode; text that is not base64 throws.
 *
 * @example Usage
 * ```ts
 * import { setVouchersCodec } from "./set_vouchers.ts";
 * const [list] = setVouchersCodec.encode({ method: "SetVouchers", voucherList: ["AAEC"] });
 * if (list?.attributes?.["SOAP-ENC:arrayType"] !== "SOAP-ENC:base64[1]") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.3 SetVouchers
 */
export const setVouchersCodec: Codec<SetVouchers> = {
  since: "1.0",
  encode(m) {
    const vouchers = requireItems("SetVouchers", "VoucherList", m.voucherList);
    return [
      arrayNode(
        "VoucherList",
        "SOAP-ENC:base64",
        vouchers.map((v) => textNode("base64", formatValue({ type: "base64", value: v }))),
      ),
    ];
  },
  decode(element) {
    return {
      method: "SetVouchers",
      voucherList: requireArrayItems(element, "VoucherList").map((item) => {
        const voucher = canonicalValue("base64", item.text);
        if (voucher === undefined) {
          throw new RemoteProtocolError("Cannot decode SetVouchers: a voucher is not base64");
        }
        return voucher;
      }),
    };
  },
};

/**
 * Codec of SetVouchersResponse.
 *
 * @example Usage
 * ```ts
 * import { setVouchersResponseCodec } from "./set_vouchers.ts";
 * if (setVouchersResponseCodec.encode({ method: "SetVouchersResponse" }).length !== 0) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.3 SetVouchers
 */
export const setVouchersResponseCodec: Codec<SetVouchersResponse> = {
  since: "1.0",
  encode() {
    return [];
  },
  decode() {
    return { method: "SetVouchersResponse" };
  },
};
