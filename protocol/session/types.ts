/**
 * Types shared by the CPE and ACS sessions.
 *
 * @module
 */

import type { CwmpMessage } from "../rpc/codecs.ts";
import type { Envelope } from "../soap/envelope.ts";
import type { SoapFault } from "../soap/fault.ts";

/**
 * One HTTP body as the session sees it: its decoded envelopes in order, or `"empty"` for an
 * empty POST or an empty HTTP response (spec 3.4.1; the ACS answers it with HTTP 204).
 *
 * @example Usage
 * ```ts
 * import type { HttpBody } from "./types.ts";
 * const body: HttpBody = "empty";
 * if (body !== "empty") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4.1 Encoding SOAP over HTTP
 */
export type HttpBody = readonly Envelope[] | "empty";

/**
 * What the owner of a session must know or do after a body arrived, in envelope order.
 *
 * - `request`: the peer asks something; answer it with `respond(key, answer)` before the next
 *   POST (CPE) or HTTP response (ACS). `id` is the peer's cwmp:ID, echoed automatically.
 * - `response`: the peer answered the request that `enqueue` returned `key` for; `response`
 *   is its `...Response` message or a SOAP fault.
 * - `retry`: the peer answered with fault 8005; the request is queued again, first in line.
 *
 * @example Usage
 * ```ts
 * import type { SessionAction } from "./types.ts";
 * const action: SessionAction = {
 *   type: "request",
 *   key: 1,
 *   id: "7",
 *   request: { method: "GetParameterValues", parameterNames: ["InternetGatewayDevice."] },
 * };
 * if (action.type !== "request" || action.request.method !== "GetParameterValues") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, 3.7.1.2 and 3.7.2.2 Incoming Requests, A.5.3 Retry
 */
export type SessionAction =
  | { type: "request"; key: number; id: string | undefined; request: CwmpMessage }
  | { type: "response"; key: number; request: CwmpMessage; response: CwmpMessage }
  | { type: "retry"; key: number; request: CwmpMessage; fault: SoapFault };

/**
 * The result of a session's `receive`.
 *
 * @example Usage
 * ```ts
 * import type { ReceiveResult } from "./types.ts";
 * const result: ReceiveResult = { actions: [], warnings: ["HoldRequests ignored"] };
 * if (result.warnings.length !== 1) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.5 Use of SOAP (ignore what is unknown) and 3.7 Transaction Sessions
 */
export interface ReceiveResult {
  /** Requests to answer and answers to our requests, in envelope order. */
  actions: SessionAction[];
  /** Peer behaviour that was tolerated (design.md section 4: liberal in what we accept). */
  warnings: string[];
}
