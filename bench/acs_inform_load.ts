/**
 * Load harness of the ACS session hot path (design.md section 8). Starts the ACS as a
 * subprocess on a fresh `file:` database for each configuration, drives Inform-only sessions
 * over loopback with fetch (Inform of ~3.4 KB with 10 parameters -> InformResponse with a
 * cookie, empty POST -> 204), K in flight, and reports sessions/s, the server's CPU per
 * session (utime + stime from /proc/PID/stat), p50/p99 session latency and the server's RSS.
 * Configurations run interleaved, `--rounds` times; the table shows medians.
 *
 *     deno run -A bench/acs_inform_load.ts [--sessions 20000] [--concurrency 100]
 *       [--devices 1000] [--seed-devices 0] [--rounds 3] [--configs a,b,...]
 *       [--baseline DIR] [--profile DIR]
 *
 * Configurations: `deno/sync+group` (what `cwmp acs serve` runs), `deno/sync`,
 * `deno/client+group`, `deno/client`, `node/sync+group`, `node/client`, `main` (this
 * checkout's `main.ts acs serve`), `main-normal` (the same with `--db-sync normal`) and `baseline` (`DIR/main.ts acs serve` of another
 * checkout, e.g. an older commit extracted with `git archive`). `--seed-devices M` first
 * stores M devices with 10 parameters each, directly in SQL, to measure how the session cost
 * scales with the size of the store. `--profile DIR` writes a V8 CPU profile of each server.
 *
 * @module
 */

import Database from "libsql";
import { createDb } from "../acs/db/client.ts";
import { migrateDb } from "../acs/db/migrate.ts";
import { deviceIdOf } from "../acs/device_id.ts";
import { encodeEnvelope } from "../protocol/soap/envelope.ts";
import { inform, parameters } from "./_messages.ts";
import { type ServerProcess, startServer } from "./acs_load_process.ts";

interface Options {
  sessions: number;
  concurrency: number;
  devices: number;
  seedDevices: number;
  rounds: number;
  configs: string[];
  baseline: string | undefined;
  profileDir: string | undefined;
}

interface RunResult {
  config: string;
  sessionsPerSecond: number;
  cpuMsPerSession: number;
  p50Ms: number;
  p99Ms: number;
  rssMiB: number;
  failures: number;
}

const DEFAULT_CONFIGS = ["deno/sync+group", "deno/client", "node/sync+group"];
const POOL = 5000;

function parseOptions(args: readonly string[]): Options {
  const value = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] ?? fallback : fallback;
  };
  const baseline = args.includes("--baseline") ? value("baseline", "") : undefined;
  const configs = value("configs", DEFAULT_CONFIGS.join(",")).split(",");
  if (baseline !== undefined && !configs.includes("baseline")) configs.unshift("baseline");
  return {
    sessions: Number(value("sessions", "20000")),
    concurrency: Number(value("concurrency", "100")),
    devices: Number(value("devices", "1000")),
    seedDevices: Number(value("seed-devices", "0")),
    rounds: Number(value("rounds", "3")),
    configs,
    baseline,
    profileDir: args.includes("--profile") ? value("profile", "") : undefined,
  };
}

function serialOf(n: number): string {
  return `SN${String(n).padStart(8, "0")}`;
}

/** Inform bodies for a pool of devices spread over `devices`. */
function informBodies(devices: number): string[] {
  const count = Math.min(devices, POOL);
  const base = inform(10);
  return Array.from({ length: count }, (_, i) => {
    const serial = serialOf(Math.floor((i * devices) / count));
    const message = { ...base, deviceId: { ...base.deviceId, serialNumber: serial } };
    return encodeEnvelope(message, { version: "1.0", headers: { id: String(i) } });
  });
}

