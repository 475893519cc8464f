/**
 * ACS throughput (issue 7): `cwmp acs serve` as a subprocess (`file:` database in a temporary
 * directory, CPE authentication open, no bootstrap policy), driven by N simulated devices
 * (`startSimulation` in this process) that Inform every `--interval` seconds, so the fleet
 * offers N / interval sessions per second (a device never has two sessions at once: when the
 * ACS is slower than that, the achieved rate is its capacity). After every device has booted
 * and a warm-up, one measurement window reports sessions/s, ACS CPU milliseconds per session
 * (utime + stime of the ACS process from /proc/PID/stat, over the window, divided by the
 * sessions the simulator completed in it), p50/p99 session latency as the devices saw it and
 * as the ACS saw it (its `cwmp_session_duration_seconds` histogram on `/metrics`, Inform to
 * the end of the session, to the histogram's bucket bounds), the ACS's RSS (/proc/PID/status)
 * and the load average.
 *
 * Modes:
 * - Inform-only (default): each session is Inform, InformResponse, empty POST, 204.
 * - `--tasks`: each session also runs one GetParameterValues. The harness keeps one such task
 *   pending per device: every 250 ms one INSERT ... SELECT on its own connection to the ACS's
 *   database adds a task to each device that has no open one. Queueing through the NBI would
 *   put N HTTP requests per interval on the ACS's CPU and mix the API's cost into the
 *   per-session figure; the ACS reads open tasks from the database at every Inform, so rows
 *   written by another connection are picked up like the NBI's (the same columns
 *   `enqueueTask` writes for a GetParameterValues).
 * - `--rate R`: the interval is N / R seconds (whole seconds, at least 1), e.g. 1,000 sessions/s
 *   offered by 10,000 devices every 10 s; the latency at that rate is the figure to read.
 *
 *     deno run -A bench/acs_throughput.ts [--devices 1000] [--interval 1 | --rate R] [--tasks]
 *       [--warmup 5] [--seconds 20] [--boot-rate 500] [--timeout 300] [--cpu-prof DIR]
 *       [--db-dir DIR]   (e.g. /dev/shm: the database without the disk's fsync)
 *
 * The simulator shares the machine with the ACS; its own CPU share is reported (when it nears
 * one core, the simulator, not the ACS, limits the rate). Sessions reuse kept-alive
 * connections (one HTTP client for all devices), so TCP set-up is not in the figures.
 *
 * @module
 */

import { and, eq, gte, like, lt, sql } from "drizzle-orm";
import type { AcsDb } from "../acs/db/client.ts";
import { devices } from "../acs/db/schema/devices.ts";
import { sessions } from "../acs/db/schema/sessions.ts";
import { tasks } from "../acs/db/schema/tasks.ts";
import { startSimulation } from "../cpe/simulate/simulator.ts";
import {
  type AcsProcess,
  createToken,
  flag,
  freePort,
  newAcsLog,
  openDb,
  startAcs,
  waitUntil,
} from "./_fleet.ts";

/** Options of {@link runThroughput}. */
export interface ThroughputOptions {
  devices: number;
  /** PeriodicInformInterval of every device, whole seconds. */
  intervalSeconds: number;
  /** Keep one GetParameterValues task queued per device. */
  tasks: boolean;
  /** After every device booted, wait this long before measuring. */
  warmupSeconds: number;
  /** The measurement window. */
  measureSeconds: number;
  /** Devices booted per second before the measurement (the ramp-up). */
  bootRate: number;
  /** Give up after this many seconds in all. */
  timeoutSeconds: number;
  /** Run the ACS with `--cpu-prof --cpu-prof-dir DIR` (the profile is written at its exit). */
  cpuProfDir?: string;
  /** Where the ACS's database goes (default: the system's temporary directory). */
  dbDir?: string;
  /** Told how the boot goes, about every 5 s (default: nothing). */
  progress?: (line: string) => void;
}

