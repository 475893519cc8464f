/**
 * The table of every RPC codec, keyed by method element name, and the message union.
 *
 * @module
 */

import type { SoapFault } from "../soap/fault.ts";
import type { Codec, CodecTable } from "./codec.ts";
import { CORE_CODECS, type CoreMessage } from "./codecs_core.ts";
import { MANAGEMENT_CODECS, type ManagementMessage } from "./codecs_management.ts";
import { TRANSFER_CODECS, type TransferMessage } from "./codecs_transfer.ts";

/** Every RPC request and response of TR-069 Appendix A and its later amendments. */
export type RpcMessage = CoreMessage | ManagementMessage | TransferMessage;

/** The name of a method element, e.g. `GetParameterValues` or `InformResponse`. */
export type RpcMethod = RpcMessage["method"];

/** A method element we do not know (a vendor extension or a newer amendment). */
export interface UnsupportedMessage {
  method: "Unsupported";
  /** Local name of the element, e.g. `X_0012AB_Foo`. */
  name: string;
  /** Namespace URI of the element. */
  namespace: string;
}

/** Anything a SOAP Body may carry: an RPC, a fault, or an element we do not know. */
export type CwmpMessage = RpcMessage | SoapFault | UnsupportedMessage;

/** One codec for each {@link RpcMethod}. */
export const CODECS: CodecTable<RpcMessage> = {
  ...CORE_CODECS,
  ...MANAGEMENT_CODECS,
  ...TRANSFER_CODECS,
};

/**
 * The codec of a method element name, or undefined for an unknown name.
 *
 * @example Usage
 * ```ts
 * import { codecFor } from "./codecs.ts";
 * if (codecFor("Inform") === undefined || codecFor("toString") !== undefined) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function codecFor(name: string): Codec<RpcMessage> | undefined {
  if (!Object.hasOwn(CODECS, name)) return undefined;
  return (CODECS as Readonly<Record<string, Codec<RpcMessage>>>)[name];
}

/**
 * Whether a method name is an RPC this library can encode and decode.
 *
 * @example Usage
 * ```ts
 * import { isRpcMethod } from "./codecs.ts";
 * if (!isRpcMethod("InformResponse") || isRpcMethod("Fault")) throw new Error("unexpected");
 * ```
 */
export function isRpcMethod(name: string): name is RpcMethod {
  return Object.hasOwn(CODECS, name);
}