async function seed(path: string, count: number): Promise<void> {
  const db = await createDb(`file:${path}`);
  await migrateDb(db);
  db.$client.close();
  const raw = new Database(path);
  const base = inform(10);
  const device = raw.prepare(`INSERT INTO devices (id, manufacturer, oui, product_class,
    serial_number, cwmp_version, first_inform, last_inform) VALUES (?, ?, ?, ?, ?, '1.0', ?, ?)`);
  const parameter = raw.prepare(`INSERT INTO parameters (device_id, path, value, type,
    fetched_at) VALUES (?, ?, ?, ?, ?)`);
  const values = parameters(10);
  const now = Date.now();
  raw.exec("BEGIN");
  for (let n = 0; n < count; n++) {
    const struct = { ...base.deviceId, serialNumber: serialOf(n) };
    const id = deviceIdOf(struct);
    device.run(
      id,
      struct.manufacturer,
      struct.oui,
      struct.productClass,
      struct.serialNumber,
      now,
      now,
    );
    for (const p of values) parameter.run(id, p.name, p.value, p.type, now);
  }
  raw.exec("COMMIT");
  raw.close();
}

async function session(url: string, body: string): Promise<boolean> {
  const informed = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": 'text/xml; charset="utf-8"' },
  });
  const text = await informed.text();
  const cookie = informed.headers.get("set-cookie")?.split(";")[0];
  if (informed.status !== 200 || !text.includes("InformResponse") || cookie === undefined) {
    return false;
  }
  const end = await fetch(url, { method: "POST", headers: { cookie } });
  await end.body?.cancel();
  return end.status === 204;
}

async function drive(
  url: string,
  bodies: readonly string[],
  count: number,
  concurrency: number,
): Promise<{ latencies: number[]; failures: number; seconds: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      const ok = await session(url, bodies[(i * 7919) % bodies.length] ?? "").catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) failures++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, failures, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function runOnce(config: string, options: Options, bodies: string[]): Promise<RunResult> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-load-" });
  let server: ServerProcess | undefined;
  try {
    const path = `${dir}/acs.db`;
    if (options.seedDevices > 0) await seed(path, options.seedDevices);
    server = await startServer(config, {
      dbUrl: `file:${path}`,
      baseline: options.baseline,
      profileDir: options.profileDir,
    });
    const url = `http://127.0.0.1:${server.port}/acs`;
    await drive(url, bodies, Math.min(2000, options.sessions), options.concurrency);
    const before = await server.cpuMs();
    const run = await drive(url, bodies, options.sessions, options.concurrency);
    const cpu = (await server.cpuMs()) - before;
    const sorted = run.latencies.sort((a, b) => a - b);
    return {
      config,
      sessionsPerSecond: options.sessions / run.seconds,
      cpuMsPerSession: cpu / options.sessions,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      rssMiB: await server.rssMiB(),
      failures: run.failures,
    };
  } finally {
    await server?.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const options = parseOptions(Deno.args);
  const bodies = informBodies(options.seedDevices > 0 ? options.seedDevices : options.devices);
  const results = new Map<string, RunResult[]>();
  for (let round = 0; round < options.rounds; round++) {
    for (const config of options.configs) {
      const result = await runOnce(config, options, bodies);
      console.error(
        `round ${round + 1} ${config}: ${result.sessionsPerSecond.toFixed(0)}/s, ` +
          `${result.cpuMsPerSession.toFixed(3)} ms CPU, ${result.failures} failed`,
      );
      results.set(config, [...(results.get(config) ?? []), result]);
    }
  }
  console.log(
    `\n${options.sessions} sessions, ${options.concurrency} in flight, ` +
      `${options.seedDevices > 0 ? `${options.seedDevices} seeded` : options.devices} devices, ` +
      `medians of ${options.rounds} rounds\n`,
  );
  console.log("| server | sessions/s | ACS CPU per session | p50 | p99 | ACS RSS | failed |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const [config, runs] of results) {
    const m = (pick: (r: RunResult) => number): number => median(runs.map(pick));
    console.log(
      `| ${config} | ${m((r) => r.sessionsPerSecond).toFixed(0)} | ` +
        `${m((r) => r.cpuMsPerSession).toFixed(3)} ms | ${m((r) => r.p50Ms).toFixed(1)} ms | ` +
        `${m((r) => r.p99Ms).toFixed(1)} ms | ${m((r) => r.rssMiB).toFixed(0)} MiB | ` +
        `${runs.reduce((n, r) => n + r.failures, 0)} |`,
    );
  }
}

if (import.meta.main) await main();
