/**
 * What every NBI route works with, resolved from `createNbiApp`'s dependencies.
 *
 * @module
 */

import type { AcsKeys } from "../auth/secrets.ts";
import type { ConnectionRequestDeps } from "../connection_request/request.ts";
import type { AcsLog } from "../cwmp/context.ts";
import type { AcsDb } from "../db/client.ts";
import type { AcsMetrics } from "./metrics_registry.ts";
import type { NbiRoutes } from "./route.ts";

/** The resolved dependencies of the NBI routes. */
export interface NbiContext {
  readonly db: AcsDb;
  /** Milliseconds since the epoch. */
  now(): number;
  readonly log: AcsLog;
  readonly metrics: AcsMetrics;
  /** The keys that seal stored passwords; undefined: the database's server secret. */
  readonly keys: AcsKeys | undefined;
  /** Client and limits of Connection Requests. */
  readonly connectionRequest: Omit<ConnectionRequestDeps, "db">;
  /** The CWMP listener as devices reach it; undefined: each device's ManagementServer.URL. */
  readonly publicUrl: string | undefined;
  /** How often a waiting task creation looks at its task, in ms. */
  readonly pollMs: number;
  /** Largest file upload, in bytes. */
  readonly maxUploadBytes: number;
  /** Sleeps (tests may shorten it). */
  sleep(ms: number): Promise<void>;
  /** Called after a preset is created, changed or deleted (the CWMP side caches presets). */
  presetsChanged(): void;
}

/** A route module: adds its routes. */
export type RouteModule = (routes: NbiRoutes, ctx: NbiContext) => void;
