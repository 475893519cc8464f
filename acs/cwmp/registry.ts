/**
 * The sessions in progress, in memory: by session id (the cookie) and by device.
 *
 * @module
 */

import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import type { AcsSession } from "../../protocol/session/mod.ts";
import type { CwmpVersion } from "../../protocol/soap/namespaces.ts";
import type { RpcStep, SessionProvisioning } from "../provisioning/provisioner.ts";
import type { PlannedTask } from "../tasks/plan.ts";

/** The request queued or out in a session, the tasks it serves, and the key of its answer. */
export interface InFlightTask {
  /** One task, or several batched GetParameterValues tasks. */
  tasks: readonly PlannedTask[];
  /** The request sent, to interpret its answer. */
  request: CwmpMessage;
  key: number;
  /** The provisioning step the request is (no tasks then). */
  provisioning?: RpcStep;
}

/** One session in progress. */
export interface LiveSession {
  /** The session id, sent as the session cookie. */
  readonly id: string;
  readonly deviceId: string;
  /** The ACS role of the shared session machine: it decides what goes out. */
  readonly acs: AcsSession;
  /** The namespace of the CPE's Inform; every answer uses it. */
  readonly cwmpVersion: CwmpVersion;
  /** HTTP requests so far, the Inform's included. */
  exchanges: number;
  inFlight: InFlightTask | null;
  /** Batching is off for the rest of the session (a batched request was answered with a fault). */
  unbatched?: boolean;
  /** The origin the CPE reached the ACS at (from its Inform's URL), e.g. `http://acs:7547`. */
  acsOrigin?: string;
  /** Provisioning's state in this session; absent without a provisioner. */
  provisioning?: SessionProvisioning;
}

/** The sessions in progress. */
export interface SessionRegistry {
  /** The session with this id, expired or not. */
  get(id: string): LiveSession | undefined;
  /** The device's session, expired or not. */
  forDevice(deviceId: string): LiveSession | undefined;
  /** Adds a session; the device's previous one must have been removed. */
  add(session: LiveSession): void;
  /** Forgets a session (no-op when already gone). */
  remove(session: LiveSession): void;
  /** The sessions idle past their limit at `now` (ms); they stay until removed. */
  expired(now: number): LiveSession[];
  /**
   * Reserves a place for a session being opened, if sessions in progress plus those being
   * opened stay below `limit`; {@link release} it once the session is added (or not).
   */
  tryReserve(limit: number): boolean;
  /** Frees a place taken by {@link tryReserve}. */
  release(): void;
  /** Sessions in progress. */
  readonly size: number;
}

/**
 * Creates an empty {@link SessionRegistry}.
 *
 * @example Usage
 * ```ts
 * import { AcsSession } from "../../protocol/session/mod.ts";
 * import { createSessionRegistry } from "./registry.ts";
 * const sessions = createSessionRegistry();
 * const acs = new AcsSession({ now: 0, timeoutMs: 1000 });
 * sessions.add({ id: "s", deviceId: "d", acs, cwmpVersion: "1.0", exchanges: 1, inFlight: null });
 * if (sessions.forDevice("d")?.id !== "s") throw new Error("unexpected");
 * const [expired] = sessions.expired(5000);
 * if (expired === undefined) throw new Error("unexpected");
 * sessions.remove(expired);
 * if (sessions.size !== 0) throw new Error("unexpected");
 * ```
 */
export function createSessionRegistry(): SessionRegistry {
  const byId = new Map<string, LiveSession>();
  const byDevice = new Map<string, LiveSession>();
  let opening = 0;
  function remove(session: LiveSession): void {
    if (byId.get(session.id) === session) byId.delete(session.id);
    if (byDevice.get(session.deviceId) === session) byDevice.delete(session.deviceId);
  }
  return {
    get: (id) => byId.get(id),
    forDevice: (deviceId) => byDevice.get(deviceId),
    add(session): void {
      byId.set(session.id, session);
      byDevice.set(session.deviceId, session);
    },
    remove,
    expired(now): LiveSession[] {
      return [...byId.values()].filter((s) => s.acs.isExpired(now));
    },
    tryReserve(limit): boolean {
      if (byId.size + opening >= limit) return false;
      opening++;
      return true;
    },
    release(): void {
      opening = Math.max(0, opening - 1);
    },
    get size(): number {
      return byId.size;
    },
  };
}
