import assert from "node:assert/strict";
import { retryDelayMs } from "./client/retry.ts";
import { acknowledgeInform, addEvent, EVENT, informEvents, MAX_INFORM_EVENTS } from "./events.ts";
import { nextPeriodicInform, nextWake } from "./scheduler.ts";
import { initialState, type TransferRecord } from "./state.ts";

function transfer(overrides: Partial<TransferRecord>): TransferRecord {
  return {
    id: 1,
    kind: "download",
    commandKey: "dl",
    fileType: "1 Firmware Upgrade Image",
    url: "http://x/f",
    username: "",
    password: "",
    fileSize: 0,
    targetFileName: "",
    notBefore: 0,
    state: 1,
    startTime: "",
    completeTime: "",
    faultCode: 0,
    faultString: "",
    ...overrides,
  };
}

Deno.test("addEvent() keeps single events once and M events once per CommandKey", () => {
  let events = addEvent([], { eventCode: "2 PERIODIC", commandKey: "ignored" });
  events = addEvent(events, { eventCode: "2 PERIODIC", commandKey: "" });
  events = addEvent(events, { eventCode: "M ScheduleInform", commandKey: "a" });
  events = addEvent(events, { eventCode: "M ScheduleInform", commandKey: "b" });
  events = addEvent(events, { eventCode: "M ScheduleInform", commandKey: "a" });
  assert.deepEqual(events, [
    { eventCode: "2 PERIODIC", commandKey: "" },
    { eventCode: "M ScheduleInform", commandKey: "a" },
    { eventCode: "M ScheduleInform", commandKey: "b" },
  ]);
});

Deno.test("informEvents() adds TRANSFER COMPLETE and M Download for finished transfers, in code order", () => {
  const state = initialState("/cr");
  state.pendingEvents = [{ eventCode: "M Reboot", commandKey: "r" }, {
    eventCode: "1 BOOT",
    commandKey: "",
  }];
  state.transfers = [
    transfer({ id: 1, state: 3, commandKey: "a" }),
    transfer({ id: 2, state: 3, commandKey: "b", kind: "upload" }),
    transfer({ id: 3, state: 2, commandKey: "c" }),
  ];
  assert.deepEqual(informEvents(state, false), [
    { eventCode: "1 BOOT", commandKey: "" },
    { eventCode: "7 TRANSFER COMPLETE", commandKey: "" },
    { eventCode: "M Reboot", commandKey: "r" },
    { eventCode: "M Download", commandKey: "a" },
    { eventCode: "M Upload", commandKey: "b" },
  ]);
});

Deno.test("informEvents() carries at most 64 events; the rest wait for the next Inform", () => {
  const state = initialState("/cr");
  for (let i = 0; i < 70; i++) {
    state.pendingEvents = addEvent(state.pendingEvents, {
      eventCode: EVENT.scheduleInform,
      commandKey: `k${i}`,
    });
  }
  const sent = informEvents(state, false);
  assert.equal(sent.length, MAX_INFORM_EVENTS);
  assert.equal(acknowledgeInform(state, sent).pendingEvents.length, 6);
});

Deno.test("acknowledgeInform() removes what was sent, keeps what arrived later and resets RetryCount", () => {
  const state = initialState("/cr");
  state.retryCount = 4;
  state.pendingEvents = [{ eventCode: "0 BOOTSTRAP", commandKey: "" }, {
    eventCode: "1 BOOT",
    commandKey: "",
  }];
  const sent = informEvents(state, true);
  assert.deepEqual(sent.map((e) => e.eventCode), ["0 BOOTSTRAP", "1 BOOT", "4 VALUE CHANGE"]);
  const later = {
    ...state,
    pendingEvents: [...state.pendingEvents, { eventCode: "6 CONNECTION REQUEST", commandKey: "" }],
  };
  const next = acknowledgeInform(later, sent);
  assert.deepEqual(next.pendingEvents, [{ eventCode: "6 CONNECTION REQUEST", commandKey: "" }]);
  assert.equal(next.retryCount, 0);
  assert.equal(next.bootstrapped, true);
});

Deno.test("nextPeriodicInform() aligns to PeriodicInformTime, also one in the future", () => {
  const settings = {
    enabled: true,
    intervalSeconds: 600,
    periodicInformTime: "2026-01-01T00:05:00Z",
  };
  const at = (h: number, m: number, s = 0): number => Date.UTC(2026, 0, 1, h, m, s);
  assert.equal(nextPeriodicInform(at(1, 0), settings, 0), at(1, 5));
  assert.equal(nextPeriodicInform(at(1, 5), settings, 0), at(1, 15), "strictly after now");
  assert.equal(nextPeriodicInform(at(0, 0), settings, 0), at(0, 5));
  assert.equal(nextPeriodicInform(Date.UTC(2025, 11, 31, 23, 58), settings, 0), at(0, 5));
  assert.equal(nextPeriodicInform(Date.UTC(2025, 11, 31, 23, 50), settings, 0), at(-1, 55));
});

Deno.test("nextPeriodicInform() counts from the start when the time is unknown, and stops when disabled", () => {
  const unknown = {
    enabled: true,
    intervalSeconds: 10,
    periodicInformTime: "0001-01-01T00:00:00Z",
  };
  assert.equal(nextPeriodicInform(1_000, unknown, 1_000), 11_000);
  assert.equal(nextPeriodicInform(25_000, unknown, 1_000), 31_000);
  assert.equal(nextPeriodicInform(25_000, { ...unknown, periodicInformTime: "" }, 1_000), 31_000);
  assert.equal(nextPeriodicInform(0, { ...unknown, enabled: false }, 0), undefined);
  assert.equal(nextPeriodicInform(0, { ...unknown, intervalSeconds: 0 }, 0), undefined);
});

Deno.test("nextWake() is the earliest of scheduled Informs, waiting transfers, periodic and retry", () => {
  const state = initialState("/cr");
  assert.equal(nextWake(state, { periodicAt: undefined, retryAt: undefined }), undefined);
  state.transfers = [transfer({ state: 1, notBefore: 70 }), transfer({ state: 3, notBefore: 1 })];
  assert.equal(nextWake(state, { periodicAt: 100, retryAt: 90 }), 70);
  state.scheduledInforms = [{ at: 60, commandKey: "" }];
  assert.equal(nextWake(state, { periodicAt: 100, retryAt: 90 }), 60);
  assert.equal(nextWake(state, { periodicAt: 100, retryAt: 10 }), 10);
});

Deno.test("retryDelayMs() follows the amendments' table, with jitter inside each window", () => {
  const windows: [number, number][] = [
    [5, 10],
    [10, 20],
    [20, 40],
    [40, 80],
    [80, 160],
    [160, 320],
    [320, 640],
    [640, 1280],
    [1280, 2560],
    [2560, 5120],
    [5120, 10240],
    [5120, 10240],
  ];
  windows.forEach(([low, high], i) => {
    assert.equal(retryDelayMs(i + 1, () => 0), low * 1000, `retry ${i + 1} low`);
    assert.equal(retryDelayMs(i + 1, () => 1), high * 1000, `retry ${i + 1} high`);
  });
  assert.equal(retryDelayMs(0, () => 0.5), 0);
  assert.equal(retryDelayMs(1, () => 0.5, { minWaitSeconds: 0.1 }), 150);
  assert.equal(retryDelayMs(3, () => 0, { multiplier: 1500 }), 11_250);
  assert.equal(retryDelayMs(1e9, () => 0.5), 7_680_000);
});
