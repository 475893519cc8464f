/**
 * Reading the JSON that `cwmp encode` takes: the document `cwmp decode` prints, a bare envelope,
 * or a bare message. Checks the outer shape (envelopes, versions, headers, method) with one
 * clear message per problem; the fields of each message are checked when it is encoded.
 *
 * @module
 */

import { isRpcMethod } from "../protocol/rpc/codecs.ts";
import type { SoapHeaders } from "../protocol/soap/headers.ts";
import { CWMP_VERSIONS, type CwmpVersion } from "../protocol/soap/namespaces.ts";
import { InputError } from "./errors.ts";
import { JSON_OUTPUT_VERSION } from "./output.ts";

/** One envelope to encode, with where it came from in the input for messages. */
export interface EnvelopeInput {
  /** The JSON path of the message, e.g. `envelopes[2].message`, for diagnostics. */
  messagePath: string;
  cwmpVersion: CwmpVersion;
  headers: SoapHeaders;
  /** An object with a known `method`; its other fields are not checked yet. */
  message: { method: string } | null;
}

type JsonObject = Record<string, unknown>;

const HEADER_TYPES: Readonly<Record<keyof SoapHeaders, "string" | "boolean" | "number">> = {
  id: "string",
  holdRequests: "boolean",
  noMoreRequests: "boolean",
  sessionTimeout: "number",
  supportedCwmpVersions: "string",
  useCwmpVersion: "string",
};

/**
 * The envelopes described by parsed JSON input.
 *
 * @param json The parsed input.
 * @param options `cwmpVersion` for a bare message or an envelope that names none.
 * @returns The envelopes in order.
 * @throws {InputError} The shape is wrong; the message names the JSON path.
 */
export function readEnvelopesJson(
  json: unknown,
  options: { cwmpVersion: CwmpVersion },
): EnvelopeInput[] {
  if (!isObject(json)) {
    throw new InputError(`Cannot read JSON: expected an object, found ${kindOf(json)}`);
  }
  if ("envelopes" in json) return readDocument(json, options.cwmpVersion);
  if ("message" in json || "cwmpVersion" in json || "headers" in json) {
    return [readEnvelope(json, { path: "envelope", fallback: options.cwmpVersion })];
  }
  if ("method" in json) {
    const message = readMessage(json, "message");
    return [{ messagePath: "message", cwmpVersion: options.cwmpVersion, headers: {}, message }];
  }
  if ("version" in json) throw new InputError("Cannot read JSON: missing 'envelopes'");
  throw new InputError(
    'Cannot read JSON: expected { "version": 1, "envelopes": [...] }, an envelope ' +
      '{ "cwmpVersion", "headers", "message" } or a message { "method", ... }',
  );
}

function readDocument(json: JsonObject, fallback: CwmpVersion): EnvelopeInput[] {
  if ("version" in json && json.version !== JSON_OUTPUT_VERSION) {
    throw new InputError(
      `Cannot read JSON: version ${JSON.stringify(json.version)} is not supported ` +
        `(expected ${JSON_OUTPUT_VERSION})`,
    );
  }
  const envelopes = json.envelopes;
  if (!Array.isArray(envelopes)) {
    throw new InputError(
      `Cannot read JSON: 'envelopes' must be an array, found ${kindOf(envelopes)}`,
    );
  }
  return envelopes.map((envelope: unknown, i) => {
    const path = `envelopes[${i}]`;
    if (!isObject(envelope)) {
      throw new InputError(
        `Cannot read JSON: ${path} must be an object, found ${kindOf(envelope)}`,
      );
    }
    return readEnvelope(envelope, { path, fallback });
  });
}

function readEnvelope(
  json: JsonObject,
  options: { path: string; fallback: CwmpVersion },
): EnvelopeInput {
  const { path } = options;
  const cwmpVersion = json.cwmpVersion ?? options.fallback;
  if (!(CWMP_VERSIONS as readonly unknown[]).includes(cwmpVersion)) {
    throw new InputError(
      `Cannot read JSON: ${path}.cwmpVersion ${JSON.stringify(cwmpVersion)} is not one of ` +
        CWMP_VERSIONS.join(", "),
    );
  }
  if (!("message" in json)) {
    throw new InputError(`Cannot read JSON: ${path} has no 'message' (null for an empty Body)`);
  }
  const message = json.message === null ? null : readMessage(json.message, `${path}.message`);
  return {
    messagePath: `${path}.message`,
    cwmpVersion: cwmpVersion as CwmpVersion,
    headers: readHeaders(json.headers ?? {}, `${path}.headers`),
    message,
  };
}

function readMessage(json: unknown, path: string): { method: string } {
  if (!isObject(json)) {
    throw new InputError(`Cannot read JSON: ${path} must be an object, found ${kindOf(json)}`);
  }
  const method = json.method;
  if (method === undefined) throw new InputError(`Cannot read JSON: ${path} has no 'method'`);
  if (typeof method !== "string") {
    throw new InputError(
      `Cannot read JSON: ${path}.method must be a string, found ${kindOf(method)}`,
    );
  }
  if (method !== "Fault" && method !== "Unsupported" && !isRpcMethod(method)) {
    throw new InputError(`Cannot read JSON: ${path}.method '${method}' is not a known CWMP method`);
  }
  return { ...json, method };
}

function readHeaders(json: unknown, path: string): SoapHeaders {
  if (!isObject(json)) {
    throw new InputError(`Cannot read JSON: ${path} must be an object, found ${kindOf(json)}`);
  }
  for (const [name, value] of Object.entries(json)) {
    if (!Object.hasOwn(HEADER_TYPES, name)) {
      throw new InputError(
        `Cannot read JSON: ${path}.${name} is not a header (known: ${
          Object.keys(HEADER_TYPES).join(", ")
        })`,
      );
    }
    const expected = `a ${HEADER_TYPES[name as keyof SoapHeaders]}`;
    if (kindOf(value) !== expected) {
      throw new InputError(
        `Cannot read JSON: ${path}.${name} must be ${expected}, found ${kindOf(value)}`,
      );
    }
  }
  return json as SoapHeaders;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** How a JSON value is named in messages: "a string", "an array", "null". */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value === undefined) return "nothing";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}
