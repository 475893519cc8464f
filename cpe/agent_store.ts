/**
 * The agent's live state and its persistence: every change goes through {@link AgentStore.update},
 * and {@link AgentStore.flush} writes the state, with the model's snapshot when the model
 * changed, before the agent acts on it or acknowledges it (design.md invariant 5).
 *
 * @module
 */

import type { CpeDevice } from "./agent_types.ts";
import type { AgentState } from "./state.ts";
import type { StateFile } from "./state_file.ts";

/**
 * The state of a running agent.
 *
 * @example Usage
 * ```ts ignore
 * const store = new AgentStore(file, device, initialState("/cr"));
 * store.update((s) => ({ ...s, retryCount: 1 }));
 * await store.flush();
 * ```
 */
export class AgentStore {
  readonly #file: StateFile;
  #device: CpeDevice;
  #state: AgentState;
  #dirty = false;
  #modelDirty = false;

  constructor(file: StateFile, device: CpeDevice, state: AgentState) {
    this.#file = file;
    this.#device = device;
    this.#state = state;
  }

  /** The current state (treat as read-only; change it with {@link update}). */
  get state(): AgentState {
    return this.#state;
  }

  /** The device whose snapshot is saved with the state. */
  get device(): CpeDevice {
    return this.#device;
  }

  /** Replaces the device (after a factory reset); its snapshot is saved at the next flush. */
  replaceDevice(device: CpeDevice): void {
    this.#device = device;
    this.#modelDirty = true;
    this.#dirty = true;
  }

  /** Applies a change to the state; it is written at the next {@link flush}. */
  update(change: (state: AgentState) => AgentState): void {
    this.#state = change(this.#state);
    this.#dirty = true;
  }

  /** Notes that the model changed in a way that must survive a restart. */
  markModelChanged(): void {
    this.#modelDirty = true;
    this.#dirty = true;
  }

  /**
   * Writes the state if anything changed since the last write.
   *
   * @throws {StateError} The file cannot be written.
   */
  async flush(): Promise<void> {
    if (!this.#dirty) return;
    if (this.#file.keepsModel !== false && (this.#modelDirty || this.#state.model === null)) {
      this.#state = { ...this.#state, model: this.#device.snapshot() };
    }
    const state = this.#state;
    this.#dirty = false;
    this.#modelDirty = false;
    try {
      await this.#file.save(state);
    } catch (error) {
      this.#dirty = true;
      throw error;
    }
  }
}
