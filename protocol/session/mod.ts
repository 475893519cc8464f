/**
 * CWMP session state machines for both roles, sans-IO (TR-069 3.7). {@link CpeSession} and
 * {@link AcsSession} turn received HTTP bodies into actions and tell their owner what to send
 * next; they never touch a socket or a clock. The transition tables in `transitions.ts` hold
 * every legal move; an illegal one throws `RemoteProtocolError` (the peer broke CWMP) or
 * `LocalProtocolError` (our own call at the wrong time) and leaves the session unchanged.
 *
 * @example A whole session in memory, with one ACS request
 * ```ts
 * import { AcsSession, CpeSession } from "./mod.ts";
 * import type { AcsReply, CpePost, HttpBody } from "./mod.ts";
 *
 * const cpe = new CpeSession({
 *   inform: {
 *     method: "Inform",
 *     deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
 *     events: [{ eventCode: "1 BOOT", commandKey: "" }],
 *     maxEnvelopes: 1,
 *     currentTime: "2026-01-01T00:00:00Z",
 *     retryCount: 0,
 *     parameterList: [],
 *   },
 * });
 * const acs = new AcsSession({ now: 0 });
 * acs.enqueue({ method: "GetParameterValues", parameterNames: ["InternetGatewayDevice."] });
 * function toBody(x: CpePost | AcsReply): HttpBody {
 *   return x.kind === "post" || x.kind === "response" ? x.envelopes : "empty";
 * }
 *
 * let exchanges = 0;
 * for (let post = cpe.nextPost(); post.kind === "post" || post.kind === "empty"; post = cpe.nextPost()) {
 *   for (const action of acs.receive(toBody(post), exchanges).actions) {
 *     if (action.type === "request") acs.respond(action.key, { method: "InformResponse", maxEnvelopes: 1 });
 *   }
 *   for (const action of cpe.receive(toBody(acs.nextResponse())).actions) {
 *     if (action.type === "request") {
 *       cpe.respond(action.key, { method: "GetParameterValuesResponse", parameterList: [] });
 *     }
 *   }
 *   exchanges++;
 * }
 * if (cpe.state !== "done" || acs.state !== "ended" || exchanges !== 3) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7 Transaction Session Procedures
 * @module
 */

export { type AcsReply, AcsSession, type AcsSessionOptions } from "./acs_session.ts";
export { type CpePost, CpeSession, type CpeSessionOptions } from "./cpe_session.ts";
export {
  ACS_TRANSITIONS,
  type AcsState,
  CPE_TRANSITIONS,
  type CpeState,
  type Role,
  SESSION_EVENTS,
  type SessionEvent,
  type StateRule,
  type TransitionTable,
} from "./transitions.ts";
export type { HttpBody, ReceiveResult, SessionAction } from "./types.ts";
