/**
 * The Inform's events (spec 3.2.1, A.3.3.1 Table 35): which are pending, which one Inform
 * carries, and what an InformResponse acknowledges. Pure functions over the durable state.
 *
 * - Single events (`0 BOOTSTRAP` to `8 DIAGNOSTICS COMPLETE`) are kept once, however often
 *   they happen before they are delivered; `M <method>` events once per CommandKey.
 * - `7 TRANSFER COMPLETE` and `M Download`/`M Upload` are not stored: every Inform carries them
 *   while a finished transfer awaits its TransferCompleteResponse, so they survive a session
 *   that fails after the InformResponse.
 * - `4 VALUE CHANGE` is carried when the model has a notified change pending.
 *
 * @module
 */

import type { EventStruct } from "../protocol/rpc/inform.ts";
import type { AgentState, TransferRecord } from "./state.ts";

/** Most events one Inform carries (EventStruct maxOccurs in the cwmp XSDs). */
export const MAX_INFORM_EVENTS = 64;

/** Event codes of spec A.3.3.1 Table 35. */
export const EVENT = {
  bootstrap: "0 BOOTSTRAP",
  boot: "1 BOOT",
  periodic: "2 PERIODIC",
  scheduled: "3 SCHEDULED",
  valueChange: "4 VALUE CHANGE",
  connectionRequest: "6 CONNECTION REQUEST",
  transferComplete: "7 TRANSFER COMPLETE",
  reboot: "M Reboot",
  scheduleInform: "M ScheduleInform",
  download: "M Download",
  upload: "M Upload",
} as const;

/**
 * Adds an event to a pending list, merged with an equal one already there.
 *
 * @param events The pending events.
 * @param event The event; single events take an empty CommandKey.
 * @returns The new list (the input is not changed).
 *
 * @example Usage
 * ```ts
 * import { addEvent } from "./events.ts";
 * let events = addEvent([], { eventCode: "1 BOOT", commandKey: "" });
 * events = addEvent(events, { eventCode: "1 BOOT", commandKey: "" });
 * events = addEvent(events, { eventCode: "M Reboot", commandKey: "r1" });
 * if (events.length !== 2) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.2.1 ("only one notification is performed") and A.3.3.1 Table 35
 */
export function addEvent(events: readonly EventStruct[], event: EventStruct): EventStruct[] {
  const single = isSingle(event.eventCode);
  const normal = single ? { eventCode: event.eventCode, commandKey: "" } : event;
  const exists = events.some((e) =>
    e.eventCode === normal.eventCode && (single || e.commandKey === normal.commandKey)
  );
  return exists ? [...events] : [...events, normal];
}

/**
 * The events of the next Inform: pending ones, those of finished transfers and VALUE CHANGE,
 * in code order (numbered codes, then `M`, then `X`), at most {@link MAX_INFORM_EVENTS}.
 *
 * @param state The durable state.
 * @param valueChange Whether the model has a notified value change pending.
 * @returns The events to send.
 *
 * @example Usage
 * ```ts
 * import { informEvents } from "./events.ts";
 * import { initialState } from "./state.ts";
 * const state = initialState("/cr");
 * state.pendingEvents = [{ eventCode: "6 CONNECTION REQUEST", commandKey: "" }];
 * const codes = informEvents(state, true).map((e) => e.eventCode);
 * if (codes.join() !== "4 VALUE CHANGE,6 CONNECTION REQUEST") throw new Error("unexpected");
 * ```
 */
export function informEvents(state: AgentState, valueChange: boolean): EventStruct[] {
  let events: EventStruct[] = [...state.pendingEvents];
  for (const transfer of finishedTransfers(state)) {
    events = addEvent(events, { eventCode: EVENT.transferComplete, commandKey: "" });
    events = addEvent(events, {
      eventCode: methodEvent(transfer),
      commandKey: transfer.commandKey,
    });
  }
  if (valueChange) {
    events = addEvent(events, { eventCode: EVENT.valueChange, commandKey: "" });
  }
  return events.sort((a, b) => rank(a.eventCode) - rank(b.eventCode)).slice(0, MAX_INFORM_EVENTS);
}

/**
 * The state after an InformResponse acknowledged an Inform: its stored events are gone and
 * RetryCount is 0. Transfer events stay until TransferCompleteResponse.
 *
 * @param state The current state.
 * @param sent The Inform's events.
 * @returns The new state.
 *
 * @example Usage
 * ```ts
 * import { acknowledgeInform } from "./events.ts";
 * import { initialState } from "./state.ts";
 * const boot = { eventCode: "1 BOOT", commandKey: "" };
 * const state = { ...initialState("/cr"), pendingEvents: [boot], retryCount: 3 };
 * const next = acknowledgeInform(state, [boot]);
 * if (next.pendingEvents.length !== 0 || next.retryCount !== 0) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.3.1 (RetryCount is reset after a successful Inform)
 */
export function acknowledgeInform(
  state: AgentState,
  sent: readonly EventStruct[],
): AgentState {
  const delivered = (e: EventStruct): boolean =>
    sent.some((s) => s.eventCode === e.eventCode && s.commandKey === e.commandKey);
  return {
    ...state,
    pendingEvents: state.pendingEvents.filter((e) => !delivered(e)),
    bootstrapped: state.bootstrapped || sent.some((e) => e.eventCode === EVENT.bootstrap),
    retryCount: 0,
  };
}

/** Transfers done and awaiting their TransferCompleteResponse. */
export function finishedTransfers(state: AgentState): TransferRecord[] {
  return state.transfers.filter((t) => t.state === 3);
}

function methodEvent(transfer: TransferRecord): string {
  return transfer.kind === "download" ? EVENT.download : EVENT.upload;
}

function isSingle(code: string): boolean {
  return /^\d /.test(code);
}

function rank(code: string): number {
  if (/^\d /.test(code)) return Number(code[0]);
  return code.startsWith("M ") ? 10 : 11;
}
