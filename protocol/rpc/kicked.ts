/**
 * Kicked and KickedResponse (TR-069 A.4.2.1 and Appendix D): a browser "kicked" the CPE, which
 * asks the ACS where to send the browser next.
 *
 * @module
 */

import { optionalText } from "./_read.ts";
import { textNode } from "./_build.ts";
import { requireTrimmed } from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

/** Kicked (spec A.4.2.1 Table 53). */
export interface Kicked {
  method: "Kicked";
  /** Generic argument for the ACS (at most 32 characters). */
  command: string;
  /** The HTTP Referer header of the kick (at most 64 characters). */
  referer: string;
  /** Generic argument for the ACS (at most 256 characters). */
  arg: string;
  /** The URL the ACS should answer with under normal conditions (at most 1024 characters). */
  next: string;
}

/** KickedResponse (spec A.4.2.1 Table 54). */
export interface KickedResponse {
  method: "KickedResponse";
  /** Where the CPE redirects the browser; a bare path means a page on the CPE itself. */
  nextUrl: string;
}

/**
 * Codec of Kicked. Next is required when decoding: it is what the ACS must answer with.
 *
 * @example Usage
 * ```ts
 * import { kickedCodec } from "./kicked.ts";
 * const nodes = kickedCodec.encode({
 *   method: "Kicked",
 *   command: "provision",
 *   referer: "http://portal.example.com/",
 *   arg: "plan=gold",
 *   next: "http://portal.example.com/done",
 * });
 * if (nodes.map((n) => n.name).join() !== "Command,Referer,Arg,Next") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.4.2.1 Kicked
 */
export const kickedCodec: Codec<Kicked> = {
  since: "1.0",
  encode(m) {
    return [
      textNode("Command", m.command),
      textNode("Referer", m.referer),
      textNode("Arg", m.arg),
      textNode("Next", m.next),
    ];
  },
  decode(element) {
    return {
      method: "Kicked",
      command: optionalText(element, "Command"),
      referer: optionalText(element, "Referer"),
      arg: optionalText(element, "Arg"),
      next: requireTrimmed(element, "Next"),
    };
  },
};

/**
 * Codec of KickedResponse.
 *
 * @example Usage
 * ```ts
 * import { kickedResponseCodec } from "./kicked.ts";
 * const [url] = kickedResponseCodec.encode({ method: "KickedResponse", nextUrl: "/index.html" });
 * if (url?.name !== "NextURL" || url.text !== "/index.html") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.4.2.1 Kicked
 */
export const kickedResponseCodec: Codec<KickedResponse> = {
  since: "1.0",
  encode(m) {
    return [textNode("NextURL", m.nextUrl)];
  },
  decode(element) {
    return { method: "KickedResponse", nextUrl: requireTrimmed(element, "NextURL") };
  },
};
