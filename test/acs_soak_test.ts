/**
 * Soak in CI (issue 7, the short version of bench/soak.ts): 200 simulated devices Inform every
 * 3 s against a `cwmp acs serve` subprocess for about 20 s while tasks are queued through the
 * API, and the ACS is killed with SIGKILL once and restarted on the same ports. Every task the
 * API acknowledged is still in the database, done or faulted with a reason (or still pending
 * or running, to be sent at a later session), and the ACS logged no error.
 */

import assert from "node:assert/strict";
import { runSoak } from "../bench/soak.ts";

Deno.test("acs soak: 200 devices, tasks queued continuously, one kill -9 and restart; no task lost", async () => {
  const report = await runSoak({
    devices: 200,
    seconds: 20,
    kills: 1,
    intervalSeconds: 3,
    rate: 10,
    settleSeconds: 15,
    sampleSeconds: 1,
    retry: { minWaitSeconds: 0.1, maxWaitSeconds: 1 },
  });
  const text = JSON.stringify(report);
  assert.equal(report.kills, 1, text);
  assert.ok(report.failedSessions > 0, `sessions failed while the ACS was down: ${text}`);
  assert.ok(report.queued >= 100, `tasks were queued: ${text}`);
  assert.equal(report.lost, 0, text);
  assert.ok(report.rows >= report.queued && report.rows <= report.queued + report.notAcknowledged);
  for (const state of Object.keys(report.states)) {
    assert.ok(["done", "faulted", "pending", "running"].includes(state), text);
  }
  assert.equal(report.faultedWithoutReason, 0, text);
  assert.ok((report.states.done ?? 0) >= report.queued * 0.9, `most tasks ran: ${text}`);
  assert.deepEqual(report.acsErrors, []);
});
