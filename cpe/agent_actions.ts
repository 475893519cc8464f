/**
 * Reboot and FactoryReset once the session that asked for them has ended (spec 3.7.1.4). The
 * intent is cleared on disk before the hook runs, so a hook that really reboots the machine is
 * not run again at the next start.
 *
 * - Reboot: the reboot hook runs (if configured); the agent then restarts in place, and the next
 *   Inform carries `1 BOOT` with `M Reboot`. At a start after a crash the reboot counts as done.
 * - FactoryReset: the state and the model go back to their defaults (the ACS is bootstrapped
 *   again), then the factory reset hook runs.
 *
 * @module
 */

import type { AgentStore } from "./agent_store.ts";
import type { AgentLog, CpeDevice } from "./agent_types.ts";
import { describeFailure, type ShellRunner } from "./backends/shell.ts";
import type { AgentConfig } from "./config.ts";
import { initialState } from "./state.ts";

/** What {@link runPendingAction} needs. */
export interface PendingActionContext {
  store: AgentStore;
  config: AgentConfig;
  createDevice: () => CpeDevice | Promise<CpeDevice>;
  run: ShellRunner;
  log: AgentLog;
  /** At a start: a pending reboot has happened (the process restarted). */
  atBoot: boolean;
}

/**
 * Performs the pending Reboot or FactoryReset.
 *
 * @param context The store, configuration and hooks.
 * @returns `reset` when the state and model were replaced, else `rebooted`.
 * @throws {StateError} The state cannot be saved.
 * @see TR-069 Issue 1, A.3.2.9 Reboot and A.4.1.6 FactoryReset
 */
export async function runPendingAction(
  context: PendingActionContext,
): Promise<"rebooted" | "reset"> {
  const { store, config, log } = context;
  if (store.state.pendingAction === "factoryReset") {
    const fresh = await context.createDevice();
    const keep = store.state.connectionRequestPath;
    store.replaceDevice(fresh);
    store.update(() => initialState(keep));
    await store.flush();
    log("factory reset: state and model back to their defaults");
    await runHook("factory reset hook", config.hooks.factoryReset, context);
    return "reset";
  }
  store.update((s) => ({ ...s, pendingAction: "none" }));
  await store.flush();
  if (context.atBoot) {
    log("reboot done (the agent restarted)");
    return "rebooted";
  }
  log("rebooting");
  await runHook("reboot hook", config.hooks.reboot, context);
  return "rebooted";
}

async function runHook(
  what: string,
  command: string | undefined,
  context: PendingActionContext,
): Promise<void> {
  if (command === undefined) return;
  try {
    const result = await context.run(command, { timeoutMs: 5 * 60 * 1000 });
    if (result.code !== 0) context.log(describeFailure(what, result));
  } catch (error) {
    context.log(`${what} cannot run: ${error instanceof Error ? error.message : String(error)}`);
  }
}