/** What {@link runThroughput} measured. */
export interface ThroughputReport {
  mode: "inform-only" | "tasks";
  devices: number;
  intervalSeconds: number;
  /** devices / interval. */
  offeredPerSecond: number;
  measuredSeconds: number;
  /** Sessions the simulator completed in the window, and per second. */
  sessions: number;
  sessionsPerSecond: number;
  /** Sessions the ACS recorded as completed with their start in the window (cross-check). */
  acsSessions: number;
  /** GetParameterValues tasks done in the window (`--tasks`), per completed session. */
  tasksDonePerSession: number;
  acsCpuMsPerSession: number;
  /** CPU of the ACS and of this process (the simulator) over the window, in cores. */
  acsCores: number;
  simulatorCores: number;
  latencyMs: { p50: number; p99: number; max: number };
  /**
   * The same sessions' durations at the ACS: the upper bounds (ms) of the histogram buckets
   * holding the 50th and 99th percentiles (null: above the last bound).
   */
  acsLatencyMs: { p50AtMost: number | null; p99AtMost: number | null };
  faults: number;
  refused503: number;
  acsRssMiB: { end: number; peak: number };
  /** /proc/loadavg's 1-minute figure at the window's start and end. */
  loadAverage: { start: number; end: number };
  acsErrors: string[];
}

const PREFIX = "THR";
const TOP_UP_MS = 250;
const UPTIME = "InternetGatewayDevice.DeviceInfo.UpTime";

/**
 * Runs one measurement and cleans up (the ACS process, the temporary directory).
 *
 * @param options Fleet size, pacing, mode and bounds.
 * @returns The figures.
 */
