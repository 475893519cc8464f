/**
 * GetOptions and its response (TR-069 A.4.1.4): the options (Appendix C vouchers) of a CPE.
 *
 * @module
 */

import type { XmlElement } from "../xml/types.ts";
import type { XmlNode } from "../xml/write.ts";
import { findChild, requireBoolean, requireText } from "./_read.ts";
import { arrayNode, textNode } from "./_build.ts";
import {
  dateTimeNode,
  integerNode,
  MAX_UNSIGNED_INT,
  readDateTime,
  requireArrayItems,
  requireIntIn,
  requireIntOf,
} from "./_structs.ts";
import type { Codec, DecodeContext } from "./codec.ts";

/** GetOptions (spec A.4.1.4 Table 46). */
export interface GetOptions {
  method: "GetOptions";
  /** The name of one option, or "" for every option the CPE supports (at most 64 characters). */
  optionName: string;
}

/** OptionStruct State (spec A.4.1.4 Table 48): bit 0 enabled, bit 1 set up. */
export type OptionState = 0 | 1 | 2 | 3;

/** OptionStruct Mode (spec A.4.1.4 Table 48): 0 disabled, 1 enabled with expiration, 2 without. */
export type OptionMode = 0 | 1 | 2;

/** OptionStruct (spec A.4.1.4 Table 48). */
export interface OptionStruct {
  optionName: string;
  voucherSN: number;
  state: OptionState;
  mode: OptionMode;
  /** xsd:dateTime; a device's invalid text is kept as it came. */
  startDate: string;
  /** xsd:dateTime, absent when the option does not expire. */
  expirationDate?: string;
  /** Sent as the schema's int `1` or `0`. */
  isTransferable: boolean;
}

/** GetOptionsResponse (spec A.4.1.4 Table 47). */
export interface GetOptionsResponse {
  method: "GetOptionsResponse";
  optionList: OptionStruct[];
}

const STATES: readonly OptionState[] = [0, 1, 2, 3];
const MODES: readonly OptionMode[] = [0, 1, 2];

/**
 * Codec of GetOptions. OptionName is required and trimmed on decode.
 *
 * @example Usage
 * ```ts
 * import { getOptionsCodec } from "./get_options.ts";
 * const [name] = getOptionsCodec.encode({ method: "GetOptions", optionName: "" });
 * if (name?.name !== "OptionName" || name.text !== "") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.4.1.4 GetOptions
 */
export const getOptionsCodec: Codec<GetOptions> = {
  since: "1.0",
  encode(m) {
    return [textNode("OptionName", m.optionName)];
  },
  decode(element) {
    return { method: "GetOptions", optionName: requireText(element, "OptionName").trim() };
  },
};

/**
 * Codec of GetOptionsResponse. IsTransferable reads `0`, `1`, `true`, `false`; an invalid
 * dateTime is kept as raw text with a warning (and sent back as the Unknown Time).
 *
 * @example Usage
 * ```ts
 * import { getOptionsResponseCodec } from "./get_options.ts";
 * const [list] = getOptionsResponseCodec.encode({
 *   method: "GetOptionsResponse",
 *   optionList: [{
 *     optionName: "VoIP",
 *     voucherSN: 17,
 *     state: 3,
 *     mode: 2,
 *     startDate: "2024-01-01T00:00:00Z",
 *     isTransferable: true,
 *   }],
 * });
 * const fields = list?.children?.[0]?.children?.map((c) => c.name).join(" ");
 * if (fields !== "OptionName VoucherSN State Mode StartDate IsTransferable") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.1.4 GetOptions
 */
export const getOptionsResponseCodec: Codec<GetOptionsResponse> = {
  since: "1.0",
  encode(m) {
    return [arrayNode("OptionList", "cwmp:OptionStruct", m.optionList.map(optionNode))];
  },
  decode(element, context) {
    return {
      method: "GetOptionsResponse",
      optionList: requireArrayItems(element, "OptionList").map((item) => readOption(item, context)),
    };
  },
};

function optionNode(o: OptionStruct): XmlNode {
  const children = [
    textNode("OptionName", o.optionName),
    integerNode("VoucherSN", o.voucherSN, { min: 0, max: MAX_UNSIGNED_INT }),
    integerNode("State", o.state, { min: 0, max: 3 }),
    integerNode("Mode", o.mode, { min: 0, max: 2 }),
    dateTimeNode("StartDate", o.startDate),
  ];
  if (o.expirationDate !== undefined) {
    children.push(dateTimeNode("ExpirationDate", o.expirationDate));
  }
  children.push(textNode("IsTransferable", o.isTransferable ? 1 : 0));
  return { name: "OptionStruct", children };
}

function readOption(item: XmlElement, context: DecodeContext): OptionStruct {
  const option: OptionStruct = {
    optionName: requireText(item, "OptionName").trim(),
    voucherSN: requireIntIn(item, "VoucherSN", { min: 0, max: MAX_UNSIGNED_INT }),
    state: requireIntOf(item, "State", STATES),
    mode: requireIntOf(item, "Mode", MODES),
    startDate: readDateTime(requireText(item, "StartDate"), "StartDate", context),
    isTransferable: requireBoolean(item, "IsTransferable"),
  };
  // Some devices write an empty ExpirationDate for an option that does not expire.
  const expiration = findChild(item, "ExpirationDate")?.text ?? "";
  if (expiration.trim() !== "") {
    option.expirationDate = readDateTime(expiration, "ExpirationDate", context);
  }
  return option;
}
