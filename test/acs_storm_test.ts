/**
 * Inform storm in CI (issue 7, the short version of bench/inform_storm.ts): `cwmp acs serve`
 * as a subprocess with `--max-sessions 50`, 300 simulated devices booting at once, 60 of them
 * with a task queued through the API before the storm. Every device completes a session, the
 * ACS sheds load with 503s that the devices retry, it stays up, and no task is lost.
 */

import assert from "node:assert/strict";
import { runStorm } from "../bench/inform_storm.ts";

Deno.test("acs storm: 300 devices boot at once against --max-sessions 50; all get in, no task lost", async () => {
  const report = await runStorm({
    devices: 300,
    maxSessions: 50,
    queued: 60,
    timeoutSeconds: 45,
    retry: { minWaitSeconds: 0.05, maxWaitSeconds: 0.5 },
  });
  const text = JSON.stringify(report);
  assert.equal(report.acsCompletedDevices, 300, text);
  assert.ok(report.failedSessions > 0, `load shedding refused some sessions: ${text}`);
  assert.ok(report.refused503 > 0, `503s seen: ${text}`);
  assert.ok(report.retries > 0, text);
  assert.ok(report.acsAlive, text);
  assert.equal(report.tasks.queued, 60);
  assert.equal(report.tasks.lost, 0, text);
  assert.equal(report.tasks.states.done, 60, text);
  assert.deepEqual(report.acsErrors, []);
});
