/**
 * Helpers shared by the handler tests.
 *
 * @module
 */

import assert from "node:assert/strict";
import { CwmpFault } from "../../protocol/errors.ts";

/** The CwmpFault `fn` throws or rejects with; fails the test when it returns normally. */
export async function faultOf(fn: () => unknown): Promise<CwmpFault> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof CwmpFault) return e;
    throw e;
  }
  assert.fail("expected a CwmpFault");
}
