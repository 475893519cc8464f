/**
 * The provisioning engine: given the combined desired state of a session's presets, what the
 * ACS knows of the device and what it already did in this session, the one next step that
 * closes part of the difference. Pure: the caller loads the device, acts on the step, stores
 * the answer and asks again, until the step is `done` (or its bound on rounds is hit).
 *
 * Steps come in a fixed order: tags (no RPC); reads of what is unknown or stale (one batched
 * GetParameterValues); object instances added or deleted (one per step); reads of new
 * instances; one SetParameterValues of every value that differs; attributes read, then set;
 * and last a firmware Download when the software version differs. A read never repeats within
 * a session, so a parameter the device does not have cannot make the engine loop.
 *
 * @module
 */

import type { RpcMessage } from "../../protocol/rpc/codecs.ts";
import type { ParameterValueStruct, ValueType } from "../../protocol/rpc/values.ts";
import type { MergedDesired, OwnedObject } from "./merge.ts";
import type { CachedParameter, DeviceView } from "./types.ts";
import { sameValue } from "./values.ts";

/** What a session's provisioning did so far (the caller keeps one per session). */
export interface ProvisionMemory {
  /** Provisioning RPCs sent. */
  rounds: number;
  /** Names and partial paths read with GetParameterValues. */
  read: Set<string>;
  /** Names read with GetParameterAttributes. */
  attributesRead: Set<string>;
  /** Presets given up in this session (a fault, or the round bound). */
  failed: Set<string>;
  /** The instance (`Obj.N.`) created for a keyed object rule, by rule key. */
  created: Map<string, string>;
  /** Reads go one name per request (a batched one faulted). */
  unbatched: boolean;
  /** The software version was dealt with. */
  firmwareChecked: boolean;
}

/** A new, empty memory. */
export function newMemory(): ProvisionMemory {
  return {
    rounds: 0,
    read: new Set(),
    attributesRead: new Set(),
    failed: new Set(),
    created: new Map(),
    unbatched: false,
    firmwareChecked: false,
  };
}

/** The next thing to do. */
export type ProvisionStep =
  | { kind: "tags"; add: string[]; remove: string[] }
  | {
    kind: "rpc";
    request: RpcMessage;
    /** The preset behind each name (or object path) of the request. */
    owners: Map<string, string>;
    /** For an AddObject of a keyed rule: the rule it creates an instance for. */
    createsFor?: string;
  }
  | { kind: "firmware"; version: string; file: string | undefined; presetId: string }
  | { kind: "done" };

/** Options of {@link nextStep}. */
export interface NextStepOptions {
  /** Now, in ms since the epoch. */
  now: number;
  /** The data model root, e.g. `InternetGatewayDevice.`. */
  root: string;
}

/**
 * The next step of a session's provisioning.
 *
 * @param desired The combined desired state (without presets given up).
 * @param device The device as cached now.
 * @param memory What this session did so far.
 * @param options Time and data model root.
 * @returns The step; `done` once nothing differs that the engine can act on.
 *
 * @example An unknown value is read, then set
 * ```ts
 * import { mergeDesired } from "./merge.ts";
 * import { newMemory, nextStep } from "./engine.ts";
 * const desired = mergeDesired([{
 *   id: "p", description: "", enabled: true, weight: 0, precondition: {}, events: [],
 *   schedule: null, desired: { values: [{ name: "IGD.X", value: "1" }] },
 * }]);
 * const device = {
 *   id: "d", oui: "", manufacturer: "", productClass: "", serialNumber: "", tags: [],
 *   firstInform: 0, lastInform: 0, parameters: new Map(),
 * };
 * const memory = newMemory();
 * const step = nextStep(desired, device, memory, { now: 0, root: "IGD." });
 * if (step.kind !== "rpc" || step.request.method !== "GetParameterValues") throw new Error();
 * ```
 * @see TR-069 Issue 1, A.3.2 CPE Methods
 */
