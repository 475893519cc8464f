/**
 * The ACS side of a CWMP session (TR-069 3.7.2), sans-IO: the server feeds each POST to
 * {@link AcsSession.receive}, answers the CPE's requests with {@link AcsSession.respond},
 * queues its own with {@link AcsSession.enqueue}, and sends what
 * {@link AcsSession.nextResponse} returns.
 *
 * @module
 */

import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import type { CwmpMessage } from "../rpc/codecs.ts";
import type { Envelope } from "../soap/envelope.ts";
import type { CwmpVersion } from "../soap/namespaces.ts";
import { Exchange } from "./_exchange.ts";
import { ACS_REQUEST_METHODS, CPE_REQUEST_METHODS, isAnswer, isRetryFault } from "./_methods.ts";
import {
  ACS_TRANSITIONS,
  type AcsState,
  type SessionEvent,
  SessionMachine,
} from "./transitions.ts";
import type { HttpBody, ReceiveResult } from "./types.ts";

/**
 * Options of {@link AcsSession}.
 *
 * @example Usage
 * ```ts
 * import type { AcsSessionOptions } from "./acs_session.ts";
 * let n = 100;
 * const options: AcsSessionOptions = { now: 0, timeoutMs: 60_000, nextId: () => `acs-${n++}` };
 * if (options.nextId?.() !== "acs-100") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7.2.4 Session Termination (timeout) and 3.5 Table 3 (ID)
 */
export interface AcsSessionOptions {
  /** The time the session starts, in milliseconds on the caller's clock. */
  now: number;
  /** Inactivity limit between POSTs in milliseconds; default 30 000 (spec 3.7.2.4). */
  timeoutMs?: number;
  /** Produces each cwmp:ID for our requests; default a counter from "1" per session. */
  nextId?: () => string;
  /** Immediate retries of our request after a fault 8005 from the CPE; default 3. */
  maxRetries?: number;
}

/**
 * The HTTP response to send: envelopes (HTTP 200), or an empty body (HTTP 204).
 *
 * @example Usage
 * ```ts
 * import type { AcsReply } from "./acs_session.ts";
 * const reply: AcsReply = { kind: "empty" };
 * if (reply.kind !== "empty") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4.1 Encoding SOAP over HTTP and 3.7.2.3 Outgoing Requests
 */
