/**
 * Soak (issue 7): D simulated devices (`startSimulation` in this process) Inform periodically
 * against one `cwmp acs serve` subprocess for M minutes while tasks are queued continuously
 * through the northbound API (`connectionRequest: false`: the next periodic Inform picks them
 * up). Optionally the ACS is killed with SIGKILL and restarted on the same ports K times.
 * Afterwards: every task the API acknowledged is in the database (none lost) and is done, or
 * faulted with a fault row saying why, or still pending/running; the ACS's stderr has no error;
 * its RSS, sampled every few seconds, is reported first/last/max per ACS process.
 *
 *     deno run -A bench/soak.ts [--devices 10000] [--minutes 10] [--kills 0]
 *       [--interval 60] [--rate 20] [--settle 180]
 *
 * @module
 */

import {
  type AcsLog,
  type AcsProcess,
  createToken,
  deviceIds,
  flag,
  freePort,
  newAcsLog,
  openDb,
  postTask,
  startAcs,
  taskStates,
  waitUntil,
} from "./_fleet.ts";
import { startSimulation } from "../cpe/simulate/simulator.ts";

/** Options of {@link runSoak}. */
export interface SoakOptions {
  devices: number;
  seconds: number;
  kills: number;
  /** PeriodicInformInterval of the devices. */
  intervalSeconds: number;
  /** Tasks queued per second. */
  rate: number;
  /** After the load, wait up to this long for the tasks to finish. */
  settleSeconds: number;
  /** RSS sample period. */
  sampleSeconds: number;
  retry: { minWaitSeconds: number; maxWaitSeconds: number };
}

/** What {@link runSoak} measured. */
export interface SoakReport {
  devices: number;
  seconds: number;
  kills: number;
  sessions: number;
  failedSessions: number;
  /** Of those, sessions the ACS refused with 503 (load shedding). */
  refused503: number;
  /** Tasks the API acknowledged, and POSTs it did not (down, or in flight at a kill). */
  queued: number;
  notAcknowledged: number;
  /** Rows in `tasks`: at least `queued`, at most `queued + notAcknowledged`. */
  rows: number;
  /** Acknowledged tasks missing from the database. */
  lost: number;
  states: Record<string, number>;
  faultedWithoutReason: number;
  settleSeconds: number;
  /** The ACS's RSS per process (one entry per start: a kill starts a new process). */
  rssMiB: { first: number; last: number; max: number; samples: number }[];
  /**
   * The last ACS process's memory once a minute: RSS and the JavaScript heap in use (from its
   * `/metrics`), to tell a growing heap (a leak in the ACS's objects) from native memory.
   */
  memoryByMinute: { minute: number; rssMiB: number; heapMiB: number }[];
  acsErrors: string[];
}

interface Fleet {
  acs: AcsProcess;
  log: AcsLog;
  start: () => Promise<AcsProcess>;
}

