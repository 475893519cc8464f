/**
 * One session of the agent: refresh the live values, build the Inform from the durable state,
 * run the session over a fresh transport, and keep the state right on the way: events are
 * removed only once an InformResponse acknowledged them, a finished transfer only once its
 * TransferCompleteResponse arrived, and every answer waits until the state it depends on is on
 * disk.
 *
 * @module
 */

import type { CwmpMessage } from "../protocol/rpc/codecs.ts";
import type { EventStruct } from "../protocol/rpc/inform.ts";
import { dispatchRequest, supportedMethods } from "./agent_dispatch.ts";
import { buildInform } from "./agent_inform.ts";
import type { AgentStore } from "./agent_store.ts";
import type { AgentLog } from "./agent_types.ts";
import { AcsConnection } from "./client/http.ts";
import { runSession, type SessionReport } from "./client/session.ts";
import type { TransportFactory } from "./client/transport.ts";
import type { AgentConfig } from "./config.ts";
import { acknowledgeInform, addEvent, EVENT, finishedTransfers } from "./events.ts";
import type { LifecycleContext } from "./handlers_lifecycle/mod.ts";
import type { AgentState } from "./state.ts";
import { isoTime } from "./transfers/download.ts";

/** What arrived while a session ran: it outlives the session's acknowledgement. */
export interface ArrivedDuringSession {
  events: EventStruct[];
  /** Whether an active notification (Inform at once) arrived. */
  active: boolean;
}

/** What {@link runAgentSession} needs. */
export interface AgentSessionContext {
  store: AgentStore;
  config: AgentConfig;
  open: TransportFactory;
  now: () => number;
  randomHex: (bytes: number) => string;
  log: AgentLog;
  arrived: ArrivedDuringSession;
}

/** The session's report and what its Inform carried. */
export interface AgentSessionResult {
  report: SessionReport;
  events: EventStruct[];
  durationMs: number;
}

/**
 * Runs one session to its end or failure and logs one line about it.
 *
 * @param context The store, configuration, transport and clock.
 * @returns What happened.
 * @throws {StateError} The state cannot be saved (the session is then given up).
 * @see TR-069 Issue 1, 3.7.1 CPE Operation
 */
export async function runAgentSession(context: AgentSessionContext): Promise<AgentSessionResult> {
  const { store, config } = context;
  const started = context.now();
  await store.device.refresh().catch((error) =>
    context.log(`cannot refresh values: ${String(error)}`)
  );
  const state = store.state;
  const { inform, events, mark } = await buildInform({
    device: store.device,
    state,
    currentTime: isoTime(started),
  });
  const transferOf = new Map<CwmpMessage, number>();
  const requests = finishedTransfers(state).map((t) => {
    const request: CwmpMessage = {
      method: "TransferComplete",
      commandKey: t.commandKey,
      faultStruct: { faultCode: t.faultCode, faultString: t.faultString },
      startTime: t.startTime,
      completeTime: t.completeTime,
    };
    transferOf.set(request, t.id);
    return request;
  });
  const url = managementValue(context, "URL", config.acs.url);
  const transport = context.open();
  try {
    const report = await runSession({
      connection: new AcsConnection({
        fetch: transport.fetch,
        url,
        username: managementValue(context, "Username", config.acs.username),
        password: managementValue(context, "Password", config.acs.password),
        timeoutMs: config.acs.timeoutSeconds * 1000,
        now: context.now,
        randomHex: context.randomHex,
        allowBasicOverHttp: config.acs.allowBasicOverHttp,
      }),
      inform,
      requests,
      cwmpVersion: config.cwmpVersion,
      handlers: {
        answer: (request) =>
          dispatchRequest(request, {
            device: store.device,
            lifecycle: lifecycleContext(context),
            version: config.cwmpVersion,
            log: context.log,
            modelChanged: () => store.markModelChanged(),
          }),
        informAcknowledged: async () => {
          store.update((s) => withArrived(acknowledgeInform(s, events), context.arrived));
          store.device.acknowledgeInform(mark);
          store.markModelChanged();
          if (events.some((e) => e.eventCode === EVENT.bootstrap)) {
            store.update((s) => ({ ...s, acsUrl: url }));
          }
          await store.flush();
        },
        answered: async (request, response) => {
          const id = transferOf.get(request);
          if (id === undefined) return;
          if (response.method !== "TransferCompleteResponse") {
            context.log(
              `TransferComplete ${
                describe(request)
              } was refused; it is sent again in the next session`,
            );
            return;
          }
          store.update((s) => ({ ...s, transfers: s.transfers.filter((t) => t.id !== id) }));
          await store.flush();
        },
        beforePost: () => store.flush(),
      },
    });
    if (!report.informAcknowledged) store.update((s) => ({ ...s, retryCount: s.retryCount + 1 }));
    await store.flush();
    const durationMs = context.now() - started;
    context.log(sessionLine(report, events, durationMs));
    return { report, events, durationMs };
  } finally {
    transport.close();
  }
}

/** A ManagementServer parameter of the model, or the configuration's value without one. */
export function managementValue(
  context: { store: AgentStore },
  name: string,
  fallback: string,
): string {
  return context.store.device.get(`${context.store.device.root}ManagementServer.${name}`)?.value ??
    fallback;
}

function lifecycleContext(context: AgentSessionContext): LifecycleContext {
  const { store, config } = context;
  return {
    state: () => store.state,
    update: (change) => store.update(change),
    now: context.now,
    version: config.cwmpVersion,
    maxDownloadBytes: config.downloads.maxBytes,
    supportedMethods: () => supportedMethods(store.device, config.cwmpVersion),
  };
}

// What arrived during the session was merged into what the Inform carried; put it back.
function withArrived(state: AgentState, arrived: ArrivedDuringSession): AgentState {
  let pendingEvents = state.pendingEvents;
  for (const event of arrived.events) pendingEvents = addEvent(pendingEvents, event);
  return { ...state, pendingEvents };
}

function describe(request: CwmpMessage): string {
  return request.method === "TransferComplete" ? `'${request.commandKey}'` : request.method;
}

/**
 * The session's log line: `session ok: events=1 BOOT,M Reboot rpcs=3 in 120 ms`, or
 * `session failed: events=2 PERIODIC after 1 exchange in 30004 ms: <reason>`.
 */
function sessionLine(report: SessionReport, events: readonly EventStruct[], ms: number): string {
  const codes = events.map((e) => e.eventCode).join(",");
  const duration = `${Math.round(ms)} ms`;
  if (report.ok) return `session ok: events=${codes} rpcs=${report.rpcs} in ${duration}`;
  const exchanges = `${report.exchanges} exchange${report.exchanges === 1 ? "" : "s"}`;
  return `session failed: events=${codes} after ${exchanges} in ${duration}: ${
    report.reason ?? "unknown"
  }`;
}
