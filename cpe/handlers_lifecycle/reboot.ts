/**
 * Reboot and FactoryReset (spec A.3.2.9, A.4.1.6): both answer at once and take effect when
 * the session has ended cleanly (spec 3.7.1.4). The intent is stored with the answer, so a
 * crash in between still reboots or resets at the next start.
 *
 * @module
 */

import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import { addEvent, EVENT } from "../events.ts";
import type { LifecycleContext } from "./context.ts";

/**
 * Answers Reboot: the next Inform, after the restart, carries `1 BOOT` and `M Reboot` with the
 * CommandKey.
 *
 * @param request The Reboot request.
 * @param context The agent's state.
 * @returns RebootResponse.
 *
 * @example Usage
 * ```ts
 * import { handleReboot } from "./reboot.ts";
 * import { initialState } from "../state.ts";
 * let state = initialState("/cr");
 * const context = {
 *   state: () => state,
 *   update: (f: (s: typeof state) => typeof state) => void (state = f(state)),
 *   now: () => 0,
 *   version: "1.0" as const,
 *   maxDownloadBytes: 1,
 *   supportedMethods: () => [],
 * };
 * handleReboot({ method: "Reboot", commandKey: "rb-7" }, context);
 * if (state.pendingAction !== "reboot" || state.pendingEvents[0]?.commandKey !== "rb-7") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.3.2.9 Reboot
 */
export function handleReboot(request: CwmpMessage, context: LifecycleContext): CwmpMessage {
  if (request.method !== "Reboot") throw new TypeError("Cannot handle: not a Reboot");
  context.update((state) => ({
    ...state,
    pendingAction: state.pendingAction === "factoryReset" ? "factoryReset" : "reboot",
    pendingEvents: addEvent(state.pendingEvents, {
      eventCode: EVENT.reboot,
      commandKey: request.commandKey,
    }),
  }));
  return { method: "RebootResponse" };
}

/**
 * Answers FactoryReset: after the session the state is cleared and the next Inform carries
 * `0 BOOTSTRAP` and `1 BOOT`.
 *
 * @param request The FactoryReset request.
 * @param context The agent's state.
 * @returns FactoryResetResponse.
 * @see TR-069 Issue 1, A.4.1.6 FactoryReset
 */
export function handleFactoryReset(request: CwmpMessage, context: LifecycleContext): CwmpMessage {
  if (request.method !== "FactoryReset") throw new TypeError("Cannot handle: not a FactoryReset");
  context.update((state) => ({ ...state, pendingAction: "factoryReset" }));
  return { method: "FactoryResetResponse" };
}