export type AcsReply = { kind: "response"; envelopes: Envelope[] } | { kind: "empty" };

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The ACS role of one session. The first POST must carry an Inform; answers go out in request
 * order, requests in queue order, at most the CPE's MaxEnvelopes per HTTP response. An empty
 * response ends the session once nothing is outstanding; one further empty POST is tolerated.
 *
 * @example An Inform-only session
 * ```ts
 * import { AcsSession } from "./acs_session.ts";
 * const acs = new AcsSession({ now: 0 });
 * const { actions } = acs.receive([{
 *   cwmpVersion: "1.0",
 *   headers: { id: "1" },
 *   message: {
 *     method: "Inform",
 *     deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
 *     events: [{ eventCode: "2 PERIODIC", commandKey: "" }],
 *     maxEnvelopes: 1,
 *     currentTime: "2026-01-01T00:00:00Z",
 *     retryCount: 0,
 *     parameterList: [],
 *   },
 * }], 0);
 * const inform = actions[0];
 * if (inform?.type !== "request") throw new Error("unexpected");
 * acs.respond(inform.key, { method: "InformResponse", maxEnvelopes: 1 });
 * const reply = acs.nextResponse();
 * if (reply.kind !== "response" || reply.envelopes[0]?.headers.id !== "1") {
 *   throw new Error("unexpected");
 * }
 * acs.receive("empty", 10);
 * if (acs.nextResponse().kind !== "empty" || acs.state !== "ended") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.7.2 ACS Operation
 */
export class AcsSession {
  readonly #machine = new SessionMachine<AcsState>("acs", ACS_TRANSITIONS, "awaitingInform");
  readonly #exchange: Exchange;
  #timeoutMs: number;
  #lastActivity: number;
  #version: CwmpVersion = "1.0";
  #cpeMaxEnvelopes: number | undefined;
  #ownMaxEnvelopes = 0;
  #hold = false;
  #holdSent = false;
  #cpeNoMoreRequests = false;

  /** @param options The start time, timeout and injected ID source. */
  constructor(options: AcsSessionOptions) {
    let counter = 0;
    this.#exchange = new Exchange({
      peerRequests: CPE_REQUEST_METHODS,
      ownRequests: ACS_REQUEST_METHODS,
      unsupportedFault: 8000,
      maxRetries: options.maxRetries ?? 3,
      nextId: options.nextId ?? ((): string => String(++counter)),
    });
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#lastActivity = options.now;
  }

  /** The current state. */
  get state(): AcsState {
    return this.#machine.state;
  }

  /** The CPE's limit on envelopes per HTTP response, once the Inform arrived (0: no limit). */
  get cpeMaxEnvelopes(): number | undefined {
    return this.#cpeMaxEnvelopes;
  }

  /**
   * Queues a request to the CPE; it goes out in a later HTTP response.
   *
   * @returns The key of the `response` action that will carry its answer.
   * @throws {LocalProtocolError} Not an ACS request, after {@link endRequests}, or once the
   * session is closed or failed.
   */
  enqueue(request: CwmpMessage): number {
    if (this.state === "closed" || this.state === "failed") {
      throw new LocalProtocolError(`Cannot send ${request.method}: the session is ${this.state}`);
    }
    return this.#exchange.enqueue(request);
  }

  /** Declares the queued requests final; they and later envelopes carry NoMoreRequests. */
  endRequests(): void {
    this.#exchange.endRequests();
  }

  /**
   * Sets HoldRequests on every envelope sent from now on (spec 3.7.2.2). An empty response,
   * which ends the session, always releases the hold.
   */
  setHoldRequests(hold: boolean): void {
    this.#hold = hold;
  }

  /**
   * Answers the CPE request of a `request` action: the Inform with InformResponse (its
   * MaxEnvelopes is this ACS's limit) or a fault, any other with its `...Response` or a fault.
   *
   * @throws {LocalProtocolError} No such unanswered request, or an answer of another method.
   */
  respond(key: number, answer: CwmpMessage): void {
    this.#exchange.respond(key, answer);
  }

  /** Gives the session up (timeout, lost connection). */
  abort(): void {
    this.#machine.apply("abort");
  }

  /**
   * Whether no POST arrived for the inactivity limit (spec 3.7.2.4), or the CPE's SessionTimeout
   * header if that is longer.
   */
  isExpired(now: number): boolean {
    return now - this.#lastActivity >= this.#timeoutMs;
  }

  /**
   * Takes one POST.
   *
   * @param body The POST's envelopes, or `"empty"`.
   * @param now The time of arrival, for {@link isExpired}.
   * @throws {RemoteProtocolError} The CPE broke CWMP: no Inform first, a second Inform, an
   * empty POST while ACS requests await answers, an unexpected or mismatched answer, a POST
   * after the session closed.
   * @throws {LocalProtocolError} The last POST is not answered yet.
   */
  receive(body: HttpBody, now: number): ReceiveResult {
    const envelopes = body === "empty" ? [] : body;
    const event: SessionEvent = envelopes.length === 0
      ? "emptyPost"
      : envelopes[0]?.message?.method === "Inform"
      ? "inform"
      : "post";
    this.#machine.peek(event);
    if (envelopes.some((e, i) => e.message?.method === "Inform" && i > 0)) {
      throw new RemoteProtocolError("Cannot accept Inform: only the session's first envelope");
    }
    if (event === "emptyPost" && this.#exchange.outstandingCount > 0) {
      throw new RemoteProtocolError(
        `Cannot accept an empty POST: ${this.#exchange.outstandingCount} ACS requests await answers (spec 3.7.1.3 Table 5)`,
      );
    }
    const warnings = this.#inspect(envelopes, event);
    const result = this.#exchange.absorb(envelopes);
    this.#machine.apply(event);
    this.#lastActivity = now;
    this.#learn(envelopes, event);
    return { actions: result.actions, warnings: [...warnings, ...result.warnings] };
  }

  /**
   * The HTTP response to the last POST.
   *
   * @throws {LocalProtocolError} No POST awaits an answer, or a CPE request is not answered.
   */
  nextResponse(): AcsReply {
    const state = this.#machine.state;
    if (state === "answeringInform") return this.#answerInform();
    const limit = this.#cpeMaxEnvelopes || Infinity;
    if (this.#exchange.sendable(limit, true) > 0) return this.#send("response", limit);
    if (this.#exchange.outstandingCount > 0 && this.#hold) {
      // Spec 3.5 Table 3: keep the hold with an empty Body while CPE answers are due.
      this.#machine.apply("response");
      this.#holdSent = true;
      const hold: Envelope = {
        cwmpVersion: this.#version,
        headers: { holdRequests: true },
        message: null,
      };
      return { kind: "response", envelopes: [hold] };
    }
    this.#machine.apply("emptyResponse");
    // Spec 3.7.1.3: an empty response means HoldRequests false.
    this.#hold = false;
    this.#holdSent = false;
    if (state === "responding" && this.#exchange.outstandingCount === 0) {
      this.#machine.apply("finish");
    }
    return { kind: "empty" };
  }

  #answerInform(): AcsReply {
    const answer = this.#exchange.firstAnswer();
    if (answer === null) throw new LocalProtocolError("Cannot respond: the Inform is not answered");
    if (answer.method === "InformResponse") {
      const reply = this.#send("informResponse", this.#cpeMaxEnvelopes || Infinity);
      this.#ownMaxEnvelopes = answer.maxEnvelopes;
      return reply;
    }
    this.#machine.apply(isRetryFault(answer) ? "informRetry" : "informFault");
    const envelopes = this.#exchange.take(1, false, { version: this.#version, headers: {} });
    // The CPE starts over (8005) or gives up; anything else it posted with the Inform goes too.
    this.#exchange.dropIncoming();
    return { kind: "response", envelopes };
  }

  #send(event: "response" | "informResponse", limit: number): AcsReply {
    this.#exchange.sendable(limit, true);
    this.#machine.apply(event);
    const envelopes = this.#exchange.take(limit, true, { version: this.#version, headers: {} });
    // A CPE told to retry will send that request again, NoMoreRequests notwithstanding.
    if (envelopes.some((e) => e.message !== null && isRetryFault(e.message))) {
      this.#cpeNoMoreRequests = false;
    }
    // The final envelope (NoMoreRequests, nothing outstanding) ends the session (spec 3.7.2.4),
    // so it goes without a hold: "the ACS MUST allow CPE requests before completion" (3.7.2.2).
    const exchange = this.#exchange;
    const final = exchange.noMoreSent && exchange.queuedCount === 0 &&
      exchange.outstandingCount === 0 && exchange.incomingCount === 0;
    if (final) this.#hold = false;
    if (this.#hold) { for (const e of envelopes) e.headers.holdRequests = true; }
    this.#holdSent = this.#hold;
    if (final) this.#machine.apply("finish");
    return { kind: "response", envelopes };
  }

  #inspect(envelopes: readonly Envelope[], event: SessionEvent): string[] {
    const warnings: string[] = [];
    if (event === "inform" && envelopes.length > 1) {
      warnings.push(
        `The Inform POST carried ${envelopes.length} envelopes; spec 3.7.1.1 allows one`,
      );
    } else if (this.#ownMaxEnvelopes > 0 && envelopes.length > this.#ownMaxEnvelopes) {
      warnings.push(
        `The CPE sent ${envelopes.length} envelopes; MaxEnvelopes is ${this.#ownMaxEnvelopes}`,
      );
    }
    const requests = envelopes.filter((e) => e.message !== null && !isAnswer(e.message));
    if (requests.length > 0 && this.#holdSent) {
      warnings.push("The CPE sent requests while HoldRequests was true");
    }
    if (requests.length > 0 && this.#cpeNoMoreRequests) {
      warnings.push("The CPE sent requests after NoMoreRequests");
    }
    return warnings;
  }

  #learn(envelopes: readonly Envelope[], event: SessionEvent): void {
    const first = envelopes[0];
    if (event === "inform" && first?.message?.method === "Inform") {
      this.#version = first.cwmpVersion;
      this.#cpeMaxEnvelopes = first.message.maxEnvelopes;
      const wished = first.headers.sessionTimeout;
      if (wished !== undefined) this.#timeoutMs = Math.max(this.#timeoutMs, wished * 1000);
    }
    this.#cpeNoMoreRequests ||= envelopes.at(-1)?.headers.noMoreRequests === true;
  }
}
