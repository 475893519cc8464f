/**
 * The ACS subprocess of the load harness: started per configuration, measured through
 * /proc/PID (CPU time and resident memory of the whole process, every thread included).
 *
 * @module
 */

/** A started ACS process. */
export interface ServerProcess {
  port: number;
  /** utime + stime so far, in ms. */
  cpuMs(): Promise<number>;
  /** Resident set size now, in MiB. */
  rssMiB(): Promise<number>;
  stop(): Promise<void>;
}

/** Where the server runs. */
export interface StartOptions {
  dbUrl: string;
  /** Another checkout, for the `baseline` configuration. */
  baseline: string | undefined;
  /** Write a V8 CPU profile of the server into this directory (`--cpu-prof`). */
  profileDir?: string | undefined;
}

const ROOT = new URL("../", import.meta.url).pathname;

async function clockTicks(): Promise<number> {
  const { stdout } = await new Deno.Command("getconf", { args: ["CLK_TCK"], stdout: "piped" })
    .output();
  return Number(new TextDecoder().decode(stdout).trim()) || 100;
}

function command(config: string, options: StartOptions): { args: string[]; cwd: string } {
  if (config === "main" || config === "main-normal" || config === "baseline") {
    const cwd = config === "baseline" ? options.baseline : ROOT;
    if (cwd === undefined) throw new Error("the baseline configuration needs --baseline DIR");
    return {
      // CPE authentication is measured apart: these sessions compare the session hot path.
      args: [
        "run",
        "-A",
        "main.ts",
        "acs",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--db",
        options.dbUrl,
        // Every checkout since the NBI landed knows these two; the harness answers no RPC, so
        // the bootstrap policy (which would send some) stays off where it exists.
        "--cpe-auth",
        "open",
        "--api-listen",
        "127.0.0.1:0",
        ...(config === "baseline" ? [] : ["--no-bootstrap-policy"]),
        ...(config === "main-normal" ? ["--db-sync", "normal"] : []),
      ],
      cwd,
    };
  }
  const match = /^(deno|node)\/(sync|client)(\+group)?$/.exec(config);
  if (match === null) throw new Error(`unknown configuration ${config}`);
  return {
    args: [
      "run",
      "-A",
      "bench/acs_server.ts",
      "--db",
      options.dbUrl,
      "--adapter",
      match[1] ?? "deno",
      "--executor",
      match[2] ?? "sync",
      "--group-commit",
      match[3] === undefined ? "off" : "on",
    ],
    cwd: ROOT,
  };
}

// The bench server prints `listening PORT` on stdout, `cwmp acs serve` a URL on stderr.
async function readPort(stream: ReadableStream<Uint8Array>): Promise<number> {
  const decoder = new TextDecoder();
  let text = "";
  const reader = stream.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
      const match = /listening (?:on http:\/\/127\.0\.0\.1:)?(\d+)/.exec(text);
      if (match !== null) return Number(match[1]);
    }
  } finally {
    reader.releaseLock();
  }
  throw new Error(`The server exited before listening: ${text}`);
}

/**
 * Starts the ACS of one configuration and waits until it listens.
 *
 * @param config e.g. `deno/sync+group`, `node/client`, `main`, `baseline`.
 * @param options Database and baseline checkout.
 * @returns The running process.
 */
export async function startServer(config: string, options: StartOptions): Promise<ServerProcess> {
  const { args, cwd } = command(config, options);
  if (options.profileDir !== undefined) {
    args.splice(1, 0, "--cpu-prof", `--cpu-prof-dir=${options.profileDir}`);
  }
  const bench = !(config === "main" || config === "main-normal" || config === "baseline");
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: bench ? "piped" : "null",
    stderr: bench ? "inherit" : "piped",
  }).spawn();
  const output = bench ? child.stdout : child.stderr;
  const port = await readPort(output);
  // Keep draining the output so the child never blocks on a full pipe.
  output.pipeTo(new WritableStream()).catch(() => {});
  const ticks = await clockTicks();
  return {
    port,
    async cpuMs(): Promise<number> {
      const stat = await Deno.readTextFile(`/proc/${child.pid}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(fields[11]) + Number(fields[12])) / ticks) * 1000;
    },
    async rssMiB(): Promise<number> {
      const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    async stop(): Promise<void> {
      if (bench) await child.stdin.close();
      else {
        await child.stdin.close();
        child.kill("SIGTERM");
      }
      await child.status;
    },
  };
}
