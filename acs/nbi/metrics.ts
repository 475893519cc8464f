/**
 * `GET /metrics`: the ACS's counters in the Prometheus text format (version 0.0.4), with the
 * device and task totals read from the database.
 *
 * @module
 */

import { count } from "drizzle-orm";
import { devices } from "../db/schema/devices.ts";
import { tasks } from "../db/schema/tasks.ts";
import type { NbiContext } from "./context.ts";
import { type MetricsSnapshot, SESSION_DURATION_BUCKETS } from "./metrics_registry.ts";
import { addRoute, type NbiRoutes } from "./route.ts";

/** The content type of the Prometheus text format. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Adds the metrics route.
 *
 * @param routes The app and the specs.
 * @param ctx The counters and the database.
 */
export function metricsRoutes(routes: NbiRoutes, ctx: NbiContext): void {
  addRoute(routes, {
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics",
    responses: {
      200: { description: "Prometheus text format 0.0.4", contentType: "text/plain" },
    },
  }, async (c) => {
    const [total] = await ctx.db.select({ n: count() }).from(devices);
    const byState = await ctx.db.select({ state: tasks.state, n: count() }).from(tasks)
      .groupBy(tasks.state);
    const text = formatMetrics(ctx.metrics.snapshot(), {
      devices: total?.n ?? 0,
      tasks: Object.fromEntries(byState.map((row) => [row.state, row.n])),
      memory: Deno.memoryUsage(),
    });
    return c.body(text, 200, { "content-type": PROMETHEUS_CONTENT_TYPE });
  });
}

/** Totals read from the database, and the process's memory when known. */
export interface StoredTotals {
  devices: number;
  /** Tasks by state. */
  tasks: Record<string, number>;
  /** The process's memory (`Deno.memoryUsage()`), in bytes. */
  memory?: { rss: number; heapUsed: number; heapTotal: number; external: number };
}

/**
 * The Prometheus text of the counters and totals.
 *
 * @param snap The counters.
 * @param totals The device and task totals.
 * @returns The exposition text, ending in a newline.
 *
 * @example Usage
 * ```ts
 * import { formatMetrics } from "./metrics.ts";
 * import { createAcsMetrics } from "./metrics_registry.ts";
 * const text = formatMetrics(createAcsMetrics().snapshot(), { devices: 2, tasks: {} });
 * if (!text.includes("\ncwmp_devices 2\n")) throw new Error("unexpected");
 * ```
 */
export function formatMetrics(snap: MetricsSnapshot, totals: StoredTotals): string {
  const lines: string[] = [];
  const family = (name: string, type: string, help: string): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  family("cwmp_sessions_started_total", "counter", "CWMP sessions opened by an Inform.");
  lines.push(`cwmp_sessions_started_total ${snap.sessionsStarted}`);
  family("cwmp_sessions_ended_total", "counter", "CWMP sessions ended, by how they ended.");
  for (const end of ["completed", "timeout", "replaced", "failed"]) {
    lines.push(`cwmp_sessions_ended_total{end="${end}"} ${snap.sessionsEnded[end] ?? 0}`);
  }
  family("cwmp_sessions_in_progress", "gauge", "CWMP sessions started and not yet ended.");
  lines.push(`cwmp_sessions_in_progress ${snap.sessionsInProgress}`);
  family(
    "cwmp_sessions_shed_total",
    "counter",
    "New CWMP sessions refused with 503 because too many were in progress.",
  );
  lines.push(`cwmp_sessions_shed_total ${snap.sessionsShed}`);
  family("cwmp_rpcs_sent_total", "counter", "Messages the ACS sent to CPEs, by method.");
  for (const [method, n] of sorted(snap.messagesSent)) {
    lines.push(`cwmp_rpcs_sent_total{method="${label(method)}"} ${n}`);
  }
  family("cwmp_faults_received_total", "counter", "CWMP faults CPEs answered with, by code.");
  for (const [code, n] of sorted(snap.faultsReceived)) {
    lines.push(`cwmp_faults_received_total{code="${label(code)}"} ${n}`);
  }
  family("cwmp_session_duration_seconds", "histogram", "Duration of ended CWMP sessions.");
  const bounds = [...SESSION_DURATION_BUCKETS.map(String), "+Inf"];
  bounds.forEach((bound, i) => {
    lines.push(`cwmp_session_duration_seconds_bucket{le="${bound}"} ${snap.durationBuckets[i]}`);
  });
  lines.push(`cwmp_session_duration_seconds_sum ${snap.durationSumSeconds}`);
  lines.push(`cwmp_session_duration_seconds_count ${snap.durationCount}`);
  family("cwmp_devices", "gauge", "Devices in the database.");
  lines.push(`cwmp_devices ${totals.devices}`);
  family("cwmp_tasks", "gauge", "Tasks in the database, by state.");
  for (const [state, n] of sorted(totals.tasks)) {
    lines.push(`cwmp_tasks{state="${label(state)}"} ${n}`);
  }
  const memory = totals.memory;
  if (memory !== undefined) {
    // The JavaScript heap apart from the rest of the process (SQLite's page cache, buffers), to
    // tell a leak in the ACS's objects from native memory settling.
    family("process_resident_memory_bytes", "gauge", "Resident memory of the ACS process.");
    lines.push(`process_resident_memory_bytes ${memory.rss}`);
    family("cwmp_heap_used_bytes", "gauge", "JavaScript heap in use.");
    lines.push(`cwmp_heap_used_bytes ${memory.heapUsed}`);
    family("cwmp_heap_total_bytes", "gauge", "JavaScript heap reserved.");
    lines.push(`cwmp_heap_total_bytes ${memory.heapTotal}`);
    family("cwmp_external_memory_bytes", "gauge", "Memory of objects outside the heap.");
    lines.push(`cwmp_external_memory_bytes ${memory.external}`);
  }
  return `${lines.join("\n")}\n`;
}

function sorted(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
}

function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
