/**
 * Memory per simulated device (`cwmp cpe simulate`, issue 7): for each N, a fresh child
 * process loads the simulator, measures its RSS (baseline), boots N devices against a real
 * ACS process (`serveAcs` in a child process, first-contact CPE authentication, a `file:` database in a
 * temporary directory, no API) with the shared Connection Request listener on, waits until every
 * device has finished its boot session, lets it settle, and reports
 * (RSS after - baseline) / N, with the V8 heap's share of it.
 *
 * Usage: `deno run -A bench/simulate_footprint.ts [N...] [--model igd|device2] [--rate R]`
 * (default N: 1000 10000; devices boot at R per second, default 200).
 *
 * @module
 */

import { serveAcs } from "../acs/serve.ts";
import { startSimulation } from "../cpe/simulate/simulator.ts";

interface ChildResult {
  count: number;
  /** Devices whose boot session succeeded when memory was measured. */
  online: number;
  model: string;
  baselineMiB: number;
  afterMiB: number;
  rssPerDeviceKiB: number;
  heapPerDeviceKiB: number;
  bootSeconds: number;
  sessions: number;
  faults: number;
  retries: number;
  p50: number;
  p99: number;
}

const ROOT = new URL("../", import.meta.url).pathname;

function rssBytes(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function child(
  count: number,
  model: "igd" | "device2",
  options: { acsUrl: string; rate: number },
): Promise<void> {
  const { acsUrl, rate } = options;
  await settle();
  const baseline = rssBytes();
  const heapBase = Deno.memoryUsage().heapUsed;
  const started = Date.now();
  const simulation = await startSimulation({
    acsUrl,
    count,
    model: { builtin: model },
    // Boots at a rate both processes keep up with on 2 cores, so sessions do not pile up.
    rampUpSeconds: count / rate,
    // No periodic Inform while measuring.
    intervalSeconds: 86_400,
    listen: { hostname: "127.0.0.1", port: 0 },
    log: (line) => console.error(line),
  });
  const deadline = Date.now() + 480_000;
  let lastReport = Date.now();
  while (simulation.stats.snapshot().online < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      const s = simulation.stats.snapshot();
      console.error(`${count}: online ${s.online}, faults ${s.faults}, retries ${s.retries}`);
    }
  }
  const bootSeconds = (Date.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await settle();
  const after = rssBytes();
  const heap = Deno.memoryUsage().heapUsed;
  const snapshot = simulation.stats.snapshot();
  simulation.stop();
  await simulation.finished;
  const result: ChildResult = {
    count,
    online: snapshot.online,
    model,
    baselineMiB: Math.round(baseline / 1024 / 1024 * 10) / 10,
    afterMiB: Math.round(after / 1024 / 1024 * 10) / 10,
    rssPerDeviceKiB: Math.round((after - baseline) / snapshot.devices / 1024 * 10) / 10,
    heapPerDeviceKiB: Math.round((heap - heapBase) / snapshot.devices / 1024 * 10) / 10,
    bootSeconds: Math.round(bootSeconds * 10) / 10,
    sessions: snapshot.sessions,
    faults: snapshot.faults,
    retries: snapshot.retries,
    p50: snapshot.latencyMs.p50,
    p99: snapshot.latencyMs.p99,
  };
  console.log(JSON.stringify(result));
}

// The ACS child: `serveAcs` (first-contact CPE authentication, no API) until stdin closes.
async function acsChild(dbUrl: string): Promise<void> {
  const server = await serveAcs({ hostname: "127.0.0.1", port: 0, dbUrl });
  console.log(`listening ${server.port}`);
  await Deno.stdin.readable.pipeTo(new WritableStream());
  await server.shutdown();
}

async function startAcs(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const process = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "bench/simulate_footprint.ts", "--acs", `file:${dir}/acs.db`],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = process.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  let port: number | undefined;
  while (port === undefined) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`the ACS exited: ${text}`);
    text += chunk.value;
    const match = /listening (\d+)/.exec(text);
    if (match !== null) port = Number(match[1]);
  }
  reader.releaseLock();
  return {
    url: `http://127.0.0.1:${port}/acs`,
    stop: async () => {
      await process.stdin.close();
      await process.status;
      await process.stdout.cancel().catch(() => {});
    },
  };
}

async function parent(
  counts: number[],
  options: { model: string; rate: number },
): Promise<void> {
  const { model, rate } = options;
  console.log(
    `| devices (booted) | model | baseline RSS | RSS booted | RSS per device | V8 heap per device | boot | sessions | faults | retries | p50 | p99 |`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const count of counts) {
    const dir = await Deno.makeTempDir({ prefix: "cwmp-sim-bench-" });
    const acs = await startAcs(dir);
    try {
      const output = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--v8-flags=--expose-gc",
          "bench/simulate_footprint.ts",
          "--child",
          String(count),
          model,
          acs.url,
          String(rate),
        ],
        cwd: ROOT,
        env: { NO_COLOR: "1" },
        stderr: "inherit",
      }).output();
      const line = new TextDecoder().decode(output.stdout).trim().split("\n").at(-1) ?? "";
      if (!output.success) throw new Error(`the child failed: ${line}`);
      const r = JSON.parse(line) as ChildResult;
      console.log(
        `| ${r.count} (${r.online}) | ${r.model} | ${r.baselineMiB} MiB | ${r.afterMiB} MiB | ` +
          `${r.rssPerDeviceKiB} KiB | ${r.heapPerDeviceKiB} KiB | ${r.bootSeconds} s | ` +
          `${r.sessions} | ${r.faults} | ${r.retries} | ${r.p50} ms | ${r.p99} ms |`,
      );
    } finally {
      await acs.stop();
      await Deno.remove(dir, { recursive: true });
    }
  }
}

if (import.meta.main) {
  const args = [...Deno.args];
  if (args[0] === "--acs") {
    await acsChild(args[1] ?? ":memory:");
  } else if (args[0] === "--child") {
    await child(Number(args[1]), args[2] === "device2" ? "device2" : "igd", {
      acsUrl: args[3] ?? "",
      rate: Number(args[4] ?? 200),
    });
  } else {
    const flag = (name: string, fallback: string): string => {
      const at = args.indexOf(name);
      return at < 0 ? fallback : args.splice(at, 2)[1] ?? fallback;
    };
    const model = flag("--model", "igd");
    const rate = Number(flag("--rate", "200"));
    const counts = args.length === 0 ? [1000, 10000] : args.map(Number);
    await parent(counts, { model, rate });
  }
}
