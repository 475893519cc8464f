import assert from "node:assert/strict";
import { SimulationStats } from "./stats.ts";

const BOOT = [{ eventCode: "1 BOOT", commandKey: "" }];

Deno.test("SimulationStats counts sessions, faults and retries, and who is online", () => {
  const stats = new SimulationStats();
  for (let i = 0; i < 3; i++) stats.deviceStarted();
  stats.session(0, { ok: false, reason: "HTTP 503", events: BOOT, durationMs: 3, retry: false });
  stats.session(0, { ok: true, events: BOOT, durationMs: 10, retry: true });
  stats.session(1, { ok: true, events: BOOT, durationMs: 20, retry: false });
  stats.connectionRequest();
  stats.deviceStopped(1);
  const s = stats.snapshot();
  assert.equal(s.devices, 3);
  assert.equal(s.online, 1);
  assert.equal(s.sessions, 2);
  assert.equal(s.faults, 1);
  assert.equal(s.retries, 1);
  assert.equal(s.connectionRequests, 1);
  assert.deepEqual(s.events, { "1 BOOT": 2 });
});

Deno.test("SimulationStats percentiles are within 2 % of the exact ones", () => {
  const stats = new SimulationStats();
  for (let ms = 1; ms <= 1000; ms++) {
    stats.session(ms, { ok: true, events: [], durationMs: ms, retry: false });
  }
  const { p50, p99, max } = stats.snapshot().latencyMs;
  assert.ok(Math.abs(p50 - 500) <= 10, `p50 ${p50}`);
  assert.ok(Math.abs(p99 - 990) <= 20, `p99 ${p99}`);
  assert.equal(max, 1000);
  assert.deepEqual(new SimulationStats().snapshot().latencyMs, { p50: 0, p99: 0, max: 0 });
});

Deno.test("SimulationStats tells the ACS's 503s and the retries after them from other failures", () => {
  const stats = new SimulationStats();
  const busy = "The ACS answered HTTP 503 Service Unavailable";
  const broken = "The ACS answered HTTP 500 Internal Server Error";
  const fail = (reason: string, retry: boolean) => ({
    ok: false,
    reason,
    events: BOOT,
    durationMs: 1,
    retry,
  });
  // Device 0: 503, 503 again (a retry after a 503), then in (another).
  stats.session(0, fail(busy, false));
  stats.session(0, fail(busy, true));
  stats.session(0, { ok: true, events: BOOT, durationMs: 5, retry: true });
  // Device 1: a 500, then a 503 (a retry after a 500), then in (a retry after a 503).
  stats.session(1, fail(broken, false));
  stats.session(1, fail(busy, true));
  stats.session(1, { ok: true, events: BOOT, durationMs: 5, retry: true });
  // Device 2: a timeout, then in (a retry after another failure).
  stats.session(2, fail("Cannot reach the ACS: timed out after 5000 ms", false));
  stats.session(2, { ok: true, events: BOOT, durationMs: 5, retry: true });
  const s = stats.snapshot();
  assert.equal(s.faults, 5);
  assert.equal(s.refused, 3);
  assert.equal(s.retries, 5);
  assert.equal(s.refusedRetries, 3);
  assert.equal(s.sessions, 3);
});

Deno.test("SimulationStats.since() measures only the window after a mark", () => {
  const stats = new SimulationStats();
  for (let i = 0; i < 100; i++) {
    stats.session(i, { ok: true, events: [], durationMs: 1000, retry: false });
  }
  const mark = stats.mark();
  for (let i = 0; i < 100; i++) {
    stats.session(i, { ok: true, events: [], durationMs: 10, retry: false });
  }
  stats.session(0, { ok: false, reason: "HTTP 503", events: [], durationMs: 1, retry: false });
  const window = stats.since(mark);
  assert.equal(window.sessions, 100);
  assert.equal(window.faults, 1);
  assert.equal(window.refused, 1);
  // The slow sessions before the mark do not count: all of the window's took 10 ms.
  assert.ok(Math.abs(window.latencyMs.p99 - 10) <= 0.2, `p99 ${window.latencyMs.p99}`);
  assert.ok(Math.abs(window.latencyMs.max - 10) <= 0.2, `max ${window.latencyMs.max}`);
  assert.equal(stats.snapshot().latencyMs.max, 1000);
  assert.deepEqual(stats.since(stats.mark()).latencyMs, { p50: 0, p99: 0, max: 0 });
});

Deno.test("SimulationStats tallies failure reasons by kind, at most 16 kinds", () => {
  const stats = new SimulationStats();
  const fail = (reason: string) =>
    stats.session(0, { ok: false, reason, events: BOOT, durationMs: 1, retry: false });
  fail("HTTP 503 from http://127.0.0.1:7547/");
  fail("HTTP 503 from http://127.0.0.1:7548/");
  fail("timeout after 30000 ms");
  for (let i = 0; i < 20; i++) fail(`kind ${String.fromCharCode(97 + i)}`);
  const reasons = stats.snapshot().failureReasons;
  assert.equal(reasons["HTTP N from http://N.N.N.N:N/"], 2);
  assert.equal(reasons["timeout after N ms"], 1);
  assert.equal(Object.keys(reasons).length, 17);
  assert.equal(reasons["other"], 6);
});
