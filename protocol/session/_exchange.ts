/**
 * The bookkeeping both roles share: our queued and outstanding requests, the peer's requests
 * and their answers, pairing of answers by order and cwmp:ID, and batching into bodies.
 * No states here; the sessions decide when each operation is legal.
 *
 * @module
 */

import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import type { CwmpMessage } from "../rpc/codecs.ts";
import type { Envelope } from "../soap/envelope.ts";
import { soapFault } from "../soap/fault.ts";
import type { SoapHeaders } from "../soap/headers.ts";
import type { CwmpVersion } from "../soap/namespaces.ts";
import { answers, forRetry, isAnswer, isRetryFault, methodName } from "./_methods.ts";
import type { ReceiveResult, SessionAction } from "./types.ts";

interface Incoming {
  key: number;
  id: string | undefined;
  request: CwmpMessage;
  answer: CwmpMessage | null;
}

interface Queued {
  key: number;
  request: CwmpMessage;
  /** Fault-8005 retries so far. */
  retries: number;
}

interface Sent extends Queued {
  id: string;
}

// The copy of the queues that absorb() works on, committed only when the whole body is valid.
interface Draft {
  incoming: Incoming[];
  outstanding: Sent[];
  retried: Queued[];
  nextKey: number;
  actions: SessionAction[];
  warnings: string[];
}

/** Options of {@link Exchange}. */
export interface ExchangeOptions {
  /** Request names the peer may send; others are answered with `unsupportedFault`. */
  peerRequests: ReadonlySet<string>;
  /** Requests names we may send. */
  ownRequests: ReadonlySet<string>;
  /** Method-not-supported fault code of our role: 8000 (ACS) or 9000 (CPE). */
  unsupportedFault: number;
  /** Fault-8005 retries per request before the fault counts as the answer. */
  maxRetries: number;
  nextId: () => string;
}

/** Both roles' request and response queues. */
export class Exchange {
  readonly #options: ExchangeOptions;
  #incoming: Incoming[] = [];
  #queued: Queued[] = [];
  #outstanding: Sent[] = [];
  #nextKey = 0;
  #endDeclared = false;
  #noMoreSent = false;

  constructor(options: ExchangeOptions) {
    this.#options = options;
  }

  /** Our requests not yet sent. */
  get queuedCount(): number {
    return this.#queued.length;
  }

  /** Our requests sent and not yet answered. */
  get outstandingCount(): number {
    return this.#outstanding.length;
  }

  /** The peer's requests whose answers are not yet sent. */
  get incomingCount(): number {
    return this.#incoming.length;
  }

  /** The oldest request awaiting an answer. */
  get oldestOutstanding(): { request: CwmpMessage; retries: number } | undefined {
    return this.#outstanding[0];
  }

  /** Whether we declared that no requests follow and the last one has left. */
  get noMoreSent(): boolean {
    return this.#noMoreSent;
  }

  /** Queues one of our requests; returns the key its answer will carry. */
  enqueue(request: CwmpMessage): number {
    const name = methodName(request);
    if (!this.#options.ownRequests.has(name)) {
      throw new LocalProtocolError(`Cannot send ${name}: not a request of this role`);
    }
    if (this.#endDeclared) {
      throw new LocalProtocolError(`Cannot send ${name}: NoMoreRequests was declared`);
    }
    const key = this.#nextKey++;
    this.#queued.push({ key, request, retries: 0 });
    return key;
  }

  /** Declares that no request follows those queued (the NoMoreRequests header, spec 3.5). */
  endRequests(): void {
    this.#endDeclared = true;
  }

  /** Records the answer to the peer's request `key`. */
  respond(key: number, answer: CwmpMessage): void {
    const entry = this.#incoming.find((e) => e.key === key);
    if (entry === undefined || entry.answer !== null) {
      throw new LocalProtocolError(`Cannot respond to request ${key}: no such unanswered request`);
    }
    if (!answers(answer, entry.request)) {
      throw new LocalProtocolError(
        `Cannot answer ${methodName(entry.request)} with ${methodName(answer)}`,
      );
    }
    entry.answer = answer;
  }

  /** The answer given to the oldest peer request (the Inform, on the ACS side). */
  firstAnswer(): CwmpMessage | null {
    return this.#incoming[0]?.answer ?? null;
  }

  /** Forgets the peer's requests (the Inform was refused, so the rest die with it). */
  dropIncoming(): void {
    this.#incoming = [];
  }

