/**
 * The agent's clocks: the periodic Inform (PeriodicInformInterval and PeriodicInformTime as the
 * model holds them now), the Informs ScheduleInform asked for, and the re-reading of live
 * values every `pollSeconds`.
 *
 * @module
 */

import type { EventStruct } from "../protocol/rpc/inform.ts";
import { managementValue } from "./agent_session.ts";
import type { AgentStore } from "./agent_store.ts";
import type { AgentConfig } from "./config.ts";
import { EVENT } from "./events.ts";
import { nextPeriodicInform } from "./scheduler.ts";

/**
 * The timers of one agent.
 *
 * @example Usage
 * ```ts ignore
 * const timers = new AgentTimers(config);
 * timers.restart(Date.now());
 * const events = timers.collectDue(Date.now(), store); // [] or PERIODIC, SCHEDULED, ...
 * ```
 */
export class AgentTimers {
  readonly #config: AgentConfig;
  #origin = 0;
  #lastCheck = 0;
  #nextPoll = 0;

  constructor(config: AgentConfig) {
    this.#config = config;
  }

  /** Counts periodic Informs from `now` (a start or a reboot). */
  restart(now: number): void {
    this.#origin = now;
    this.#lastCheck = now;
  }

  /** The next periodic Inform after the last check, with the model's current settings. */
  periodicAt(store: AgentStore): number | undefined {
    const read = (name: string, fallback: string): string =>
      managementValue({ store }, name, fallback);
    const periodic = this.#config.periodicInform;
    return nextPeriodicInform(this.#lastCheck, {
      enabled: ["true", "1"].includes(read("PeriodicInformEnable", String(periodic.enabled))),
      intervalSeconds: Number(read("PeriodicInformInterval", String(periodic.intervalSeconds))),
      periodicInformTime: read("PeriodicInformTime", periodic.time),
    }, this.#origin);
  }

  /**
   * The events of the periodic and scheduled Informs that are due; the scheduled ones leave
   * the state.
   */
  collectDue(now: number, store: AgentStore): EventStruct[] {
    const events: EventStruct[] = [];
    const periodicAt = this.periodicAt(store);
    if (periodicAt !== undefined && periodicAt <= now) {
      events.push({ eventCode: EVENT.periodic, commandKey: "" });
    }
    this.#lastCheck = now;
    const due = store.state.scheduledInforms.filter((s) => s.at <= now);
    if (due.length === 0) return events;
    store.update((s) => ({ ...s, scheduledInforms: s.scheduledInforms.filter((x) => x.at > now) }));
    for (const scheduled of due) {
      events.push({ eventCode: EVENT.scheduled, commandKey: "" });
      events.push({ eventCode: EVENT.scheduleInform, commandKey: scheduled.commandKey });
    }
    return events;
  }

  /** Whether live values are due for a re-read; if so, the next one is planned. */
  pollDue(now: number): boolean {
    const seconds = this.#config.pollSeconds;
    if (seconds <= 0 || now < this.#nextPoll) return false;
    this.#nextPoll = now + seconds * 1000;
    return true;
  }

  /** When live values are next re-read, if ever. */
  get nextPoll(): number | undefined {
    return this.#config.pollSeconds > 0 ? this.#nextPoll : undefined;
  }
}
