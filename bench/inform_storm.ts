/**
 * Inform storm (issue 7): `cwmp acs serve` as a subprocess with `--max-sessions N`, then N
 * simulated devices (`startSimulation` in this process, separate from the ACS) booting at
 * once. A subset of them was registered beforehand and has one GetParameterValues queued
 * through the northbound API, which their boot session must run. Reports the time until every
 * device completed a session (the simulator's count, confirmed from the ACS's `sessions`
 * table), the refused sessions (503) and retries, the ACS's peak RSS and CPU, that it is still
 * alive and answering, and that no queued task vanished.
 *
 *     deno run -A bench/inform_storm.ts [--devices 10000] [--max-sessions 2000]
 *       [--queued 1000] [--timeout 600] [--json]
 *
 * @module
 */

import type { AcsDb } from "../acs/db/client.ts";
import { type SimulationOptions, startSimulation } from "../cpe/simulate/simulator.ts";
import {
  type AcsProcess,
  createToken,
  deviceIds,
  devicesCompleted,
  flag,
  freePort,
  newAcsLog,
  openDb,
  postTask,
  startAcs,
  taskStates,
  waitUntil,
} from "./_fleet.ts";

/** Options of {@link runStorm}. */
export interface StormOptions {
  devices: number;
  maxSessions: number;
  /** Devices registered before the storm, each with one task queued. */
  queued: number;
  /** Give up after this many seconds. */
  timeoutSeconds: number;
  /** The agents' retry back-off after a failed session (e.g. a 503). */
  retry: { minWaitSeconds: number; maxWaitSeconds: number };
  /** Retry-After of the ACS's 503 (the agents use their own back-off). */
  retryAfterSeconds?: number;
}

/** What {@link runStorm} measured. */
export interface StormReport {
  devices: number;
  maxSessions: number;
  /** Seconds from the storm's start until every device completed a session. */
  allOnlineSeconds: number;
  /** Devices with a completed session since the storm's start, per the ACS's database. */
  acsCompletedDevices: number;
  sessions: number;
  /** Failed sessions (the 503s of load shedding, and any other failure). */
  failedSessions: number;
  /** Of those, sessions the ACS refused with 503 (the simulator's count). */
  refused503: number;
  /** Sessions that were retries after a failure. */
  retries: number;
  /** Of those, retries after a 503. */
  retriesAfter503: number;
  latencyMs: { p50: number; p99: number; max: number };
  acsPeakRssMiB: number;
  /** ACS CPU seconds over the storm, and the highest 1-s CPU share seen (1.0 = one core). */
  acsCpuSeconds: number;
  acsPeakCpuShare: number;
  acsAlive: boolean;
  tasks: { queued: number; rows: number; states: Record<string, number>; lost: number };
  acsErrors: string[];
}

const PREFIX = "STORM";

// RSS and CPU of the ACS every `everyMs`, until stopped.
function sampleAcs(
  acs: AcsProcess,
  everyMs: number,
): { stop: () => Promise<{ peakRssMiB: number; peakCpuShare: number }> } {
  let peakRssMiB = 0;
  let peakCpuShare = 0;
  let running = true;
  const loop = (async (): Promise<void> => {
    let lastCpu = await acs.cpuMs();
    let lastAt = performance.now();
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      peakRssMiB = Math.max(peakRssMiB, await acs.rssMiB());
      const cpu = await acs.cpuMs();
      const at = performance.now();
      peakCpuShare = Math.max(peakCpuShare, (cpu - lastCpu) / (at - lastAt));
      lastCpu = cpu;
      lastAt = at;
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { peakRssMiB, peakCpuShare };
    },
  };
}

/**
 * Runs one boot storm and cleans up (processes, temporary directory).
 *
 * @param options Sizes and bounds.
 * @returns The figures.
 */