export function nextStep(
  desired: MergedDesired,
  device: DeviceView,
  memory: ProvisionMemory,
  options: NextStepOptions,
): ProvisionStep {
  const tags = tagStep(desired, device);
  if (tags !== null) return tags;
  const firstReads = readStep(firstReadNames(desired, device, memory, options), memory);
  if (firstReads !== null) return firstReads;
  for (const rule of desired.objects) {
    const step = objectStep(rule, device, memory);
    if (step !== null) return step;
  }
  const values = effectiveValues(desired, device, memory);
  const newReads = readStep(instanceReads(desired, device, memory), memory);
  if (newReads !== null) return newReads;
  const set = setStep(values, device);
  if (set !== null) return set;
  const attributes = attributeStep(desired, device, memory);
  if (attributes !== null) return attributes;
  const sv = desired.softwareVersion;
  if (sv !== null && !memory.firmwareChecked) {
    const current = device.parameters.get(`${options.root}DeviceInfo.SoftwareVersion`)?.value;
    if (current !== undefined && current !== null && current !== sv.version) {
      return { kind: "firmware", version: sv.version, file: sv.file, presetId: sv.presetId };
    }
  }
  return { kind: "done" };
}

function tagStep(desired: MergedDesired, device: DeviceView): ProvisionStep | null {
  const add = [...desired.tagsAdd.keys()].filter((t) => !device.tags.includes(t));
  const remove = [...desired.tagsRemove.keys()].filter((t) => device.tags.includes(t));
  return add.length === 0 && remove.length === 0 ? null : { kind: "tags", add, remove };
}

function known(p: CachedParameter | undefined): p is CachedParameter & { value: string } {
  return p !== undefined && p.value !== null;
}

function wasRead(memory: ProvisionMemory, name: string): boolean {
  if (memory.read.has(name)) return true;
  for (const path of memory.read) if (path.endsWith(".") && name.startsWith(path)) return true;
  return false;
}

// Stale refresh rules, values the engine must compare, the software version, and the
// instance lists of object rules.
function firstReadNames(
  desired: MergedDesired,
  device: DeviceView,
  memory: ProvisionMemory,
  options: NextStepOptions,
): Map<string, string> {
  const names = new Map<string, string>();
  const want = (name: string, presetId: string): void => {
    if (!wasRead(memory, name)) names.set(name, presetId);
  };
  for (const rule of desired.refresh.values()) {
    const row = device.parameters.get(rule.path);
    const oldest = options.now - rule.maxAgeSeconds * 1000;
    const at = rule.path.endsWith(".") ? row?.listedAt ?? null : known(row) ? row.fetchedAt : null;
    if (at === null || at < oldest || (rule.maxAgeSeconds === 0 && !memory.read.has(rule.path))) {
      want(rule.path, rule.presetId);
    }
  }
  for (const v of desired.values.values()) {
    if (!known(device.parameters.get(v.name))) want(v.name, v.presetId);
  }
  const sv = desired.softwareVersion;
  const svName = `${options.root}DeviceInfo.SoftwareVersion`;
  if (sv !== null && !known(device.parameters.get(svName))) want(svName, sv.presetId);
  for (const rule of desired.objects) {
    if (!isListed(device, rule.path)) want(rule.path, rule.presetId);
  }
  return names;
}

// A partial path covers the names below it: only the outermost are asked for.
function readStep(names: Map<string, string>, memory: ProvisionMemory): ProvisionStep | null {
  const all = [...names.keys()];
  const outer = all.filter((n) => !all.some((p) => p !== n && p.endsWith(".") && n.startsWith(p)));
  if (outer.length === 0) return null;
  const asked = memory.unbatched ? outer.slice(0, 1) : outer;
  const owners = new Map(asked.map((n) => [n, names.get(n) ?? ""]));
  return { kind: "rpc", request: { method: "GetParameterValues", parameterNames: asked }, owners };
}

function isListed(device: DeviceView, path: string): boolean {
  return (device.parameters.get(path)?.listedAt ?? null) !== null;
}

/** The instance numbers below a multi-instance object, ascending. */
export function instancesOf(device: DeviceView, path: string): number[] {
  const found = new Set<number>();
  for (const name of device.parameters.keys()) {
    if (!name.startsWith(path)) continue;
    const segment = name.slice(path.length).split(".")[0] ?? "";
    if (/^\d+$/.test(segment)) found.add(Number(segment));
  }
  return [...found].sort((a, b) => a - b);
}

function matchingInstance(rule: OwnedObject, device: DeviceView): string | null {
  if (!("keys" in rule)) return null;
  for (const n of instancesOf(device, rule.path)) {
    const base = `${rule.path}${n}.`;
    const matches = Object.entries(rule.keys).every(([name, value]) => {
      const row = device.parameters.get(base + name);
      return known(row) && sameValue(value, row.value, row.type);
    });
    if (matches) return base;
  }
  return null;
}

