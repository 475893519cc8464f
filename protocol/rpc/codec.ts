/**
 * The shape every RPC codec has: one per method element (request or response), registered in
 * a table keyed by method name so that encoding and decoding never need a `switch`.
 *
 * @module
 */

import type { CwmpVersion } from "../soap/namespaces.ts";
import type { XmlElement } from "../xml/types.ts";
import type { XmlNode } from "../xml/write.ts";

/** What a decoder may report besides its result. */
export interface DecodeContext {
  /** Receives one message for each thing tolerated (a lower-case OUI, a missing type). */
  readonly warnings: string[];
}

/** What an encoder may need to know besides the message. */
export interface EncodeContext {
  /** The CWMP namespace being written; some values are valid only from a later one. */
  readonly version: CwmpVersion;
}

/** Encoder and decoder of one CWMP method element. */
export interface Codec<M extends { method: string }> {
  /** The oldest CWMP namespace whose schema defines this element. */
  readonly since: CwmpVersion;
  /**
   * The child elements of `cwmp:<method>`, in schema order; throws LocalProtocolError for a
   * value the schema of `context.version` would reject. The envelope writer always passes
   * the context; without one a codec checks against the newest namespace.
   */
  encode(message: M, context?: EncodeContext): XmlNode[];
  /**
   * Reads the `cwmp:<method>` element. Liberal: children are found by local name in any
   * order; what is missing and required throws {@link RemoteProtocolError}.
   */
  decode(element: XmlElement, context: DecodeContext): M;
}

/** A table with exactly one codec for each method of the message union `M`. */
export type CodecTable<M extends { method: string }> = {
  readonly [K in M["method"]]: Codec<Extract<M, { method: K }>>;
};
