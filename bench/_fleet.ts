/**
 * Shared pieces of the inform-storm and soak harnesses (and their CI tests): `cwmp acs serve`
 * as a subprocess on fixed loopback ports (so a restarted ACS is found at the same URL),
 * measured through /proc/PID, an API token, tasks queued through the northbound API, and the
 * counts read back from the ACS's database.
 *
 * @module
 */

import { and, eq, inArray, like, sql } from "drizzle-orm";
import { type AcsDb, createDb } from "../acs/db/client.ts";
import { devices } from "../acs/db/schema/devices.ts";
import { faults } from "../acs/db/schema/faults.ts";
import { sessions } from "../acs/db/schema/sessions.ts";
import { tasks } from "../acs/db/schema/tasks.ts";

const ROOT = new URL("../", import.meta.url).pathname;
// Kept stderr is bounded: a long soak must not grow the harness with the ACS's log.
const MAX_KEPT_LINES = 200;

/** Options of {@link startAcs}. */
export interface AcsProcessOptions {
  dbUrl: string;
  port: number;
  apiPort: number;
  maxSessions?: number;
  retryAfterSeconds?: number;
  /** Extra flags of `deno run`, before `main.ts` (e.g. `--cpu-prof`). */
  denoArgs?: readonly string[];
  /**
   * Keep the ACS's bootstrap policy on (default off: it would set every simulated device's
   * PeriodicInformInterval to its own, and the harnesses pace the fleet themselves).
   */
  bootstrapPolicy?: boolean;
}

/** A running `cwmp acs serve`. */
export interface AcsProcess {
  readonly pid: number;
  /** utime + stime so far, in ms. */
  cpuMs(): Promise<number>;
  /** Resident set size now, in MiB (0 once gone). */
  rssMiB(): Promise<number>;
  /** The exit status once it exited. */
  readonly status: Promise<Deno.CommandStatus>;
  /** SIGKILL, then wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

/** What the ACS wrote on stderr over all its runs. */
export interface AcsLog {
  /** Lines that report an error or a crash (bounded). */
  errors: string[];
  /** Warning lines (bounded). */
  warnings: string[];
  lines: number;
}

/** A new, empty {@link AcsLog}. */
export function newAcsLog(): AcsLog {
  return { errors: [], warnings: [], lines: 0 };
}

/** A TCP port free now on 127.0.0.1. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function clockTicks(): Promise<number> {
  const out = await new Deno.Command("getconf", { args: ["CLK_TCK"], stdout: "piped" }).output();
  return Number(new TextDecoder().decode(out.stdout).trim()) || 100;
}

function classify(line: string, log: AcsLog): void {
  log.lines++;
  const bucket = /\berror\b|uncaught|unhandled|panic/i.test(line)
    ? log.errors
    : /warn/i.test(line)
    ? log.warnings
    : undefined;
  if (bucket !== undefined && bucket.length < MAX_KEPT_LINES) bucket.push(line);
}

// Resolves once the API line is out (both listeners up); keeps classifying lines after that.
function watchStderr(stream: ReadableStream<Uint8Array>, log: AcsLog): Promise<void> {
  const { promise, resolve, reject } = Promise.withResolvers<void>();
  (async (): Promise<void> => {
    let rest = "";
    let ready = false;
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      rest += chunk;
      const lines = rest.split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        if (/^cwmp acs: (listening on|API on|warning: the API)/.test(line)) {
          if (line.includes("API on")) ready = true;
          continue;
        }
        classify(line, log);
      }
      if (ready) resolve();
    }
    if (rest !== "") classify(rest, log);
    reject(new Error(`the ACS exited before listening: ${log.errors.join(" | ")}`));
  })().catch(reject);
  return promise;
}

/**
 * Starts `deno run -A main.ts acs serve` on the given ports, CPE authentication open, and
 * waits until both listeners are up.
 *
 * @param options Database, ports, load shedding.
 * @param log Where its stderr lines are classified.
 * @returns The process.
 */
export async function startAcs(options: AcsProcessOptions, log: AcsLog): Promise<AcsProcess> {
  const args = [
    "run",
    "-A",
    ...(options.denoArgs ?? []),
    "main.ts",
    "acs",
    "serve",
    "--listen",
    `127.0.0.1:${options.port}`,
    "--api-listen",
    `127.0.0.1:${options.apiPort}`,
    "--db",
    options.dbUrl,
    "--cpe-auth",
    "open",
    ...(options.maxSessions === undefined ? [] : ["--max-sessions", String(options.maxSessions)]),
    ...(options.retryAfterSeconds === undefined
      ? []
      : ["--retry-after", String(options.retryAfterSeconds)]),
    ...(options.bootstrapPolicy === true ? [] : ["--no-bootstrap-policy"]),
  ];
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const status = child.status;
  try {
    await watchStderr(child.stderr, log);
  } catch (error) {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await status;
    throw error;
  }
  const ticks = await clockTicks();
  const signal = async (name: Deno.Signal): Promise<void> => {
    try {
      child.kill(name);
    } catch { /* already gone */ }
    await status;
  };
  return {
    pid: child.pid,
    status,
    async cpuMs(): Promise<number> {
      const stat = await Deno.readTextFile(`/proc/${child.pid}/stat`).catch(() => "");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / ticks) * 1000;
    },
    async rssMiB(): Promise<number> {
      const text = await Deno.readTextFile(`/proc/${child.pid}/status`).catch(() => "");
      return Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? 0) / 1024;
    },
    kill9: () => signal("SIGKILL"),
    stop: () => signal("SIGTERM"),
  };
}