export async function runStorm(options: StormOptions): Promise<StormReport> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-storm-" });
  const dbUrl = `file:${dir}/acs.db`;
  const log = newAcsLog();
  const token = await createToken(dbUrl);
  const port = freePort();
  const apiPort = freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  const acs = await startAcs({
    dbUrl,
    port,
    apiPort,
    maxSessions: options.maxSessions,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
  }, log);
  const db = await openDb(dbUrl);
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const left = (): number => Math.max(1000, deadline - Date.now());
  const common: Omit<SimulationOptions, "count"> = {
    acsUrl: `http://127.0.0.1:${port}/`,
    serialPrefix: PREFIX,
    intervalSeconds: 3600,
    sessionTimeoutSeconds: 30,
    config: { retry: options.retry },
  };
  try {
    const queuedIds = await queueBeforeStorm(options.queued, {
      common,
      db,
      api,
      token,
      left,
    });
    const since = new Date();
    const started = performance.now();
    const cpuBefore = await acs.cpuMs();
    const sampler = sampleAcs(acs, 1000);
    const storm = await startSimulation({ ...common, count: options.devices, rampUpSeconds: 0 });
    let allOnlineSeconds = Number.NaN;
    try {
      await waitUntil(() => storm.stats.snapshot().online === options.devices, {
        ms: left(),
        everyMs: 100,
        what: "every device online",
      });
      allOnlineSeconds = (performance.now() - started) / 1000;
    } finally {
      storm.stop();
    }
    const summary = await storm.finished;
    const peaks = await sampler.stop();
    const acsCpuSeconds = (await acs.cpuMs() - cpuBefore) / 1000;
    // The ACS coalesces its writes: let the last sessions land before counting.
    await waitUntil(
      async () => await devicesCompleted(db, { prefix: PREFIX, since }) >= options.devices,
      { ms: Math.min(left(), 15_000), what: "sessions stored" },
    ).catch(() => {});
    const acsCompletedDevices = await devicesCompleted(db, { prefix: PREFIX, since });
    const found = await taskStates(db, queuedIds);
    const alive = await acsAnswers(api, token);
    return {
      devices: options.devices,
      maxSessions: options.maxSessions,
      allOnlineSeconds: Math.round(allOnlineSeconds * 100) / 100,
      acsCompletedDevices,
      sessions: summary.sessions,
      failedSessions: summary.faults,
      refused503: summary.refused,
      retries: summary.retries,
      retriesAfter503: summary.refusedRetries,
      latencyMs: summary.latencyMs,
      acsPeakRssMiB: Math.round(peaks.peakRssMiB),
      acsCpuSeconds: Math.round(acsCpuSeconds * 10) / 10,
      acsPeakCpuShare: Math.round(peaks.peakCpuShare * 100) / 100,
      acsAlive: alive,
      tasks: {
        queued: queuedIds.length,
        rows: found.rows,
        states: found.states,
        lost: queuedIds.length - found.rows,
      },
      acsErrors: log.errors,
    };
  } finally {
    db.$client.close();
    await acs.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

// Registers the first `count` devices (a quick ramp, then they stop) and queues one task each.
async function queueBeforeStorm(
  count: number,
  deps: {
    common: Omit<SimulationOptions, "count">;
    db: AcsDb;
    api: string;
    token: string;
    left: () => number;
  },
): Promise<number[]> {
  if (count === 0) return [];
  const early = await startSimulation({ ...deps.common, count, rampUpSeconds: count / 500 });
  try {
    await waitUntil(() => early.stats.snapshot().online === count, {
      ms: deps.left(),
      what: "pre-registered devices online",
    });
  } finally {
    early.stop();
  }
  await early.finished;
  const ids = await deviceIds(deps.db, PREFIX);
  const queued: number[] = [];
  for (let i = 0; i < ids.length; i += 20) {
    const batch = await Promise.all(
      ids.slice(i, i + 20).map((deviceId) => postTask(deps.api, { token: deps.token, deviceId })),
    );
    for (const id of batch) {
      if (id === undefined) throw new Error("the ACS refused to queue a task before the storm");
      queued.push(id);
    }
  }
  return queued;
}

async function acsAnswers(api: string, token: string): Promise<boolean> {
  try {
    const response = await fetch(`${api}/api/tasks?limit=1`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

if (import.meta.main) {
  const args = Deno.args;
  const devices = flag(args, "devices", 10_000);
  const report = await runStorm({
    devices,
    maxSessions: flag(args, "max-sessions", 2000),
    queued: Math.min(devices, flag(args, "queued", 1000)),
    timeoutSeconds: flag(args, "timeout", 600),
    retry: { minWaitSeconds: 0.5, maxWaitSeconds: 5 },
  });
  console.log(JSON.stringify(report, null, 2));
  const ok = report.acsAlive && report.tasks.lost === 0 &&
    report.acsCompletedDevices === report.devices;
  if (!ok) Deno.exitCode = 1;
}