/**
 * Runs one soak and cleans up (processes, temporary directory).
 *
 * @param options Sizes, duration, kills.
 * @returns The figures.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-soak-" });
  const dbUrl = `file:${dir}/acs.db`;
  const log = newAcsLog();
  const token = await createToken(dbUrl);
  const port = freePort();
  const apiPort = freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  const start = (): Promise<AcsProcess> => startAcs({ dbUrl, port, apiPort }, log);
  const fleet: Fleet = { acs: await start(), log, start };
  const db = await openDb(dbUrl);
  const simulation = await startSimulation({
    acsUrl: `http://127.0.0.1:${port}/`,
    count: options.devices,
    serialPrefix: "SOAK",
    intervalSeconds: options.intervalSeconds,
    // Spread over the interval, so that Informs arrive all the time, a kill's downtime included.
    rampUpSeconds: options.intervalSeconds,
    sessionTimeoutSeconds: 10,
    config: { retry: options.retry },
  });
  try {
    await waitUntil(() => simulation.stats.snapshot().online === options.devices, {
      ms: 60_000 + options.devices * 20,
      what: "every device online",
    });
    const ids = await deviceIds(db, "SOAK");
    const rss: number[][] = [[]];
    const memory: SoakReport["memoryByMinute"] = [];
    const load = await queueUnderLoad(fleet, { options, api, token, ids, rss, memory });
    const settleStarted = performance.now();
    await waitUntil(async () => {
      const found = await taskStates(db, load.acked);
      return (found.states.done ?? 0) + (found.states.faulted ?? 0) === load.acked.length;
    }, { ms: options.settleSeconds * 1000, everyMs: 1000, what: "tasks settled" })
      .catch(() => {});
    const settleSeconds = (performance.now() - settleStarted) / 1000;
    rss.at(-1)?.push(await fleet.acs.rssMiB());
    const found = await taskStates(db, load.acked);
    const all = await taskStates(db);
    simulation.stop();
    const summary = await simulation.finished;
    return {
      devices: options.devices,
      seconds: options.seconds,
      kills: load.kills,
      sessions: summary.sessions,
      failedSessions: summary.faults,
      refused503: summary.refused,
      queued: load.acked.length,
      notAcknowledged: load.refused,
      rows: all.rows,
      lost: load.acked.length - found.rows,
      states: found.states,
      faultedWithoutReason: found.faultedWithoutReason,
      settleSeconds: Math.round(settleSeconds),
      rssMiB: rss.map((run) => ({
        first: Math.round(run[0] ?? 0),
        last: Math.round(run.at(-1) ?? 0),
        max: Math.round(Math.max(0, ...run)),
        samples: run.length,
      })),
      memoryByMinute: memory,
      acsErrors: log.errors,
    };
  } finally {
    simulation.stop();
    await simulation.finished;
    db.$client.close();
    await fleet.acs.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

// Queues `rate` tasks a second on random devices for the duration, samples the ACS's RSS and
// kills and restarts it `kills` times, evenly spaced.
async function queueUnderLoad(
  fleet: Fleet,
  deps: {
    options: SoakOptions;
    api: string;
    token: string;
    ids: string[];
    rss: number[][];
    memory: SoakReport["memoryByMinute"];
  },
): Promise<{ acked: number[]; refused: number; kills: number }> {
  const { options } = deps;
  const acked: number[] = [];
  let refused = 0;
  let kills = 0;
  const started = performance.now();
  const endAt = started + options.seconds * 1000;
  const killAt = Array.from(
    { length: options.kills },
    (_, k) => started + ((k + 1) * options.seconds * 1000) / (options.kills + 1),
  );
  let nextSample = started;
  let nextMinute = started;
  const tick = 100;
  const perTick = Math.max(1, Math.round((options.rate * tick) / 1000));
  while (performance.now() < endAt) {
    const now = performance.now();
    if (now >= nextSample) {
      deps.rss.at(-1)?.push(await fleet.acs.rssMiB());
      nextSample = now + options.sampleSeconds * 1000;
    }
    if (now >= nextMinute) {
      const minute = Math.round((now - started) / 60_000);
      const heap = await heapMiB(deps.api, deps.token);
      deps.memory.push({ minute, rssMiB: Math.round(await fleet.acs.rssMiB()), heapMiB: heap });
      nextMinute = now + 60_000;
    }
    const due = killAt[kills];
    if (due !== undefined && now >= due) {
      await fleet.acs.kill9();
      kills++;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      fleet.acs = await fleet.start();
      deps.rss.push([]);
      deps.memory.length = 0;
    }
    const batch = await Promise.all(Array.from({ length: perTick }, () => {
      const deviceId = deps.ids[Math.floor(Math.random() * deps.ids.length)] ?? "";
      return postTask(deps.api, { token: deps.token, deviceId });
    }));
    for (const id of batch) {
      if (id === undefined) refused++;
      else acked.push(id);
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, tick - (performance.now() - now)))
    );
  }
  return { acked, refused, kills };
}

if (import.meta.main) {
  const args = Deno.args;
  const report = await runSoak({
    devices: flag(args, "devices", 10_000),
    seconds: flag(args, "minutes", 10) * 60,
    kills: flag(args, "kills", 0),
    intervalSeconds: flag(args, "interval", 60),
    rate: flag(args, "rate", 20),
    settleSeconds: flag(args, "settle", 180),
    sampleSeconds: 5,
    retry: { minWaitSeconds: 0.5, maxWaitSeconds: 5 },
  });
  console.log(JSON.stringify(report, null, 2));
  if (report.lost > 0 || report.faultedWithoutReason > 0 || report.acsErrors.length > 0) {
    Deno.exitCode = 1;
  }
}

// The ACS's JavaScript heap in use, in MiB, from its /metrics (0 when it cannot be read).
async function heapMiB(api: string, token: string): Promise<number> {
  try {
    const response = await fetch(`${api}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    const line = text.split("\n").find((l) => l.startsWith("cwmp_heap_used_bytes "));
    return line === undefined ? 0 : Math.round(Number(line.split(" ")[1]) / 2 ** 20);
  } catch {
    return 0;
  }
}