function objectStep(
  rule: OwnedObject,
  device: DeviceView,
  memory: ProvisionMemory,
): ProvisionStep | null {
  if (!isListed(device, rule.path)) return null;
  const owners = new Map([[rule.path, rule.presetId]]);
  if ("count" in rule) {
    const instances = instancesOf(device, rule.path);
    if (instances.length < rule.count) {
      return { kind: "rpc", request: addObject(rule.path), owners };
    }
    const last = instances.at(-1);
    if (instances.length > rule.count && last !== undefined) {
      const objectName = `${rule.path}${last}.`;
      return {
        kind: "rpc",
        request: { method: "DeleteObject", objectName, parameterKey: "" },
        owners: new Map([[objectName, rule.presetId]]),
      };
    }
    return null;
  }
  if (memory.created.has(rule.ruleKey) || matchingInstance(rule, device) !== null) return null;
  return { kind: "rpc", request: addObject(rule.path), owners, createsFor: rule.ruleKey };
}

function addObject(objectName: string): RpcMessage {
  return { method: "AddObject", objectName, parameterKey: "" };
}

type Wanted = { value: string; type?: ValueType | undefined; presetId: string };

// The values of the combined state plus those of keyed instances (keys and values).
function effectiveValues(
  desired: MergedDesired,
  device: DeviceView,
  memory: ProvisionMemory,
): Map<string, Wanted> {
  const out = new Map<string, Wanted>(desired.values);
  for (const rule of desired.objects) {
    if (!("keys" in rule)) continue;
    const base = memory.created.get(rule.ruleKey) ?? matchingInstance(rule, device);
    if (base === null) continue;
    for (const [name, value] of Object.entries({ ...rule.keys, ...rule.values })) {
      if (!out.has(base + name)) out.set(base + name, { value, presetId: rule.presetId });
    }
  }
  return out;
}

// Instances created in this session: read once, so their parameters' types are known.
function instanceReads(
  desired: MergedDesired,
  device: DeviceView,
  memory: ProvisionMemory,
): Map<string, string> {
  const names = new Map<string, string>();
  for (const rule of desired.objects) {
    const base = memory.created.get(rule.ruleKey);
    // An earlier read of the table predates the instance: only its own read counts.
    if (base === undefined || memory.read.has(base)) continue;
    const keys = "keys" in rule ? Object.keys({ ...rule.keys, ...rule.values }) : [];
    if (keys.some((k) => !known(device.parameters.get(base + k)))) names.set(base, rule.presetId);
  }
  return names;
}

function setStep(values: Map<string, Wanted>, device: DeviceView): ProvisionStep | null {
  const list: ParameterValueStruct[] = [];
  const owners = new Map<string, string>();
  for (const [name, wanted] of values) {
    const row = device.parameters.get(name);
    // Unknown after its read: the device lacks it (its read faulted and was recorded).
    if (!known(row)) continue;
    const type = wanted.type ?? row.type ?? "string";
    if (sameValue(wanted.value, row.value, row.type ?? type)) continue;
    list.push({ name, type, value: wanted.value });
    owners.set(name, wanted.presetId);
  }
  if (list.length === 0) return null;
  return {
    kind: "rpc",
    request: { method: "SetParameterValues", parameterList: list, parameterKey: "" },
    owners,
  };
}

function attributeStep(
  desired: MergedDesired,
  device: DeviceView,
  memory: ProvisionMemory,
): ProvisionStep | null {
  const unknown = [...desired.attributes.values()].filter((a) =>
    (device.parameters.get(a.name)?.notification ?? null) === null &&
    !memory.attributesRead.has(a.name)
  );
  if (unknown.length > 0) {
    return {
      kind: "rpc",
      request: { method: "GetParameterAttributes", parameterNames: unknown.map((a) => a.name) },
      owners: new Map(unknown.map((a) => [a.name, a.presetId])),
    };
  }
  const differ = [...desired.attributes.values()].filter((a) => {
    const current = device.parameters.get(a.name)?.notification ?? null;
    return current !== null && current !== a.notification;
  });
  if (differ.length === 0) return null;
  return {
    kind: "rpc",
    request: {
      method: "SetParameterAttributes",
      parameterList: differ.map((a) => ({
        name: a.name,
        notificationChange: true,
        notification: a.notification,
        accessListChange: false,
        accessList: [],
      })),
    },
    owners: new Map(differ.map((a) => [a.name, a.presetId])),
  };
}
