/**
 * Value backends of the configuration's `values` section, as one backend the model store reads
 * live values from and writes the ACS's values to: static values, shell commands (e.g. the
 * uptime or the WAN address) and generated values for simulation (counters, random walks). A
 * write command that exits with 10 (or whose binding has `rebootRequired`) saved a value that
 * applies after a reboot: SetParameterValues then answers Status 1.
 *
 * @module
 */

import { type BackendSpec, REBOOT_REQUIRED_EXIT_CODE } from "../config_values.ts";
import { describeFailure, type ShellRunner } from "./shell.ts";

/** Where the model store's live values come from, by parameter path. */
export interface AgentBackend {
  /** The paths with a backend. */
  readonly paths: readonly string[];
  /**
   * The current value of `path`, or undefined when it has no backend that reads.
   *
   * @throws {Error} The read command failed.
   */
  read(path: string): Promise<string | undefined>;
  /**
   * Applies a value the ACS set; does nothing for a path without a writing backend.
   *
   * @returns Whether the value takes effect only after a reboot (SetParameterValues Status 1).
   * @throws {Error} The write command failed.
   */
  write(path: string, value: string): Promise<WriteOutcome>;
}

/** What a write did. */
export interface WriteOutcome {
  /** Saved, but applied only after a reboot. */
  rebootRequired: boolean;
}

const APPLIED: WriteOutcome = Object.freeze({ rebootRequired: false });

/** Options of {@link createAgentBackend}. */
export interface AgentBackendDeps {
  run: ShellRunner;
  now: () => number;
  /** Uniform in [0, 1), for random walks. */
  random: () => number;
}

/**
 * Builds the backend of a `values` section.
 *
 * @param specs Backend by parameter path.
 * @param deps Shell runner, clock and randomness.
 * @returns The backend.
 *
 * @example A counter and a static value
 * ```ts
 * import { createAgentBackend } from "./mod.ts";
 * let now = 0;
 * const backend = createAgentBackend({
 *   "Device.X.Bytes": { kind: "counter", start: 10, step: 5, everySeconds: 1 },
 *   "Device.X.Name": { kind: "static", value: "gw" },
 * }, { run: () => Promise.reject(new Error("no shell")), now: () => now, random: Math.random });
 * now = 3_500;
 * if (await backend.read("Device.X.Bytes") !== "25") throw new Error("unexpected");
 * if (await backend.read("Device.X.Name") !== "gw") throw new Error("unexpected");
 * ```
 */
export function createAgentBackend(
  specs: Readonly<Record<string, BackendSpec>>,
  deps: AgentBackendDeps,
): AgentBackend {
  const entries = new Map<string, ParameterBackend>();
  const started = deps.now();
  for (const [path, spec] of Object.entries(specs)) {
    entries.set(path, createOne(path, spec, deps, started));
  }
  return {
    paths: [...entries.keys()],
    read: (path) => entries.get(path)?.read() ?? Promise.resolve(undefined),
    write: (path, value) => entries.get(path)?.write(value) ?? Promise.resolve(APPLIED),
  };
}

interface ParameterBackend {
  read(): Promise<string | undefined>;
  write(value: string): Promise<WriteOutcome>;
}

function createOne(
  path: string,
  spec: BackendSpec,
  deps: AgentBackendDeps,
  started: number,
): ParameterBackend {
  switch (spec.kind) {
    case "static": {
      // The ACS may overwrite a static value; it then reads back what the ACS set.
      let value = spec.value;
      return {
        read: () => Promise.resolve(value),
        write: (next) => {
          value = next;
          return Promise.resolve(APPLIED);
        },
      };
    }
    case "counter":
      return {
        read: () => {
          const ticks = Math.floor((deps.now() - started) / (spec.everySeconds * 1000));
          return Promise.resolve(String(spec.start + spec.step * Math.max(0, ticks)));
        },
        write: () => Promise.resolve(APPLIED),
      };
    case "randomWalk": {
      let value = spec.start;
      return {
        read: () => {
          const moved = value + (deps.random() * 2 - 1) * spec.step;
          value = Math.min(spec.max, Math.max(spec.min, spec.integer ? Math.round(moved) : moved));
          return Promise.resolve(String(value));
        },
        write: () => Promise.resolve(APPLIED),
      };
    }
    case "command":
      return commandBackend(path, spec, deps.run);
  }
}

function commandBackend(
  path: string,
  spec: { read?: string; write?: string; rebootRequired?: boolean },
  run: ShellRunner,
): ParameterBackend {
  return {
    async read(): Promise<string | undefined> {
      if (spec.read === undefined) return undefined;
      const result = await run(spec.read, { env: { CWMP_PARAMETER: path } });
      if (result.code !== 0) throw new Error(describeFailure(`read command of ${path}`, result));
      return result.stdout.replace(/\r?\n$/, "");
    },
    async write(value: string): Promise<WriteOutcome> {
      if (spec.write === undefined) return APPLIED;
      const result = await run(spec.write, { env: { CWMP_PARAMETER: path, CWMP_VALUE: value } });
      if (result.code === REBOOT_REQUIRED_EXIT_CODE) return { rebootRequired: true };
      if (result.code !== 0) throw new Error(describeFailure(`write command of ${path}`, result));
      return { rebootRequired: spec.rebootRequired === true };
    },
  };
}
