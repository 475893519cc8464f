/**
 * `cwmp cpe run` as a real process: time from spawn to the first Inform reaching the ACS, and
 * the resident memory once it idles after its boot session (VmRSS from /proc, Linux only).
 * Each run starts from an empty state (a bootstrap) against the scripted test ACS.
 *
 *     deno run -A bench/cpe_agent_startup.ts [RUNS] [MODEL]
 *
 * @module
 */

import { createScriptedAcs } from "../test/fixtures/scripted_acs.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const runs = Number(Deno.args[0] ?? 5);
const model = Deno.args[1] ?? "igd";
const IDLE_MS = 3_000;

interface Sample {
  firstInformMs: number;
  idleRssKiB: number;
}

async function sample(dir: string, index: number): Promise<Sample> {
  const config = `${dir}/cpe-${index}.json`;
  await Deno.writeTextFile(
    config,
    JSON.stringify({
      identity: { oui: "00D09E", serialNumber: `BENCH${index}` },
      model,
      stateFile: `state-${index}.json`,
      connectionRequest: { listen: "127.0.0.1:0" },
      periodicInform: { enabled: false },
    }),
  );
  const acs = createScriptedAcs();
  try {
    const started = performance.now();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, "cpe", "run", "--config", config, "--acs", `${acs.url}/acs`],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      await acs.waitFor(() => acs.informs().length > 0, 30_000);
      const firstInformMs = performance.now() - started;
      await acs.waitFor(() => acs.posts.some((p) => p.status === 204), 30_000);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
      const idleRssKiB = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
      return { firstInformMs, idleRssKiB };
    } finally {
      child.kill("SIGTERM");
      await child.status;
    }
  } finally {
    await acs.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const dir = await Deno.makeTempDir({ prefix: "cwmp-cpe-bench-" });
try {
  const samples: Sample[] = [];
  // One warm-up run fills Deno's module cache, as on a device after its first start.
  await sample(dir, 0);
  for (let i = 1; i <= runs; i++) samples.push(await sample(dir, i));
  const informs = samples.map((s) => s.firstInformMs);
  const rss = samples.map((s) => s.idleRssKiB / 1024);
  console.log(`model ${model}, ${runs} runs`);
  console.log(
    `start to first Inform: median ${median(informs).toFixed(0)} ms ` +
      `(min ${Math.min(...informs).toFixed(0)}, max ${Math.max(...informs).toFixed(0)})`,
  );
  console.log(
    `idle RSS after ${IDLE_MS / 1000} s: median ${median(rss).toFixed(1)} MiB ` +
      `(min ${Math.min(...rss).toFixed(1)}, max ${Math.max(...rss).toFixed(1)})`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
