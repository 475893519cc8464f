/**
 * The CPE side of a CWMP session (TR-069 3.7.1), sans-IO: the agent posts what
 * {@link CpeSession.nextPost} returns, feeds each HTTP response to
 * {@link CpeSession.receive}, and answers the ACS's requests with
 * {@link CpeSession.respond}.
 *
 * @module
 */

import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import type { Inform } from "../rpc/inform.ts";
import type { Envelope } from "../soap/envelope.ts";
import type { CwmpVersion } from "../soap/namespaces.ts";
import type { CwmpMessage } from "../rpc/codecs.ts";
import { Exchange } from "./_exchange.ts";
import { ACS_REQUEST_METHODS, CPE_REQUEST_METHODS, isRetryFault } from "./_methods.ts";
import {
  CPE_TRANSITIONS,
  type CpeState,
  type SessionEvent,
  SessionMachine,
} from "./transitions.ts";
import type { HttpBody, ReceiveResult } from "./types.ts";

/**
 * Options of {@link CpeSession}.
 *
 * @example Usage
 * ```ts
 * import type { CpeSessionOptions } from "./cpe_session.ts";
 * const options: CpeSessionOptions = {
 *   inform: {
 *     method: "Inform",
 *     deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
 *     events: [{ eventCode: "0 BOOTSTRAP", commandKey: "" }],
 *     maxEnvelopes: 1,
 *     currentTime: "2026-01-01T00:00:00Z",
 *     retryCount: 0,
 *     parameterList: [],
 *   },
 *   cwmpVersion: "1.0",
 *   maxRetries: 3,
 * };
 * if (options.inform.events[0]?.eventCode !== "0 BOOTSTRAP") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7.1.1 Session Initiation and A.3.3.1 Inform
 */
export interface CpeSessionOptions {
  /** The Inform that opens the session, with its events and this CPE's MaxEnvelopes. */
  inform: Inform;
  /** The CWMP namespace to send in; default `"1.0"`. */
  cwmpVersion?: CwmpVersion;
  /** Produces each cwmp:ID for our requests; default a counter from "1" per session. */
  nextId?: () => string;
  /** Immediate retries after fault 8005 per request before the fault stands; default 3. */
  maxRetries?: number;
}

/**
 * What the CPE does next: post envelopes, post an empty body, or close the connection.
 *
 * @example Usage
 * ```ts
 * import type { CpePost } from "./cpe_session.ts";
 * const post: CpePost = { kind: "empty" };
 * if (post.kind !== "empty") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7.1.3 Table 5 and 3.7.1.4 Session Termination
 */
export type CpePost =
  | { kind: "post"; envelopes: Envelope[] }
  | { kind: "empty" }
  | { kind: "done" }
  | { kind: "failed" };

/**
 * The CPE role of one session. It opens with the Inform, learns the ACS's MaxEnvelopes from
 * InformResponse, answers ACS requests in order, sends its own requests unless the ACS holds
 * them, retries at once after fault 8005, and ends when spec 3.7.1.4's conditions hold.
 *
 * @example A session with nothing to do
 * ```ts
 * import { CpeSession } from "./cpe_session.ts";
 * const cpe = new CpeSession({
 *   inform: {
 *     method: "Inform",
 *     deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
 *     events: [{ eventCode: "2 PERIODIC", commandKey: "" }],
 *     maxEnvelopes: 1,
 *     currentTime: "2026-01-01T00:00:00Z",
 *     retryCount: 0,
 *     parameterList: [],
 *   },
 * });
 * const first = cpe.nextPost();
 * if (first.kind !== "post" || first.envelopes[0]?.message?.method !== "Inform") {
 *   throw new Error("unexpected");
 * }
 * cpe.receive([{
 *   cwmpVersion: "1.0",
 *   headers: { id: "1" },
 *   message: { method: "InformResponse", maxEnvelopes: 1 },
 * }]);
 * if (cpe.nextPost().kind !== "empty") throw new Error("unexpected");
 * cpe.receive("empty");
 * if (cpe.nextPost().kind !== "done" || cpe.state !== "done") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7.1 CPE Operation
 */
export class CpeSession {
  readonly #machine = new SessionMachine<CpeState>("cpe", CPE_TRANSITIONS, "informPending");
  readonly #exchange: Exchange;
  readonly #version: CwmpVersion;
  readonly #ownMaxEnvelopes: number;
  readonly #maxRetries: number;
  #acsMaxEnvelopes: number | undefined;
  #held = false;
  #acsSilent = false;
  #acsNoMoreRequests = false;

