/**
 * What the CWMP endpoint works with: the store, the sessions in progress, the device locks,
 * the injected clock, ids and log, and the endpoint's policies.
 *
 * @module
 */

import type { AcsMetrics } from "../nbi/metrics_registry.ts";
import type { Provisioner } from "../provisioning/provisioner.ts";
import type { AcsStore } from "../store/types.ts";
import type { RetryPolicy } from "../tasks/retry.ts";
import type { KeyedLock } from "./lock.ts";
import type { SessionRegistry } from "./registry.ts";

/** Severity of a log line. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Where the ACS reports what happened; one line per call, no trailing newline. */
export type AcsLog = (level: LogLevel, message: string) => void;

/** The resolved dependencies of the CWMP endpoint. */
export interface CwmpContext {
  readonly store: AcsStore;
  readonly sessions: SessionRegistry;
  readonly locks: KeyedLock;
  /** Milliseconds since the epoch. */
  now(): number;
  /** A new unguessable session id (it is the session's only credential). */
  randomId(): string;
  readonly log: AcsLog;
  /** Inactivity limit of a session (spec 3.7.2.4 suggests 30 s). */
  readonly sessionTimeoutMs: number;
  /**
   * The device's own credentials, to put into a Download or Upload of the ACS's own files
   * (behind Digest, `--files-auth`) that names none; absent: requests go out as queued.
   */
  readonly fileCredentials?: (
    deviceId: string,
  ) => Promise<{ username: string; password: string } | undefined>;
  /** How long an accepted transfer may go without its TransferComplete before it is faulted. */
  readonly transferTimeoutMs: number;
  /** Sessions in progress above which a new session gets 503 (load shedding). */
  readonly maxSessions: number;
  /** The Retry-After of that 503, in seconds. */
  readonly retryAfterSeconds: number;
  /** Back-off of tasks the CPE answered with a fault. */
  readonly retryPolicy: RetryPolicy;
  /** Adjacent GetParameterValues tasks sent as one request, at most. */
  readonly maxBatch: number;
  /** The NextURL of every KickedResponse; null answers with the URL the CPE proposed. */
  readonly kickedNextUrl: string | null;
  /** Counters shown by the NBI's `/metrics`; undefined: nothing is counted. */
  readonly metrics?: AcsMetrics;
  /** Presets and the bootstrap policy; undefined: sessions run queued tasks only. */
  readonly provisioner?: Provisioner;
}
