/**
 * Inform and GetParameterValues: the two exchanges every session of every device makes.
 *
 * @module
 */

import type { CodecTable } from "./codec.ts";
import {
  type GetParameterValues,
  getParameterValuesCodec,
  type GetParameterValuesResponse,
  getParameterValuesResponseCodec,
} from "./get_parameter_values.ts";
import { type Inform, informCodec, type InformResponse, informResponseCodec } from "./inform.ts";

/** The messages of this group. */
export type CoreMessage = Inform | InformResponse | GetParameterValues | GetParameterValuesResponse;

/** One codec per method of {@link CoreMessage}. */
export const CORE_CODECS: CodecTable<CoreMessage> = {
  Inform: informCodec,
  InformResponse: informResponseCodec,
  GetParameterValues: getParameterValuesCodec,
  GetParameterValuesResponse: getParameterValuesResponseCodec,
};
