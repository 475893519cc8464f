/**
 * Encoding a message that came from JSON, so nothing guarantees it has its type's fields.
 *
 * The codecs trust their input's type; given `{ "method": "Inform" }` alone they would write
 * `undefined` or crash. Rather than keep a second schema of every RPC here, this watches which
 * absent fields the codec reads while encoding, decodes the XML it wrote, and reports a field
 * that was read but absent and that the decoder does produce (so it is required), or a field
 * whose JSON kind differs from what the decoder produces.
 *
 * @module
 */

import { LocalProtocolError } from "../protocol/errors.ts";
import type { CwmpMessage } from "../protocol/rpc/codecs.ts";
import { decodeEnvelopes, encodeEnvelope } from "../protocol/soap/envelope.ts";
import type { EnvelopeInput } from "./envelope_json.ts";
import { kindOf } from "./envelope_json.ts";
import { InputError, inputErrorOf } from "./errors.ts";

type Segment = string | number;

/**
 * The XML of one envelope read from JSON.
 *
 * @param input The envelope.
 * @returns The envelope's XML document.
 * @throws {InputError} The message lacks a field, has a field of the wrong kind, has a value
 * that does not fit its type, or cannot be sent at all (`Unsupported`, or a method that its
 * CWMP version lacks).
 */
export function encodeChecked(input: EnvelopeInput): string {
  const options = { version: input.cwmpVersion, headers: input.headers };
  if (input.message === null) return encodeEnvelope(null, options);
  const message = input.message;
  const fail = (detail: string): InputError =>
    new InputError(`${input.messagePath}: Cannot encode ${message.method}: ${detail}`);
  const missing: Segment[][] = [];
  let xml: string;
  try {
    xml = encodeEnvelope(watchAbsentReads(message, { path: [], missing }) as CwmpMessage, options);
  } catch (error) {
    if (error instanceof LocalProtocolError) {
      throw new InputError(`${input.messagePath}: ${error.message}`);
    }
    if (!(error instanceof TypeError)) throw error;
    // The field read last before the crash is the one the codec needed.
    const field = missing.at(-1);
    throw fail(
      field === undefined ? `it does not fit its type (${error.message})` : missingField(field),
    );
  }
  let decoded: unknown;
  try {
    decoded = decodeEnvelopes(xml).envelopes[0]?.message;
  } catch (error) {
    const field = missing[0];
    if (field !== undefined) throw fail(missingField(field));
    const reason = inputErrorOf(error);
    if (reason === undefined) throw error;
    throw fail(`its XML does not decode (${reason.message})`);
  }
  const required = missing.find((path) => valueAt(decoded, path) !== undefined);
  if (required !== undefined) throw fail(missingField(required));
  const mismatch = findKindMismatch(decoded, message, []);
  if (mismatch !== undefined) throw fail(mismatch);
  return xml;
}

function missingField(path: readonly Segment[]): string {
  return `missing field '${formatPath(path)}'`;
}

// A proxy of the message that records every read of a field the object does not have.
function watchAbsentReads(
  value: object,
  state: { path: Segment[]; missing: Segment[][] },
): object {
  return new Proxy(value, {
    get(target: object, key: string | symbol, receiver: unknown): unknown {
      const found: unknown = Reflect.get(target, key, receiver);
      if (typeof key === "symbol") return found;
      const segment = Array.isArray(target) && /^\d+$/.test(key) ? Number(key) : key;
      const path = [...state.path, segment];
      if (!(key in target)) {
        state.missing.push(path);
        return found;
      }
      if (typeof found !== "object" || found === null || !Object.hasOwn(target, key)) return found;
      return watchAbsentReads(found, { path, missing: state.missing });
    },
  });
}

function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<Segment, unknown>)[segment];
  }
  return value;
}

function findKindMismatch(
  expected: unknown,
  actual: unknown,
  path: readonly Segment[],
): string | undefined {
  const want = kindOf(expected);
  const got = kindOf(actual);
  if (want !== got) {
    return `field '${formatPath(path)}' must be ${want}, found ${got}`;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const length = Math.min(expected.length, actual.length);
    for (let i = 0; i < length; i++) {
      const found = findKindMismatch(expected[i], actual[i], [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (want !== "an object") return undefined;
  const exp = expected as Record<string, unknown>;
  const act = actual as Record<string, unknown>;
  for (const key of Object.keys(exp)) {
    if (!Object.hasOwn(act, key)) continue;
    const found = findKindMismatch(exp[key], act[key], [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function formatPath(path: readonly Segment[]): string {
  return path.map((s, i) => typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`).join("");
}
