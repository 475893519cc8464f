/**
 * The `values` section of the configuration: one backend per parameter path.
 *
 * - `{ "value": "1.2.3" }`: a static value.
 * - `{ "read": "cmd", "write": "cmd" }` (or `"command"` for `read`): shell commands; `read`
 *   prints the value, `write` gets the ACS's value in `$CWMP_VALUE`. A `write` that saved the
 *   value but needs a reboot to apply it exits with {@link REBOOT_REQUIRED_EXIT_CODE} (10), or
 *   the binding says `"rebootRequired": true` (every write needs one): the SetParameterValues
 *   then answers Status 1 (spec A.3.2.1). Any other non-zero exit refuses the value (fault 9002).
 * - `{ "counter": { "start": 0, "step": 1, "everySeconds": 1 } }`: grows with time.
 * - `{ "randomWalk": { "start": 50, "min": 0, "max": 100, "step": 5 } }`: moves by at most
 *   `step` at each read, within bounds.
 *
 * @module
 */

import {
  ConfigError,
  field,
  type Fields,
  optionalBoolean,
  optionalNumber,
  optionalString,
} from "./config_fields.ts";

/**
 * The exit code of a `write` command that saved the value but needs a reboot to apply it: the
 * SetParameterValues answers Status 1.
 *
 * @see TR-069 Issue 1, A.3.2.1 SetParameterValues (Status 1: "changes have been validated and
 * committed, but not yet applied")
 */
export const REBOOT_REQUIRED_EXIT_CODE = 10;

/** One parameter's backend. */
export type BackendSpec =
  | { kind: "static"; value: string }
  | { kind: "command"; read?: string; write?: string; rebootRequired?: boolean }
  | { kind: "counter"; start: number; step: number; everySeconds: number }
  | { kind: "randomWalk"; start: number; min: number; max: number; step: number; integer: boolean };

/**
 * Checks one entry of `values`.
 *
 * @param value The entry.
 * @param name Its dotted name, for errors.
 * @returns The backend.
 * @throws {ConfigError} The entry is none of the forms, or a field is wrong.
 *
 * @example Usage
 * ```ts
 * import { parseBackendSpec } from "./config_values.ts";
 * const spec = parseBackendSpec({ command: "cat /proc/uptime" }, "values.X");
 * if (spec.kind !== "command" || spec.read !== "cat /proc/uptime") throw new Error("x");
 * ```
 */
export function parseBackendSpec(value: unknown, name: string): BackendSpec {
  const obj = field(value, name, "object");
  const keys = ["value", "read", "command", "write", "rebootRequired", "counter", "randomWalk"]
    .filter((k) => k in obj);
  if ("value" in obj && keys.length === 1) {
    if (typeof obj.value !== "string") throw new ConfigError(`${name}.value`, "must be a string");
    return { kind: "static", value: obj.value };
  }
  if ("counter" in obj && keys.length === 1) {
    return readCounter(field(obj.counter, `${name}.counter`, "object"), `${name}.counter`);
  }
  if ("randomWalk" in obj && keys.length === 1) {
    return readWalk(field(obj.randomWalk, `${name}.randomWalk`, "object"), `${name}.randomWalk`);
  }
  const commandKeys = ["read", "command", "write", "rebootRequired"];
  if (keys.some((k) => k !== "rebootRequired") && keys.every((k) => commandKeys.includes(k))) {
    if ("read" in obj && "command" in obj) {
      throw new ConfigError(name, "has both 'read' and 'command' (they mean the same)");
    }
    const read = optionalString(obj, "read" in obj ? "read" : "command", name, "");
    const write = optionalString(obj, "write", name, "");
    const rebootRequired = optionalBoolean(obj, "rebootRequired", name, false);
    if (rebootRequired && write === "") {
      throw new ConfigError(`${name}.rebootRequired`, "needs a 'write' command");
    }
    const spec: BackendSpec = { kind: "command" };
    if (read !== "") spec.read = read;
    if (write !== "") spec.write = write;
    if (rebootRequired) spec.rebootRequired = true;
    return spec;
  }
  throw new ConfigError(
    name,
    "must have exactly one of 'value', 'read'/'write' (or 'command'), 'counter', 'randomWalk'",
  );
}

function readCounter(c: Fields, name: string): BackendSpec {
  return {
    kind: "counter",
    start: optionalNumber(c, "start", name, 0, { integer: true }),
    step: optionalNumber(c, "step", name, 1, { integer: true }),
    everySeconds: optionalNumber(c, "everySeconds", name, 1, { min: 0.001 }),
  };
}

function readWalk(w: Fields, name: string): BackendSpec {
  const min = optionalNumber(w, "min", name, 0);
  const max = optionalNumber(w, "max", name, 100);
  if (max < min) throw new ConfigError(`${name}.max`, `must be at least min (${min})`);
  const start = optionalNumber(w, "start", name, min, { min, max });
  const step = optionalNumber(w, "step", name, 1, { min: 0 });
  return {
    kind: "randomWalk",
    start,
    min,
    max,
    step,
    integer: [start, min, max, step].every(Number.isInteger),
  };
}
