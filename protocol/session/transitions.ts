/**
 * The session state machines of both roles, as transition tables over string-literal unions
 * (h11's `_state.py` style). All transition logic of the session layer lives here: a session
 * object works out which {@link SessionEvent} an HTTP body or a call amounts to, and a
 * {@link SessionMachine} either moves to the state the table names or throws and stays put.
 *
 * Both roles share one event vocabulary; each event is sent by one side (the CPE sends POSTs,
 * the ACS sends HTTP responses), except `finish` and `abort`, which each side applies to itself.
 *
 * @module
 */

import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";

/**
 * The side of the session a state machine tracks.
 *
 * @example Usage
 * ```ts
 * import type { Role } from "./transitions.ts";
 * const role: Role = "acs";
 * if (role !== "acs") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4 Use of HTTP (the CPE is the HTTP client, the ACS the server)
 */
export type Role = "cpe" | "acs";

/**
 * Every {@link SessionEvent}, for exhaustive iteration.
 *
 * @example Usage
 * ```ts
 * import { SESSION_EVENTS } from "./transitions.ts";
 * if (!SESSION_EVENTS.includes("emptyPost")) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7 Transaction Session Procedures
 */
export const SESSION_EVENTS = [
  "inform",
  "informResponse",
  "informRetry",
  "informFault",
  "post",
  "emptyPost",
  "response",
  "emptyResponse",
  "finish",
  "abort",
] as const;

/**
 * Something that moves a session: an HTTP body in either direction, classified by content,
 * or a decision of the session itself.
 *
 * - `inform`: the first POST, carrying the Inform (spec 3.7.1.1).
 * - `informResponse`, `informRetry`, `informFault`: the HTTP response to that POST, carrying
 *   the InformResponse, a fault 8005 (spec A.5.3), or any other fault.
 * - `post`, `emptyPost`: a later POST with envelopes, or with an empty body (spec 3.4.1).
 * - `response`, `emptyResponse`: an HTTP response with envelopes, or empty (HTTP 204).
 * - `finish`: the termination conditions of spec 3.7.1.4 (CPE) or 3.7.2.4 (ACS) hold.
 * - `abort`: the owner gives up (timeout, lost connection, a peer's protocol violation).
 *
 * @example Usage
 * ```ts
 * import type { SessionEvent } from "./transitions.ts";
 * const event: SessionEvent = "emptyResponse";
 * if (event !== "emptyResponse") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4.1 Encoding SOAP over HTTP and 3.7 Transaction Session Procedures
 */
export type SessionEvent = (typeof SESSION_EVENTS)[number];

/**
 * States of the CPE role (spec 3.7.1).
 *
 * - `informPending`: the next POST must carry the Inform (at start, and after a fault 8005).
 * - `awaitingInformResponse`: the Inform is posted.
 * - `posting`: the CPE owes the next POST (envelopes, or an empty one).
 * - `awaitingResponse`: a POST is out; the ACS owes the HTTP response.
 * - `done`: the session ended cleanly; the CPE closes the connection.
 * - `failed`: the Inform was refused, or the session was aborted; retry later (spec A.5.3).
 *
 * @example Usage
 * ```ts
 * import { CPE_TRANSITIONS, type CpeState } from "./transitions.ts";
 * const states = Object.keys(CPE_TRANSITIONS) as CpeState[];
 * if (!states.includes("awaitingResponse")) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7.1 CPE Operation
 */
export type CpeState =
  | "informPending"
  | "awaitingInformResponse"
  | "posting"
  | "awaitingResponse"
  | "done"
  | "failed";

/**
 * States of the ACS role (spec 3.7.2).
 *
 * - `awaitingInform`: no Inform yet (at start, and after answering one with fault 8005).
 * - `answeringInform`: the Inform arrived; the ACS owes InformResponse or a fault.
 * - `awaitingPost`: an HTTP response is out; the CPE owes the next POST.
 * - `responding`: a POST arrived; the ACS owes the HTTP response.
 * - `ended`: the ACS has nothing more; the CPE normally closes now, but may post again.
 * - `closing`: the CPE posted (empty) after the end; one more empty answer closes.
 * - `closed`: the session is over; any further POST is a protocol violation.
 * - `failed`: the Inform was refused, or the session was aborted.
 *
 * @example Usage
 * ```ts
 * import { ACS_TRANSITIONS, type AcsState } from "./transitions.ts";
 * const states = Object.keys(ACS_TRANSITIONS) as AcsState[];
 * if (!states.includes("closing")) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7.2 ACS Operation
 */
export type AcsState =
  | "awaitingInform"
  | "answeringInform"
  | "awaitingPost"
  | "responding"
  | "ended"
  | "closing"
  | "closed"
  | "failed";

/**
 * One row of a transition table.
 *
 * @example Usage
 * ```ts
 * import type { CpeState, StateRule } from "./transitions.ts";
 * const rule: StateRule<CpeState> = { turn: "local", on: { finish: "done" } };
 * if (rule.on.finish !== "done") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7 Transaction Session Procedures
 */
export interface StateRule<S extends string> {
  /** Whose move the state waits for: this side's (`local`) or the peer's (`remote`). */
  readonly turn: "local" | "remote";
  /** The legal events and the state each leads to; any other event is illegal. */
  readonly on: Readonly<Partial<Record<SessionEvent, S>>>;
}

/**
 * A complete transition table: one {@link StateRule} per state.
 *
 * @example Usage
 * ```ts
 * import { CPE_TRANSITIONS, type CpeState, type TransitionTable } from "./transitions.ts";
 * const table: TransitionTable<CpeState> = CPE_TRANSITIONS;
 * if (table.posting.on.emptyPost !== "awaitingResponse") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7 Transaction Session Procedures
 */
