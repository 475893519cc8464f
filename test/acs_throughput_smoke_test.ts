/**
 * ACS throughput in CI (issue 7, the short version of bench/acs_throughput.ts): `cwmp acs serve`
 * as a subprocess and 50 simulated devices Informing every second, Inform-only and with one
 * GetParameterValues task per session. The fleet's offered rate is served, every session of
 * the window is in the ACS's database, each carried its task in `--tasks` mode, and the
 * per-session figures are there.
 */

import assert from "node:assert/strict";
import { runThroughput, type ThroughputReport } from "../bench/acs_throughput.ts";

function assertServed(report: ThroughputReport): void {
  const text = JSON.stringify(report);
  assert.equal(report.faults, 0, text);
  assert.deepEqual(report.acsErrors, []);
  // 50 devices every second offer 50 sessions/s; a loaded CI machine may lag a little.
  assert.ok(report.sessionsPerSecond >= 35 && report.sessionsPerSecond <= 55, text);
  // The simulator counts sessions that ended in the window, the ACS those that started in it.
  assert.ok(Math.abs(report.acsSessions - report.sessions) <= 10, text);
  assert.ok(report.acsCpuMsPerSession > 0 && report.acsCpuMsPerSession < 100, text);
  assert.ok(report.latencyMs.p50 > 0 && report.latencyMs.p50 <= report.latencyMs.p99, text);
  // The ACS's own histogram saw the window's sessions (its bounds go up to 60 s).
  assert.ok(report.acsLatencyMs.p50AtMost !== null && report.acsLatencyMs.p50AtMost > 0, text);
  assert.ok(report.acsRssMiB.end > 20, text);
}

Deno.test("acs throughput: 50 devices, Inform-only sessions every second", async () => {
  const report = await runThroughput({
    devices: 50,
    intervalSeconds: 1,
    tasks: false,
    warmupSeconds: 1,
    measureSeconds: 2,
    bootRate: 500,
    timeoutSeconds: 60,
  });
  assertServed(report);
  assert.equal(report.mode, "inform-only");
  assert.equal(report.tasksDonePerSession, 0);
});

Deno.test("acs throughput --tasks: each session of 50 devices runs one GetParameterValues", async () => {
  const report = await runThroughput({
    devices: 50,
    intervalSeconds: 1,
    tasks: true,
    warmupSeconds: 1,
    measureSeconds: 2,
    bootRate: 500,
    timeoutSeconds: 60,
  });
  assertServed(report);
  assert.equal(report.mode, "tasks");
  const text = JSON.stringify(report);
  assert.ok(report.tasksDonePerSession >= 0.8 && report.tasksDonePerSession <= 1.2, text);
});
