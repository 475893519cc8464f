/**
 * Load shedding seen from both ends: a full ACS (`serveAcs`, `maxSessions` 2) refuses new
 * sessions with 503; the simulator counts those refusals and the retries after them apart
 * from other failures, and the ACS's `cwmp_sessions_shed_total` on `/metrics` is the same
 * number, with at most one "shed N sessions" log line per 10 s.
 */

import assert from "node:assert/strict";
import { createDb } from "../acs/db/client.ts";
import { createApiToken } from "../acs/nbi/tokens.ts";
import { serveAcs } from "../acs/serve.ts";
import { startSimulation } from "../cpe/simulate/simulator.ts";
import { waitFor } from "./fixtures/agent_acs.ts";

Deno.test("cpe simulate: the 503s of a full ACS are counted apart, and match the ACS's cwmp_sessions_shed_total", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-simulate-shed-" });
  const dbUrl = `file:${dir}/acs.db`;
  const logs: string[] = [];
  const server = await serveAcs({
    hostname: "127.0.0.1",
    port: 0,
    dbUrl,
    cpeAuth: { mode: "open" },
    app: { maxSessions: 2, retryAfterSeconds: 1 },
    api: { hostname: "127.0.0.1", port: 0 },
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
  try {
    const db = await createDb(dbUrl);
    const { token } = await createApiToken(db, { name: "metrics" });
    db.$client.close();
    const simulation = await startSimulation({
      acsUrl: `http://127.0.0.1:${server.port}/acs`,
      count: 12,
      serialPrefix: "SHED",
      rampUpSeconds: 0,
      intervalSeconds: 3600,
      sessionTimeoutSeconds: 5,
      // The agents' own back-off is short; the ACS's Retry-After (1 s) sets the pace.
      config: { retry: { minWaitSeconds: 0.05, maxWaitSeconds: 0.4 } },
    });
    try {
      await waitFor(() => simulation.stats.snapshot().online === 12, 30_000);
    } finally {
      simulation.stop();
    }
    const summary = await simulation.finished;
    assert.ok(summary.refused > 0, JSON.stringify(summary));
    assert.equal(summary.faults, summary.refused, "every failure was a 503");
    assert.ok(summary.refusedRetries > 0 && summary.refusedRetries <= summary.retries);
    assert.equal(summary.retries, summary.refusedRetries, "every retry followed a 503");
    const api = server.api;
    assert.ok(api);
    const response = await fetch(`http://127.0.0.1:${api.port}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const shed = text.split("\n").find((l) => l.startsWith("cwmp_sessions_shed_total "));
    assert.equal(shed, `cwmp_sessions_shed_total ${summary.refused}`);
    // The run took a few seconds: one line, maybe two, not one per refusal.
    const lines = logs.filter((l) => l.startsWith("warn: shed "));
    assert.ok(lines.length >= 1 && lines.length <= Math.ceil(summary.elapsedSeconds / 10) + 1);
    assert.match(lines[0] ?? "", /^warn: shed 1 session in the last 10 s: [0-2] in progress$/);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
