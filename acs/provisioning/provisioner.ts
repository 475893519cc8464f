/**
 * Provisioning in a session: once the device's queued tasks are done, choose the presets
 * the session triggers, then ask the engine for one step at a time, act on it (tags, a
 * firmware Download task, or one RPC) and store the answer, until the engine is done. A bound
 * on RPCs per session ends a preset set that does not converge, with a fault per preset. A
 * preset that faulted on a device waits before it is tried there again (the task retry
 * back-off, counted over its faults; clearing the faults retries at once).
 *
 * @module
 */

import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import type { SoapFault } from "../../protocol/soap/fault.ts";
import type { AcsLog } from "../cwmp/context.ts";
import type { AcsDb } from "../db/client.ts";
import type { AcsStore } from "../store/types.ts";
import { effectsOf } from "../tasks/results.ts";
import type { RetryPolicy } from "../tasks/retry.ts";
import { type BootstrapPolicy, bootstrapPreset } from "./bootstrap_policy.ts";
import { newMemory, nextStep, type ProvisionMemory, type ProvisionStep } from "./engine.ts";
import { queueFirmware } from "./firmware.ts";
import { candidatePresets, type MergedDesired, mergeDesired, withoutPresets } from "./merge.ts";
import { matchesPrecondition, preconditionPaths } from "./precondition.ts";
import { loadDeviceView, loadPresets, presetFaults, saveTags } from "./store.ts";
import type { Preset } from "./types.ts";

/** An RPC step the session sends. */
export type RpcStep = Extract<ProvisionStep, { kind: "rpc" }>;

/** A session's provisioning state (kept on the live session). */
export interface SessionProvisioning {
  /** The event codes of the session's Inform. */
  readonly events: readonly string[];
  /** The data model root of its Inform, e.g. `InternetGatewayDevice.`. */
  readonly root: string;
  /** The ACS had not seen the device before this session. */
  readonly firstContact: boolean;
  readonly memory: ProvisionMemory;
  /** The combined desired state; null until presets were chosen. */
  desired: MergedDesired | null;
  /** Names and partial paths the engine reads. */
  prefixes: string[];
  /** Nothing (more) to do in this session. */
  done: boolean;
}

/** A new session's state. */
export function newSessionProvisioning(
  events: readonly string[],
  root: string,
  firstContact: boolean,
): SessionProvisioning {
  return {
    events,
    root,
    firstContact,
    memory: newMemory(),
    desired: null,
    prefixes: [],
    done: false,
  };
}

/** What {@link Provisioner.next} found. */
export type ProvisionNext =
  | { kind: "request"; step: RpcStep }
  /** A task was queued (a firmware Download): the session looks at its tasks again. */
  | { kind: "queued" }
  | null;

/** A session as provisioning sees it. */
export interface ProvisionTarget {
  readonly deviceId: string;
  /** The origin the CPE reached the ACS at, for the URLs of the ACS's files. */
  readonly acsOrigin?: string | undefined;
  readonly provisioning: SessionProvisioning;
}

/** Dependencies of {@link createProvisioner}. */
export interface ProvisionerDeps {
  db: AcsDb;
  /** The session store (answers and faults go through it, in order with the session's). */
  store: AcsStore;
  now(): number;
  log: AcsLog;
  /** The built-in bootstrap policy; null: off. */
  bootstrap: BootstrapPolicy | null;
  /** Provisioning RPCs per session, at most (default 16). */
  maxRounds?: number;
  /** How long the preset list is cached, in ms (default 5000; `invalidate` ends it early). */
  presetCacheMs?: number;
  /** Back-off of a preset that faulted on a device. */
  retryPolicy: RetryPolicy;
  /** The CWMP listener as devices reach it (for firmware URLs); absent: the session's origin. */
  publicUrl?: string | undefined;
}