  /** @param options The Inform and the injected ID source. */
  constructor(options: CpeSessionOptions) {
    let counter = 0;
    this.#maxRetries = options.maxRetries ?? 3;
    this.#exchange = new Exchange({
      peerRequests: ACS_REQUEST_METHODS,
      ownRequests: CPE_REQUEST_METHODS,
      unsupportedFault: 9000,
      maxRetries: this.#maxRetries,
      nextId: options.nextId ?? ((): string => String(++counter)),
    });
    this.#version = options.cwmpVersion ?? "1.0";
    this.#ownMaxEnvelopes = options.inform.maxEnvelopes;
    this.#exchange.enqueue(options.inform);
  }

  /** The current state. */
  get state(): CpeState {
    return this.#machine.state;
  }

  /** The ACS's limit on envelopes per POST, once InformResponse arrived (0: no limit). */
  get acsMaxEnvelopes(): number | undefined {
    return this.#acsMaxEnvelopes;
  }

  /**
   * Queues a request of the CPE (TransferComplete, GetRPCMethods, ...), sent when Table 5
   * allows it.
   *
   * @returns The key of the `response` action that will carry its answer.
   * @throws {LocalProtocolError} Not a CPE request, an Inform, after {@link endRequests}, or
   * after the session ended.
   */
  enqueue(request: CwmpMessage): number {
    if (request.method === "Inform") {
      throw new LocalProtocolError("Cannot send Inform: the session opens with it, once");
    }
    if (this.state === "done" || this.state === "failed") {
      throw new LocalProtocolError(`Cannot send ${request.method}: the session is ${this.state}`);
    }
    return this.#exchange.enqueue(request);
  }

  /** Declares the queued requests final; they and later envelopes carry NoMoreRequests. */
  endRequests(): void {
    this.#exchange.endRequests();
  }

  /**
   * Answers the ACS request of a `request` action, with its `...Response` or a SOAP fault.
   *
   * @throws {LocalProtocolError} No such unanswered request, or an answer of another method.
   */
  respond(key: number, answer: CwmpMessage): void {
    this.#exchange.respond(key, answer);
  }

  /** Gives the session up (no response within the agent's timeout, spec 3.7.1.4). */
  abort(): void {
    this.#machine.apply("abort");
  }

  /**
   * The next HTTP POST, or `done` once spec 3.7.1.4's conditions hold.
   *
   * @throws {LocalProtocolError} Called while awaiting a response, or with an ACS request
   * still unanswered.
   */
  nextPost(): CpePost {
    const state = this.#machine.state;
    if (state === "done" || state === "failed") return { kind: state };
    if (state === "informPending") {
      this.#machine.apply("inform");
      // Spec 3.7.1.1: the initial POST carries the Inform alone.
      return { kind: "post", envelopes: this.#take(1, true) };
    }
    if (state === "posting" && this.#isComplete()) {
      this.#machine.apply("finish");
      return { kind: "done" };
    }
    const limit = this.#acsMaxEnvelopes || Infinity;
    const count = this.#exchange.sendable(limit, !this.#held);
    this.#machine.apply(count === 0 ? "emptyPost" : "post");
    if (count === 0) return { kind: "empty" };
    return { kind: "post", envelopes: this.#take(limit, !this.#held) };
  }

  /**
   * Takes the ACS's HTTP response to the last POST.
   *
   * @throws {RemoteProtocolError} The ACS broke CWMP: no InformResponse first, an empty
   * response while CPE requests await answers, an unexpected or mismatched answer.
   * @throws {LocalProtocolError} No POST is awaiting a response.
   */
  receive(body: HttpBody): ReceiveResult {
    const event = this.#classify(body);
    this.#machine.peek(event);
    let envelopes = body === "empty" ? [] : body;
    const warnings: string[] = [];
    if (event === "informRetry" || event === "informFault") {
      if (envelopes.length > 1) {
        warnings.push(`Ignored ${envelopes.length - 1} envelopes after the fault to Inform`);
      }
      envelopes = envelopes.slice(0, 1);
    }
    if (event === "emptyResponse" && this.#exchange.outstandingCount > 0) {
      throw new RemoteProtocolError(
        `Cannot accept an empty response: ${this.#exchange.outstandingCount} CPE requests await answers (spec 3.7.2.3)`,
      );
    }
    if (this.#ownMaxEnvelopes > 0 && envelopes.length > this.#ownMaxEnvelopes) {
      warnings.push(
        `The ACS sent ${envelopes.length} envelopes; MaxEnvelopes is ${this.#ownMaxEnvelopes}`,
      );
    }
    const result = this.#exchange.absorb(envelopes);
    this.#machine.apply(event);
    this.#learn(envelopes);
    return { actions: result.actions, warnings: [...warnings, ...result.warnings] };
  }

  #classify(body: HttpBody): SessionEvent {
    if (body === "empty") return "emptyResponse";
    if (this.#machine.state !== "awaitingInformResponse") return "response";
    const first = body[0]?.message;
    if (first?.method === "InformResponse") return "informResponse";
    if (first?.method !== "Fault") return "response";
    const retries = this.#exchange.oldestOutstanding?.retries ?? this.#maxRetries;
    return isRetryFault(first) && retries < this.#maxRetries ? "informRetry" : "informFault";
  }

  // Spec 3.7.1.3: only the last envelope of a response decides HoldRequests; an empty
  // response means false. Spec 3.7.1.4 (1): an empty response or NoMoreRequests means the
  // ACS has no further requests.
  #learn(envelopes: readonly Envelope[]): void {
    const first = envelopes[0]?.message;
    if (first?.method === "InformResponse" && this.#acsMaxEnvelopes === undefined) {
      this.#acsMaxEnvelopes = first.maxEnvelopes;
    }
    const last = envelopes.at(-1);
    this.#held = last?.headers.holdRequests === true;
    this.#acsNoMoreRequests ||= last?.headers.noMoreRequests === true;
    this.#acsSilent = last === undefined || this.#acsNoMoreRequests;
  }

  #isComplete(): boolean {
    const exchange = this.#exchange;
    return this.#acsSilent && exchange.queuedCount === 0 && exchange.outstandingCount === 0 &&
      exchange.incomingCount === 0;
  }

  #take(limit: number, withRequests: boolean): Envelope[] {
    return this.#exchange.take(limit, withRequests, { version: this.#version, headers: {} });
  }
}