export async function runThroughput(options: ThroughputOptions): Promise<ThroughputReport> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const left = (): number => Math.max(0, deadline - Date.now());
  const dir = await Deno.makeTempDir({
    prefix: "cwmp-throughput-",
    ...(options.dbDir === undefined ? {} : { dir: options.dbDir }),
  });
  const dbUrl = `file:${dir}/acs.db`;
  const log = newAcsLog();
  const port = freePort();
  const apiPort = freePort();
  const token = await createToken(dbUrl);
  const acs = await startAcs({
    dbUrl,
    port,
    apiPort,
    // No load shedding: every offered session is served (503s would be counted anyway).
    maxSessions: options.devices + 100,
    ...(options.cpuProfDir === undefined
      ? {}
      : { denoArgs: ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`] }),
  }, log);
  const db = await openDb(dbUrl);
  const simulation = await startSimulation({
    acsUrl: `http://127.0.0.1:${port}/acs`,
    count: options.devices,
    serialPrefix: PREFIX,
    intervalSeconds: options.intervalSeconds,
    rampUpSeconds: Math.max(options.intervalSeconds, options.devices / options.bootRate),
    sessionTimeoutSeconds: 30,
    config: { retry: { minWaitSeconds: 0.5, maxWaitSeconds: 5 } },
  });
  let topUp: { stop: () => Promise<void> } | undefined;
  let told = Date.now();
  try {
    await waitUntil(() => {
      const s = simulation.stats.snapshot();
      if (Date.now() - told >= 5000) {
        told = Date.now();
        options.progress?.(
          `booting: ${s.online}/${options.devices} online, ${s.sessions} sessions, ` +
            `${s.faults} failed (${s.refused} refused with 503)` +
            (s.faults === 0 ? "" : `; failures: ${JSON.stringify(s.failureReasons)}`),
        );
      }
      return s.online === options.devices;
    }, { ms: left(), everyMs: 100, what: "every device booted" });
    if (options.tasks) topUp = keepTasksQueued(db, deadline);
    await sleep(Math.min(options.warmupSeconds * 1000, left()));
    const metrics = (): Promise<Histogram> => durationHistogram(apiPort, token);
    return await measure({ options, acs, db, simulation, left, log, metrics });
  } finally {
    await topUp?.stop();
    simulation.stop();
    await Promise.race([simulation.finished, sleep(30_000)]);
    db.$client.close();
    // A graceful stop waits for open connections; agents stuck in a session can hold one.
    const stopped = await Promise.race([
      acs.stop().then(() => true),
      sleep(15_000).then(() => false),
    ]);
    if (!stopped) await acs.kill9();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

async function measure(run: {
  options: ThroughputOptions;
  acs: AcsProcess;
  db: AcsDb;
  simulation: Awaited<ReturnType<typeof startSimulation>>;
  left: () => number;
  log: { errors: string[] };
  metrics: () => Promise<Histogram>;
}): Promise<ThroughputReport> {
  const { options, acs, db, simulation } = run;
  const windowMs = options.measureSeconds * 1000;
  if (run.left() < windowMs) throw new Error("timed out before the measurement window");
  const loadStart = await loadAverage();
  const histogram0 = await run.metrics();
  const mark = simulation.stats.mark();
  const from = new Date();
  const started = performance.now();
  const acsCpu0 = await acs.cpuMs();
  const ownCpu0 = await ownCpuMs();
  let peak = 0;
  while (performance.now() - started < windowMs) {
    await sleep(Math.min(1000, windowMs - (performance.now() - started)));
    peak = Math.max(peak, await acs.rssMiB());
  }
  const elapsedMs = performance.now() - started;
  const acsCpuMs = await acs.cpuMs() - acsCpu0;
  const ownCpu = await ownCpuMs() - ownCpu0;
  const window = simulation.stats.since(mark);
  const histogram = await run.metrics();
  const to = new Date();
  const rss = await acs.rssMiB();
  const loadEnd = await loadAverage();
  // The ACS coalesces its writes: let the window's last sessions land before counting.
  await sleep(Math.min(1000, run.left()));
  const acsSessions = await completedBetween(db, from, to);
  const tasksDone = options.tasks ? await tasksDoneBetween(db, from, to) : 0;
  const perSession = (n: number): number =>
    window.sessions === 0 ? 0 : Math.round((n / window.sessions) * 1000) / 1000;
  return {
    mode: options.tasks ? "tasks" : "inform-only",
    devices: options.devices,
    intervalSeconds: options.intervalSeconds,
    offeredPerSecond: Math.round(options.devices / options.intervalSeconds),
    measuredSeconds: Math.round(elapsedMs / 100) / 10,
    sessions: window.sessions,
    sessionsPerSecond: Math.round(window.sessions / (elapsedMs / 1000)),
    acsSessions,
    tasksDonePerSession: perSession(tasksDone),
    acsCpuMsPerSession: perSession(acsCpuMs),
    acsCores: Math.round((acsCpuMs / elapsedMs) * 100) / 100,
    simulatorCores: Math.round((ownCpu / elapsedMs) * 100) / 100,
    latencyMs: window.latencyMs,
    acsLatencyMs: {
      p50AtMost: bucketBound(histogram0, histogram, 0.5),
      p99AtMost: bucketBound(histogram0, histogram, 0.99),
    },
    faults: window.faults,
    refused503: window.refused,
    acsRssMiB: { end: Math.round(rss), peak: Math.round(Math.max(peak, rss)) },
    loadAverage: { start: loadStart, end: loadEnd },
    acsErrors: run.log.errors,
  };
}

// One INSERT ... SELECT every TOP_UP_MS: a pending GetParameterValues for each device of the
// fleet that has no open task. Bounded by the run's deadline.
function keepTasksQueued(db: AcsDb, deadline: number): { stop: () => Promise<void> } {
  let running = true;
  const args = JSON.stringify({ parameterNames: [UPTIME] });
  const loop = (async (): Promise<void> => {
    while (running && Date.now() < deadline) {
      const now = Date.now();
      await db.run(sql`
        INSERT INTO ${tasks} (device_id, method, args, state, created_at, updated_at)
        SELECT ${devices.id}, 'GetParameterValues', ${args}, 'pending', ${now}, ${now}
        FROM ${devices}
        WHERE ${devices.serialNumber} LIKE ${PREFIX + "%"} AND NOT EXISTS (
          SELECT 1 FROM ${tasks} AS t
          WHERE t.device_id = ${devices.id} AND t.state IN ('pending', 'running')
        )`);
      await sleep(TOP_UP_MS);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function completedBetween(db: AcsDb, from: Date, to: Date): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(sessions)
    .innerJoin(devices, eq(devices.id, sessions.deviceId))
    .where(and(
      eq(sessions.end, "completed"),
      like(devices.serialNumber, `${PREFIX}%`),
      gte(sessions.startedAt, from),
      lt(sessions.startedAt, to),
    ));
  return Number(row?.n ?? 0);
}

async function tasksDoneBetween(db: AcsDb, from: Date, to: Date): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(tasks)
    .where(and(eq(tasks.state, "done"), gte(tasks.updatedAt, from), lt(tasks.updatedAt, to)));
  return Number(row?.n ?? 0);
}

/** Cumulative counts of `cwmp_session_duration_seconds`, by upper bound in seconds. */
type Histogram = Map<number, number>;

async function durationHistogram(apiPort: number, token: string): Promise<Histogram> {
  const response = await fetch(`http://127.0.0.1:${apiPort}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  const histogram: Histogram = new Map();
  const series = /^cwmp_session_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm;
  for (const match of text.matchAll(series)) {
    histogram.set(match[1] === "+Inf" ? Infinity : Number(match[1]), Number(match[2]));
  }
  return histogram;
}

// The smallest bucket bound (ms) whose count since `before` reaches the q-th session.
function bucketBound(before: Histogram, after: Histogram, q: number): number | null {
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total === 0) return null;
  const bounds = [...after.keys()].sort((a, b) => a - b);
  for (const bound of bounds) {
    const count = (after.get(bound) ?? 0) - (before.get(bound) ?? 0);
    if (count >= q * total) return Number.isFinite(bound) ? bound * 1000 : null;
  }
  return null;
}

async function ownCpuMs(): Promise<number> {
  const stat = await Deno.readTextFile("/proc/self/stat");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime in clock ticks; 100 per second on Linux.
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
}

async function loadAverage(): Promise<number> {
  const text = await Deno.readTextFile("/proc/loadavg").catch(() => "");
  return Number(text.split(" ")[0] ?? 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

if (import.meta.main) {
  const args = Deno.args;
  const count = flag(args, "devices", 1000);
  const rate = flag(args, "rate", 0);
  const interval = rate > 0
    ? Math.max(1, Math.round(count / rate))
    : Math.max(1, Math.round(flag(args, "interval", 1)));
  const profIndex = args.indexOf("--cpu-prof");
  const dbDirIndex = args.indexOf("--db-dir");
  const report = await runThroughput({
    devices: count,
    intervalSeconds: interval,
    tasks: args.includes("--tasks"),
    warmupSeconds: flag(args, "warmup", 5),
    measureSeconds: flag(args, "seconds", 20),
    bootRate: flag(args, "boot-rate", 500),
    timeoutSeconds: flag(args, "timeout", 300),
    ...(profIndex >= 0 && args[profIndex + 1] !== undefined
      ? { cpuProfDir: args[profIndex + 1] as string }
      : {}),
    ...(dbDirIndex >= 0 && args[dbDirIndex + 1] !== undefined
      ? { dbDir: args[dbDirIndex + 1] as string }
      : {}),
    progress: (line) => console.error(line),
  });
  console.log(JSON.stringify(report, null, 2));
  if (report.sessions === 0 || report.acsErrors.length > 0) Deno.exitCode = 1;
}
