import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import {
  ACS_TRANSITIONS,
  CPE_TRANSITIONS,
  type Role,
  SESSION_EVENTS,
  type SessionEvent,
  SessionMachine,
  type TransitionTable,
} from "./transitions.ts";

// Who puts each event on the wire, restated here rather than read from the implementation.
const SENT_BY_CPE: ReadonlySet<SessionEvent> = new Set(["inform", "post", "emptyPost"]);
const SENT_BY_ACS: ReadonlySet<SessionEvent> = new Set([
  "informResponse",
  "informRetry",
  "informFault",
  "response",
  "emptyResponse",
]);

function expectedError(
  role: Role,
  turn: "local" | "remote",
  event: SessionEvent,
): typeof LocalProtocolError | typeof RemoteProtocolError {
  const fromPeer = role === "cpe" ? SENT_BY_ACS.has(event) : SENT_BY_CPE.has(event);
  return fromPeer && turn === "remote" ? RemoteProtocolError : LocalProtocolError;
}

function defineTableTests<S extends string>(role: Role, table: TransitionTable<S>): void {
  for (const state of Object.keys(table) as S[]) {
    for (const event of SESSION_EVENTS) {
      const next = table[state].on[event];
      const outcome = next === undefined
        ? `throws ${expectedError(role, table[state].turn, event).name}`
        : `-> ${next}`;
      Deno.test(`SessionMachine(${role}) ${state} + ${event} ${outcome}`, () => {
        const machine = new SessionMachine(role, table, state);
        if (next === undefined) {
          assert.throws(() => machine.apply(event), expectedError(role, table[state].turn, event));
          assert.throws(() => machine.peek(event), expectedError(role, table[state].turn, event));
        } else {
          assert.equal(machine.peek(event), next);
          assert.equal(machine.state, state);
          assert.equal(machine.apply(event), next);
          assert.equal(machine.state, next);
          return;
        }
        assert.equal(machine.state, state);
      });
    }
  }
}

defineTableTests("cpe", CPE_TRANSITIONS);
defineTableTests("acs", ACS_TRANSITIONS);

function reachable<S extends string>(table: TransitionTable<S>, from: S): Set<S> {
  const seen = new Set<S>([from]);
  const queue: S[] = [from];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const next of Object.values(table[state].on) as S[]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

Deno.test("CPE_TRANSITIONS reaches every state from informPending and ends only in done or failed", () => {
  assert.deepEqual(
    [...reachable(CPE_TRANSITIONS, "informPending")].sort(),
    Object.keys(CPE_TRANSITIONS).sort(),
  );
  const terminal = Object.entries(CPE_TRANSITIONS).filter(([, rule]) =>
    Object.keys(rule.on).length === 0
  );
  assert.deepEqual(terminal.map(([state]) => state).sort(), ["done", "failed"]);
});

Deno.test("ACS_TRANSITIONS reaches every state from awaitingInform and ends only in closed or failed", () => {
  assert.deepEqual(
    [...reachable(ACS_TRANSITIONS, "awaitingInform")].sort(),
    Object.keys(ACS_TRANSITIONS).sort(),
  );
  const terminal = Object.entries(ACS_TRANSITIONS).filter(([, rule]) =>
    Object.keys(rule.on).length === 0
  );
  assert.deepEqual(terminal.map(([state]) => state).sort(), ["closed", "failed"]);
});

Deno.test("transition tables let every non-terminal state be aborted", () => {
  for (const table of [CPE_TRANSITIONS, ACS_TRANSITIONS] as const) {
    for (const rule of Object.values(table)) {
      if (Object.keys(rule.on).length > 0) assert.ok(rule.on.abort !== undefined);
    }
  }
});

Deno.test("transition tables give each side's own events only where it is that side's turn", () => {
  const check = <S extends string>(
    table: TransitionTable<S>,
    own: ReadonlySet<SessionEvent>,
  ): void => {
    for (const [state, rule] of Object.entries(table) as [S, TransitionTable<S>[S]][]) {
      for (const event of Object.keys(rule.on) as SessionEvent[]) {
        const sent = SENT_BY_CPE.has(event) || SENT_BY_ACS.has(event);
        if (sent) {
          assert.equal(rule.turn, own.has(event) ? "local" : "remote", `${state} + ${event}`);
        }
      }
    }
  };
  check(CPE_TRANSITIONS, SENT_BY_CPE);
  check(ACS_TRANSITIONS, SENT_BY_ACS);
});

Deno.test("SessionMachine messages name the event, role and state", () => {
  const machine = new SessionMachine("acs", ACS_TRANSITIONS, "closed");
  assert.throws(() => machine.apply("emptyPost"), {
    name: "RemoteProtocolError",
    message: "Cannot accept emptyPost from the CPE in ACS state 'closed'",
  });
  assert.throws(() => machine.apply("finish"), {
    name: "LocalProtocolError",
    message: "Cannot apply finish in ACS state 'closed'",
  });
});
