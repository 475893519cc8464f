/**
 * File transfer, software module and CPE-to-ACS notification methods and their responses.
 *
 * @module
 */

import type { CodecTable } from "./codec.ts";

/** The messages of this group. */
export type TransferMessage = never;

/** One codec per method of {@link TransferMessage}. */
export const TRANSFER_CODECS: CodecTable<TransferMessage> = {};