/**
 * Creates an API token with `cwmp acs token create --db` (which migrates the database).
 *
 * @param dbUrl The ACS's database.
 * @returns The token.
 */
export async function createToken(dbUrl: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "acs", "token", "create", "--db", dbUrl, "--name", "load"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const token = /cwmp_[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  if (!out.success || token === undefined) {
    throw new Error(`acs token create failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return token;
}

/**
 * Queues a GetParameterValues for a device through the NBI, without a Connection Request.
 *
 * @param api The API's base URL.
 * @param ids Token and device id.
 * @returns The task id the ACS acknowledged, or undefined when it did not (down, refused).
 */
export async function postTask(
  api: string,
  ids: { token: string; deviceId: string },
): Promise<number | undefined> {
  try {
    const response = await fetch(`${api}/api/devices/${encodeURIComponent(ids.deviceId)}/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${ids.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        request: {
          method: "GetParameterValues",
          parameterNames: ["InternetGatewayDevice.DeviceInfo.UpTime"],
        },
        connectionRequest: false,
        timeout: 0,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.json().catch(() => undefined);
    if (response.status !== 202 && response.status !== 200) return undefined;
    const id = (body as { task?: { id?: unknown } } | undefined)?.task?.id;
    return typeof id === "number" ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Opens a second connection to the ACS's database, for reading counts. */
export function openDb(dbUrl: string): Promise<AcsDb> {
  return createDb(dbUrl);
}

/** The ids of the devices whose serial number starts with `prefix`. */
export async function deviceIds(db: AcsDb, prefix: string): Promise<string[]> {
  const rows = await db.select({ id: devices.id }).from(devices)
    .where(like(devices.serialNumber, `${prefix}%`));
  return rows.map((row) => row.id);
}

/** How many devices of `prefix` completed at least one session since `since`. */
export async function devicesCompleted(
  db: AcsDb,
  options: { prefix: string; since: Date },
): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(distinct ${sessions.deviceId})` })
    .from(sessions).innerJoin(devices, eq(devices.id, sessions.deviceId))
    .where(and(
      eq(sessions.end, "completed"),
      like(devices.serialNumber, `${options.prefix}%`),
      sql`${sessions.startedAt} >= ${options.since.getTime()}`,
    ));
  return Number(row?.n ?? 0);
}

/** Task counts by state, of the given ids (in chunks) or of every task. */
export async function taskStates(
  db: AcsDb,
  ids?: readonly number[],
): Promise<{ rows: number; states: Record<string, number>; faultedWithoutReason: number }> {
  const states: Record<string, number> = {};
  let rows = 0;
  let faultedWithoutReason = 0;
  const chunks = ids === undefined ? [undefined] : chunked(ids, 500);
  for (const chunk of chunks) {
    const found = await db.select({
      state: tasks.state,
      faults: sql<number>`(select count(*) from ${faults} where ${faults.taskId} = ${tasks.id})`,
    }).from(tasks)
      .where(chunk === undefined ? undefined : inArray(tasks.id, chunk));
    for (const row of found) {
      rows++;
      states[row.state] = (states[row.state] ?? 0) + 1;
      if (row.state === "faulted" && Number(row.faults) === 0) faultedWithoutReason++;
    }
  }
  return { rows, states, faultedWithoutReason };
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Resolves when `check` holds, polling, or rejects after `ms`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  options: { ms: number; everyMs?: number; what: string },
): Promise<void> {
  const deadline = Date.now() + options.ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${options.ms} ms: ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 200));
  }
}

/** The number after `--name` on a harness's command line (`fallback` without it); never negative. */
export function flag(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
}