  /**
   * How many envelopes {@link take} would return.
   *
   * @throws {LocalProtocolError} A peer request is not answered yet (spec 3.7.1.2 and 3.7.2.2
   * forbid holding answers back).
   */
  sendable(limit: number, withRequests: boolean): number {
    const waiting = this.#incoming.find((e) => e.answer === null);
    if (waiting !== undefined) {
      throw new LocalProtocolError(
        `Cannot send: ${methodName(waiting.request)} (request ${waiting.key}) is not answered`,
      );
    }
    return Math.min(limit, this.#incoming.length + (withRequests ? this.#queued.length : 0));
  }

  /**
   * Takes up to `limit` envelopes: answers first, in request order, then our queued requests
   * when `withRequests`. Answers echo the request's ID; requests get a fresh one.
   */
  take(
    limit: number,
    withRequests: boolean,
    base: { version: CwmpVersion; headers: SoapHeaders },
  ): Envelope[] {
    const out: Envelope[] = [];
    const envelope = (message: CwmpMessage, id: string | undefined): Envelope => {
      this.#noMoreSent ||= this.#endDeclared && this.#queued.length === 0;
      const headers: SoapHeaders = { ...base.headers };
      if (id !== undefined) headers.id = id;
      if (this.#noMoreSent) headers.noMoreRequests = true;
      return { cwmpVersion: base.version, headers, message };
    };
    while (out.length < limit) {
      const head = this.#incoming[0];
      if (head === undefined || head.answer === null) break;
      this.#incoming.shift();
      out.push(envelope(head.answer, head.id));
    }
    while (withRequests && out.length < limit) {
      const next = this.#queued.shift();
      if (next === undefined) break;
      const id = this.#options.nextId();
      this.#outstanding.push({ ...next, id });
      out.push(envelope(next.request, id));
    }
    return out;
  }

  /**
   * Files the envelopes of one received body: answers are paired with our oldest outstanding
   * request, requests are queued for answering. Atomic: throws before changing anything.
   *
   * @throws {RemoteProtocolError} An answer with no request outstanding, of the wrong method,
   * or with a cwmp:ID other than the oldest outstanding request's.
   */
  absorb(envelopes: readonly Envelope[]): ReceiveResult {
    const draft: Draft = {
      incoming: [...this.#incoming],
      outstanding: [...this.#outstanding],
      retried: [],
      nextKey: this.#nextKey,
      actions: [],
      warnings: [],
    };
    for (const envelope of envelopes) {
      const message = envelope.message;
      if (message === null) continue;
      if (isAnswer(message)) this.#pair(draft, message, envelope.headers.id);
      else this.#accept(draft, message, envelope.headers.id);
    }
    this.#incoming = draft.incoming;
    this.#outstanding = draft.outstanding;
    this.#queued = [...draft.retried, ...this.#queued];
    this.#nextKey = draft.nextKey;
    return { actions: draft.actions, warnings: draft.warnings };
  }

  #pair(draft: Draft, message: CwmpMessage, id: string | undefined): void {
    const name = methodName(message);
    const head = draft.outstanding[0];
    if (head === undefined) {
      throw new RemoteProtocolError(`Cannot accept ${name}: no request awaits an answer`);
    }
    const requestName = methodName(head.request);
    if (id !== undefined && id !== head.id) {
      throw new RemoteProtocolError(
        `Cannot accept ${name}: ID '${id}' is not '${head.id}' of the oldest outstanding ${requestName}`,
      );
    }
    if (!answers(message, head.request)) {
      throw new RemoteProtocolError(
        `Cannot accept ${name}: the oldest outstanding request is ${requestName}`,
      );
    }
    draft.outstanding.shift();
    if (isRetryFault(message) && head.retries < this.#options.maxRetries) {
      draft.retried.push({
        key: head.key,
        request: forRetry(head.request),
        retries: head.retries + 1,
      });
      draft.actions.push({ type: "retry", key: head.key, request: head.request, fault: message });
    } else {
      draft.actions.push({
        type: "response",
        key: head.key,
        request: head.request,
        response: message,
      });
    }
  }

  #accept(draft: Draft, request: CwmpMessage, id: string | undefined): void {
    const key = draft.nextKey++;
    const name = methodName(request);
    if (this.#options.peerRequests.has(name)) {
      draft.incoming.push({ key, id, request, answer: null });
      draft.actions.push({ type: "request", key, id, request });
      return;
    }
    // Spec 3.5 footnote 3: an unknown method gets the Method Not Supported fault.
    const code = this.#options.unsupportedFault;
    draft.incoming.push({ key, id, request, answer: soapFault(code) });
    draft.warnings.push(`Answered ${name} with fault ${code}: the peer may not call it`);
  }
}