export type TransitionTable<S extends string> = Readonly<Record<S, StateRule<S>>>;

/**
 * The CPE role's transitions (spec 3.7.1 and Table 5).
 *
 * @example Usage
 * ```ts
 * import { CPE_TRANSITIONS } from "./transitions.ts";
 * if (CPE_TRANSITIONS.awaitingInformResponse.on.informRetry !== "informPending") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, 3.7.1 CPE Operation
 */
export const CPE_TRANSITIONS: TransitionTable<CpeState> = {
  informPending: { turn: "local", on: { inform: "awaitingInformResponse", abort: "failed" } },
  awaitingInformResponse: {
    turn: "remote",
    on: {
      informResponse: "posting",
      informRetry: "informPending",
      informFault: "failed",
      abort: "failed",
    },
  },
  posting: {
    turn: "local",
    on: {
      post: "awaitingResponse",
      emptyPost: "awaitingResponse",
      finish: "done",
      abort: "failed",
    },
  },
  awaitingResponse: {
    turn: "remote",
    on: { response: "posting", emptyResponse: "posting", abort: "failed" },
  },
  done: { turn: "local", on: {} },
  failed: { turn: "local", on: {} },
};

/**
 * The ACS role's transitions (spec 3.7.2, and design.md section 4 for the tolerated extra
 * empty POST).
 *
 * @example Usage
 * ```ts
 * import { ACS_TRANSITIONS } from "./transitions.ts";
 * if (ACS_TRANSITIONS.ended.on.emptyPost !== "closing") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7.2 ACS Operation
 */
export const ACS_TRANSITIONS: TransitionTable<AcsState> = {
  awaitingInform: { turn: "remote", on: { inform: "answeringInform", abort: "failed" } },
  answeringInform: {
    turn: "local",
    on: {
      informResponse: "awaitingPost",
      informRetry: "awaitingInform",
      informFault: "failed",
      abort: "failed",
    },
  },
  awaitingPost: {
    turn: "remote",
    on: { post: "responding", emptyPost: "responding", finish: "ended", abort: "failed" },
  },
  responding: {
    turn: "local",
    on: { response: "awaitingPost", emptyResponse: "awaitingPost", abort: "failed" },
  },
  // Nothing is outstanding once ended, so giving up then loses nothing: closed, not failed.
  ended: { turn: "remote", on: { post: "responding", emptyPost: "closing", abort: "closed" } },
  closing: {
    turn: "local",
    on: { response: "awaitingPost", emptyResponse: "closed", abort: "failed" },
  },
  closed: { turn: "remote", on: {} },
  failed: { turn: "remote", on: {} },
};

// Which side produces each event; "self" events are decisions, never on the wire.
const SENDER: Readonly<Record<SessionEvent, Role | "self">> = {
  inform: "cpe",
  informResponse: "acs",
  informRetry: "acs",
  informFault: "acs",
  post: "cpe",
  emptyPost: "cpe",
  response: "acs",
  emptyResponse: "acs",
  finish: "self",
  abort: "self",
};

/**
 * A state machine over a {@link TransitionTable}. An illegal event throws and leaves the state
 * unchanged: {@link RemoteProtocolError} when the peer sent it while it was the peer's turn,
 * {@link LocalProtocolError} otherwise (our own call at the wrong time).
 *
 * @example Usage
 * ```ts
 * import { CPE_TRANSITIONS, SessionMachine } from "./transitions.ts";
 * import { RemoteProtocolError } from "../errors.ts";
 * const machine = new SessionMachine("cpe", CPE_TRANSITIONS, "awaitingInformResponse");
 * try {
 *   machine.apply("emptyResponse");
 *   throw new Error("unreachable");
 * } catch (error) {
 *   if (!(error instanceof RemoteProtocolError)) throw error;
 * }
 * if (machine.apply("informResponse") !== "posting") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7 Transaction Session Procedures
 */
export class SessionMachine<S extends string> {
  readonly #role: Role;
  readonly #table: TransitionTable<S>;
  #state: S;

  /**
   * @param role The side this machine tracks.
   * @param table The role's transition table.
   * @param initial The state to start in.
   */
  constructor(role: Role, table: TransitionTable<S>, initial: S) {
    this.#role = role;
    this.#table = table;
    this.#state = initial;
  }

  /** The current state. */
  get state(): S {
    return this.#state;
  }

  /**
   * The state `event` would lead to, without moving.
   *
   * @throws {RemoteProtocolError} The peer's event is illegal while it is the peer's turn.
   * @throws {LocalProtocolError} Any other illegal event.
   */
  peek(event: SessionEvent): S {
    const rule = this.#table[this.#state];
    const next = rule.on[event];
    if (next !== undefined) return next;
    const sender = SENDER[event];
    const role = this.#role.toUpperCase();
    if (sender !== "self" && sender !== this.#role && rule.turn === "remote") {
      throw new RemoteProtocolError(
        `Cannot accept ${event} from the ${sender.toUpperCase()} in ${role} state '${this.#state}'`,
      );
    }
    throw new LocalProtocolError(`Cannot apply ${event} in ${role} state '${this.#state}'`);
  }

  /**
   * Moves to the state `event` leads to.
   *
   * @returns The new state.
   * @throws {RemoteProtocolError} The peer's event is illegal while it is the peer's turn.
   * @throws {LocalProtocolError} Any other illegal event.
   */
  apply(event: SessionEvent): S {
    this.#state = this.peek(event);
    return this.#state;
  }
}
