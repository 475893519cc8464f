/**
 * Parameter, object, attribute and device-control methods and their responses.
 *
 * @module
 */

import type { CodecTable } from "./codec.ts";

/** The messages of this group. */
export type ManagementMessage = never;

/** One codec per method of {@link ManagementMessage}. */
export const MANAGEMENT_CODECS: CodecTable<ManagementMessage> = {};