/** Provisioning of the ACS's sessions. */
export interface Provisioner {
  /** The session's next provisioning request, if any. */
  next(target: ProvisionTarget): Promise<ProvisionNext>;
  /** Stores the CPE's answer to a provisioning request. */
  answered(target: ProvisionTarget, step: RpcStep, response: CwmpMessage): Promise<void>;
  /** Forgets the cached presets (after an API write). */
  invalidate(): void;
  /** Whether sessions must tell a device's first contact (the bootstrap policy is on). */
  readonly watchesFirstContact: boolean;
}

const NON_RPC_STEPS = 8;

/**
 * Creates the provisioner.
 *
 * @param deps Database, session store, clock, log and policy.
 * @returns The provisioner.
 * @see TR-069 Issue 1, 3.7.2 ACS Operation
 */
export function createProvisioner(deps: ProvisionerDeps): Provisioner {
  const maxRounds = deps.maxRounds ?? 16;
  const cacheMs = deps.presetCacheMs ?? 5000;
  let cache: { presets: Promise<Preset[]>; at: number } | null = null;

  function presets(): Promise<Preset[]> {
    const now = deps.now();
    if (cache === null || now - cache.at >= cacheMs) {
      const loading = loadPresets(deps.db);
      cache = { presets: loading, at: now };
      // A failed load is not cached: the next session tries again.
      loading.catch(() => cache !== null && cache.presets === loading && (cache = null));
    }
    return cache.presets;
  }

  async function choose(target: ProvisionTarget): Promise<void> {
    const sp = target.provisioning;
    const now = deps.now();
    const candidates = candidatePresets(await presets(), sp.events, now);
    const bootstrapped = deps.bootstrap !== null &&
      (sp.firstContact || sp.events.includes("0 BOOTSTRAP"));
    if (bootstrapped && deps.bootstrap !== null) {
      candidates.unshift(bootstrapPreset(deps.bootstrap, target.deviceId, sp.root));
    }
    if (candidates.length === 0) return;
    const paths = candidates.flatMap((p) => preconditionPaths(p.precondition));
    const view = await loadDeviceView(deps.db, target.deviceId, paths);
    if (view === undefined) return;
    const matching = candidates.filter((p) => matchesPrecondition(p.precondition, view));
    if (matching.length === 0) return;
    const faults = await presetFaults(deps.db, target.deviceId);
    const ready = matching.filter((p) => {
      const f = faults.get(p.id);
      if (f === undefined) return true;
      const delay = Math.min(deps.retryPolicy.maxMs, deps.retryPolicy.baseMs * 2 ** (f.count - 1));
      return now >= f.last + delay;
    });
    if (ready.length === 0) return;
    sp.desired = mergeDesired(ready);
    sp.prefixes = prefixesOf(sp.desired, sp.root);
    deps.log("debug", `${target.deviceId}: presets ${ready.map((p) => p.id).join(", ")}`);
  }

  async function next(target: ProvisionTarget): Promise<ProvisionNext> {
    const sp = target.provisioning;
    if (sp.done) return null;
    if (sp.desired === null) {
      await choose(target);
      if (sp.desired === null) {
        sp.done = true;
        return null;
      }
    }
    const memory = sp.memory;
    for (let i = 0; i < NON_RPC_STEPS; i++) {
      const view = await loadDeviceView(deps.db, target.deviceId, sp.prefixes);
      if (view === undefined) break;
      const desired = withoutPresets(sp.desired, memory.failed);
      const step = nextStep(desired, view, memory, { now: deps.now(), root: sp.root });
      if (step.kind === "done") break;
      if (step.kind === "tags") {
        const tags = new Set(view.tags);
        for (const t of step.remove) tags.delete(t);
        for (const t of step.add) tags.add(t);
        await saveTags(deps.db, target.deviceId, [...tags].sort());
        continue;
      }
      if (step.kind === "firmware") {
        memory.firmwareChecked = true;
        const outcome = await queueFirmware(deps, target, step, view);
        if (outcome.queued) return { kind: "queued" };
        if (outcome.fault !== null) await fail(target, [step.presetId], 0, outcome.fault, null);
        continue;
      }
      if (memory.rounds >= maxRounds) {
        const ids = [...new Set(step.owners.values())];
        const reason = `Provisioning did not converge in ${maxRounds} requests; next was ` +
          `${step.request.method}`;
        await fail(target, ids, 0, reason, null, "acs");
        break;
      }
      memory.rounds++;
      return { kind: "request", step };
    }
    sp.done = true;
    return null;
  }

  async function fail(
    target: ProvisionTarget,
    presetIds: readonly string[],
    code: number,
    reason: string,
    fault: SoapFault | null,
    source: "cpe" | "acs" = "cpe",
  ): Promise<void> {
    const time = new Date(deps.now());
    for (const presetId of presetIds) {
      target.provisioning.memory.failed.add(presetId);
      deps.log("info", `${target.deviceId}: preset ${presetId} faulted: ${reason}`);
      await deps.store.recordFault({
        deviceId: target.deviceId,
        taskId: null,
        presetId,
        source,
        code,
        string: reason,
        detail: fault?.detail ?? null,
        outcome: null,
        time,
      });
    }
  }

  async function answered(
    target: ProvisionTarget,
    step: RpcStep,
    response: CwmpMessage,
  ): Promise<void> {
    const memory = target.provisioning.memory;
    const request = step.request;
    if (response.method === "Fault") {
      await faulted(target, step, response);
      return;
    }
    await deps.store.completeTasks({
      deviceId: target.deviceId,
      tasks: [],
      effects: effectsOf(request, response),
      time: new Date(deps.now()),
    });
    if (request.method === "GetParameterValues") {
      for (const n of request.parameterNames) memory.read.add(n);
    } else if (request.method === "GetParameterAttributes") {
      for (const n of request.parameterNames) memory.attributesRead.add(n);
    } else if (
      request.method === "AddObject" && response.method === "AddObjectResponse" &&
      step.createsFor !== undefined
    ) {
      memory.created.set(step.createsFor, `${request.objectName}${response.instanceNumber}.`);
    }
  }

  async function faulted(target: ProvisionTarget, step: RpcStep, fault: SoapFault): Promise<void> {
    const memory = target.provisioning.memory;
    const request = step.request;
    const code = fault.detail?.faultCode ?? 0;
    const text = fault.detail?.faultString ?? fault.faultString;
    if (request.method === "GetParameterValues" || request.method === "GetParameterAttributes") {
      if (request.parameterNames.length > 1) {
        // One bad name faults the whole read: ask one by one to learn whose it is.
        memory.unbatched = true;
        return;
      }
      const read = request.method === "GetParameterValues" ? memory.read : memory.attributesRead;
      for (const n of request.parameterNames) read.add(n);
    }
    const named = fault.detail?.setParameterValuesFaults ?? [];
    const owners = named.length > 0
      ? named.map((f) => step.owners.get(f.parameterName)).filter((id) => id !== undefined)
      : [...step.owners.values()];
    const ids = [...new Set(owners.length > 0 ? owners : [...step.owners.values()])];
    const names = [...step.owners.keys()].join(", ");
    await fail(target, ids, code, `${request.method} of ${names}: ${text}`, fault);
  }

  return {
    next,
    answered,
    invalidate(): void {
      cache = null;
    },
    watchesFirstContact: deps.bootstrap !== null,
  };
}

function prefixesOf(desired: MergedDesired, root: string): string[] {
  return [
    ...desired.values.keys(),
    ...desired.objects.map((o) => o.path),
    ...desired.attributes.keys(),
    ...desired.refresh.keys(),
    ...(desired.softwareVersion === null ? [] : [`${root}DeviceInfo.SoftwareVersion`]),
  ];
}
