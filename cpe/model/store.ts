/**
 * The model store: a device's parameter values, attributes, instance numbers and ParameterKey,
 * with the bookkeeping TR-069 asks of a CPE: `*NumberOfEntries` kept true, instance numbers
 * never reused, value changes tracked for notification. Pure in memory; the agent persists
 * {@link ModelStore.snapshot} and gives it back to {@link ModelStore.restore}.
 *
 * @module
 */

import { CwmpFault } from "../../protocol/errors.ts";
import type { DeviceIdStruct } from "../../protocol/rpc/inform.ts";
import type { ParameterInfoStruct } from "../../protocol/rpc/get_parameter_names.ts";
import type { ParameterAttributeStruct } from "../../protocol/rpc/get_parameter_attributes.ts";
import type { SetParameterAttributesStruct } from "../../protocol/rpc/set_parameter_attributes.ts";
import {
  canonicalValue,
  type ParameterValueStruct,
  UNKNOWN_TIME,
  type ValueType,
} from "../../protocol/rpc/values.ts";
import type { DataModel, ParameterSpec } from "../datamodel/types.ts";
import { applyAttributes } from "./attribute_ops.ts";
import type { ChangeSource, ModelEvent, ValueBackend } from "./backend.ts";
import { forcedInformPaths } from "./inform.ts";
import { listNames } from "./names.ts";
import { addObjectAt, createAtPath, deleteObjectAt } from "./object_ops.ts";
import { type Resolved, resolvePath } from "./resolve.ts";
import { type ModelSnapshot, restoreState, takeSnapshot } from "./snapshot.ts";
import {
  createObject,
  type ObjectNode,
  parametersUnder,
  type ParamSlot,
  type SlotChange,
} from "./tree.ts";

/** Options of {@link ModelStore}. */
export interface ModelStoreOptions {
  /** The DeviceIdStruct of every Inform (spec Table 34). */
  identity: DeviceIdStruct;
  /** Live values and the system side of the ACS's writes; see {@link ValueBackend}. */
  backend?: ValueBackend;
}

/** Options of the store's write operations. */
export interface ChangeOptions {
  /** Who makes the change; the ACS's own changes never cause "4 VALUE CHANGE". Default local. */
  source?: ChangeSource;
}

/** What the next Inform carries, from {@link ModelStore.prepareInform}. */
export interface InformParameters {
  /** Forced-inform parameters, then the changed parameters with notification on. */
  parameterList: ParameterValueStruct[];
  /** Whether the Inform must include the event "4 VALUE CHANGE". */
  valueChange: boolean;
  /** Pass to {@link ModelStore.acknowledgeInform} once the ACS answered the Inform. */
  mark: number;
}

/**
 * A device's data: create one with `createDefaultModel` (or directly from a compiled model),
 * answer the ACS through the handlers in `cpe/handlers/`, persist {@link ModelStore.snapshot}.
 *
 * @example Usage
 * ```ts
 * import { loadBuiltinModel } from "../datamodel/loader.ts";
 * import { ModelStore } from "./store.ts";
 * const store = new ModelStore(loadBuiltinModel("igd"), {
 *   identity: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
 * });
 * store.ensureObject("InternetGatewayDevice.LANDevice.1.");
 * const lan = "InternetGatewayDevice.LANDevice.1.LANHostConfigManagement.";
 * const n = store.addObject(`${lan}IPInterface.`, { source: "acs" });
 * if (n !== 1 || store.get(`${lan}IPInterfaceNumberOfEntries`).value !== "1") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export class ModelStore {
  /** The compiled data model. */
  readonly model: DataModel;
  #root: ObjectNode;
  #identity: DeviceIdStruct;
  #backend: ValueBackend;
  #parameterKey = "";
  #pending = new Map<string, { level: 1 | 2; seq: number }>();
  #seq = 0;
  #listeners = new Set<(event: ModelEvent) => void>();

  constructor(model: DataModel, options: ModelStoreOptions) {
    this.model = model;
    this.#root = createObject(model.rootObject, `${model.root}.`);
    this.#identity = { ...options.identity };
    this.#backend = options.backend ?? {};
  }

  /** The root object's partial path, e.g. `InternetGatewayDevice.`. */
  get rootPath(): string {
    return this.#root.path;
  }

  /** The DeviceIdStruct for the Inform. */
  deviceId(): DeviceIdStruct {
    return { ...this.#identity };
  }

  /** The ParameterKey of the last successful SetParameterValues, AddObject or DeleteObject. */
  get parameterKey(): string {
    return this.#parameterKey;
  }

  /** Sets the ParameterKey and the `ManagementServer.ParameterKey` parameter (an ACS change). */
  setParameterKey(key: string): void {
    this.#parameterKey = key;
    const target = resolvePath(this.#root, `${this.#root.path}ManagementServer.ParameterKey`);
    if (target?.kind === "parameter") this.#assign(target.path, target.slot, key, "acs");
  }

  /** What `path` names: `parameter`, `object`, `table`, or undefined. */
  kindOf(path: string): "parameter" | "object" | "table" | undefined {
    const target = resolvePath(this.#root, path);
    return target === undefined ? undefined : target.kind === "all" ? "object" : target.kind;
  }

  /** The definition of the parameter at `path`, or undefined when `path` is not a parameter. */
  parameterSpec(path: string): ParameterSpec | undefined {
    const target = resolvePath(this.#root, path);
    return target?.kind === "parameter" ? target.slot.def : undefined;
  }

  /**
   * The stored value of a parameter (hidden values included; no backend read).
   *
   * @throws {CwmpFault} 9005 when `path` is not a parameter.
   */
  get(path: string): ParameterValueStruct {
    const slot = this.#parameter(path);
    return { name: path, type: slot.def.syntax.type, value: slot.value };
  }

  /**
   * The full names of the parameters `path` covers: itself, or every parameter below a partial
   * path ("" for all).
   *
   * @throws {CwmpFault} 9005 when `path` does not exist.
   */
  parameterNames(path: string): string[] {
    const target = this.#resolve(path);
    if (target.kind === "parameter") return [path];
    return [...parametersUnder(target.node)].map((p) => p.path);
  }

  /**
   * Reads values for GetParameterValues: each name expanded, the backend asked, hidden values
   * read as empty strings.
   *
   * @throws {CwmpFault} 9005 for a name that does not exist (nothing is read then).
   * @see TR-069 Issue 1, A.3.2.2 GetParameterValues
   */
  async readValues(names: readonly string[]): Promise<ParameterValueStruct[]> {
    const targets = names.map((n) => this.#resolve(n));
    const list: ParameterValueStruct[] = [];
    for (const target of targets) {
      const params = target.kind === "parameter"
        ? [{ path: target.path, slot: target.slot }]
        : parametersUnder(target.node);
      for (const { path, slot } of params) {
        if (this.#backend.read !== undefined) await this.#readBackend(path, slot);
        list.push(readable(path, slot));
      }
    }
    return list;
  }

  /** GetParameterNames; see `listNames` for the NextLevel rules. */
  names(path: string, nextLevel: boolean): ParameterInfoStruct[] {
    return listNames(this.#root, path, nextLevel);
  }

  /**
   * Sets one value, by default as a local change (a backend or the agent itself). The value must
   * fit the parameter's type; writability is not checked (the device may change read-only values).
   *
   * @throws {CwmpFault} 9005 not a parameter, 9007 not a valid value of its type.
   */
  set(path: string, value: string, options: ChangeOptions = {}): void {
    const slot = this.#parameter(path);
    const canonical = canonicalValue(slot.def.syntax.type, value);
    if (canonical === undefined) {
      throw new CwmpFault(
        9007,
        `Invalid parameter value: '${value}' is not a ${slot.def.syntax.type}`,
      );
    }
    this.#assign(path, slot, canonical, options.source ?? "local");
  }

  /**
   * Applies already validated values as the ACS's SetParameterValues: the backend writes first
   * (a refusal writes back what it had written and fails with 9002), then all values change at
   * once and the ParameterKey is set.
   *
   * @returns Status 1 when a backend needs a reboot to apply a value, else 0.
   * @throws {CwmpFault} 9005 for a name that is not a parameter, 9002 when the backend refuses.
   * @see TR-069 Issue 1, A.3.2.1 SetParameterValues
   */
  async applyValues(
    changes: readonly { name: string; value: string }[],
    options: { parameterKey: string },
  ): Promise<0 | 1> {
    const slots = changes.map((c) => ({ ...c, slot: this.#parameter(c.name) }));
    const written: { name: string; old: string; slot: ParamSlot }[] = [];
    let status: 0 | 1 = 0;
    for (const { name, value, slot } of slots) {
      if (this.#backend.write === undefined || slot.value === value) continue;
      try {
        const result = await this.#backend.write(name, value, slot.def);
        if (result?.rebootRequired) status = 1;
        written.push({ name, old: slot.value, slot });
      } catch (error) {
        await this.#undoWrites(written);
        this.#emit({ type: "backend-error", path: name, operation: "write", message: text(error) });
        throw new CwmpFault(9002, `Internal error: cannot set ${name}: ${text(error)}`);
      }
    }
    for (const { name, value, slot } of slots) this.#assign(name, slot, value, "acs");
    this.setParameterKey(options.parameterKey);
    return status;
  }

  /**
   * Creates an instance of the table at `path` with default values (Notification 0, AccessList
   * all entities) and a number never used before in that table.
   *
   * @throws {CwmpFault} 9005 not a table, 9001 the table is read-only, 9004 it is full.
   * @see TR-069 Issue 1, A.3.2.6 AddObject
   */
  addObject(path: string, options: ChangeOptions & { parameterKey?: string } = {}): number {
    const { instance, counts } = addObjectAt(this.#root, path);
    this.#afterObjectChange(counts, options);
    return instance;
  }

  /**
   * Creates the table instance `Table.N.` or the optional object at `path` on the device's own
   * authority (no access or maxEntries check), with everything it requires and any missing
   * ancestors; an existing one is kept. For building a device and for backends that discover
   * instances (a new LAN host); the table's counter moves past N.
   *
   * @throws {CwmpFault} 9005 when `path` names no possible instance or optional object.
   */
  ensureObject(path: string, options: ChangeOptions = {}): void {
    const created = createAtPath(this.#root, path);
    if (created === undefined) {
      throw new CwmpFault(9005, `Invalid parameter name: ${path} is not an instance or object`);
    }
    this.#afterObjectChange(created.counts, options);
  }

  /**
   * Deletes the instance at `path` and everything below it; pending changes below it go too.
   *
   * @throws {CwmpFault} 9005 not an instance, 9001 the table is read-only or at its minimum.
   * @see TR-069 Issue 1, A.3.2.7 DeleteObject
   */
  deleteObject(path: string, options: ChangeOptions & { parameterKey?: string } = {}): void {
    const { counts } = deleteObjectAt(this.#root, path);
    for (const name of [...this.#pending.keys()]) {
      if (name.startsWith(path)) this.#pending.delete(name);
    }
    this.#afterObjectChange(counts, options);
  }

  /**
   * The attributes of the parameters `names` cover (each a name or partial path).
   *
   * @throws {CwmpFault} 9005 for a name that does not exist.
   * @see TR-069 Issue 1, A.3.2.5 GetParameterAttributes
   */
  getAttributes(names: readonly string[]): ParameterAttributeStruct[] {
    const list: ParameterAttributeStruct[] = [];
    for (const target of names.map((n) => this.#resolve(n))) {
      const params = target.kind === "parameter"
        ? [{ path: target.path, slot: target.slot }]
        : parametersUnder(target.node);
      for (const { path, slot } of params) {
        list.push({
          name: path,
          notification: slot.notification,
          accessList: [...slot.accessList],
        });
      }
    }
    return list;
  }

  /**
   * Applies SetParameterAttributes all or nothing; see `applyAttributes` for the rules.
   *
   * @throws {CwmpFault} 9005 unknown name, 9009 notification refused, 9003 bad AccessList.
   * @see TR-069 Issue 1, A.3.2.4 SetParameterAttributes
   */
  setAttributes(list: readonly SetParameterAttributesStruct[]): void {
    applyAttributes(this.#root, list);
    // An attribute change is no value change; drop what notification no longer covers.
    for (const [path] of this.#pending) {
      const target = resolvePath(this.#root, path);
      if (target?.kind === "parameter" && target.slot.notification === 0) {
        this.#pending.delete(path);
      }
    }
  }

  /**
   * Collects the next Inform's ParameterList: reads the forced-inform and changed parameters
   * from the backend, then lists the forced ones and every pending change.
   *
   * @see TR-069 Issue 1, A.3.3.1 Inform and Table 33
   */
  async prepareInform(): Promise<InformParameters> {
    const before = [...new Set([...forcedInformPaths(this.#root), ...this.#pending.keys()])];
    for (const name of before) {
      const target = resolvePath(this.#root, name);
      if (target?.kind === "parameter") await this.#readBackend(name, target.slot);
    }
    // Listed again: the reads may have recorded changes, and objects may have gone meanwhile.
    const parameterList: ParameterValueStruct[] = [];
    let valueChange = false;
    for (const name of new Set([...forcedInformPaths(this.#root), ...this.#pending.keys()])) {
      const target = resolvePath(this.#root, name);
      if (target?.kind !== "parameter") continue;
      parameterList.push(readable(name, target.slot));
      valueChange ||= this.#pending.has(name);
    }
    return { parameterList, valueChange, mark: this.#seq };
  }

  /** Forgets the value changes an answered Inform reported (those up to `mark`). */
  acknowledgeInform(mark: number): void {
    for (const [path, change] of this.#pending) if (change.seq <= mark) this.#pending.delete(path);
  }

  /** The value changes not yet reported, by path: 1 passive, 2 active. */
  pendingChanges(): Map<string, 1 | 2> {
    return new Map([...this.#pending].map(([path, change]) => [path, change.level]));
  }

  /**
   * Asks the backend for every parameter with notification on and records what changed.
   *
   * @returns How many values changed.
   */
  async refresh(): Promise<number> {
    let changed = 0;
    for (const { path, slot } of [...parametersUnder(this.#root)]) {
      if (slot.notification === 0) continue;
      const before = slot.value;
      await this.#readBackend(path, slot);
      if (slot.value !== before) changed++;
    }
    return changed;
  }

  /** Calls `listener` on every value change and backend error; returns the unsubscribe function. */
  subscribe(listener: (event: ModelEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The whole state as JSON data. */
  snapshot(): ModelSnapshot {
    const pending = new Map([...this.#pending].map(([path, c]) => [path, c.level]));
    return takeSnapshot(this.model, {
      root: this.#root,
      parameterKey: this.#parameterKey,
      pending,
    });
  }

  /**
   * The state as {@link snapshot} has it, but without the values the data model marks hidden
   * (passwords, keys): what GetParameterValues would not reveal stays on the device when the
   * configuration is exported (Upload of "1 Vendor Configuration File").
   *
   * @see TR-069 Issue 1, A.4.1.5 Upload and Appendix B (Password: "When read, this parameter
   * returns an empty string")
   */
  exportSnapshot(): ModelSnapshot {
    const pending = new Map([...this.#pending].map(([path, c]) => [path, c.level]));
    return takeSnapshot(this.model, {
      root: this.#root,
      parameterKey: this.#parameterKey,
      pending,
    }, { omitHidden: true });
  }

  /**
   * Replaces the whole state with a snapshot's, all or nothing.
   *
   * @returns Warnings for what no longer fits the model and was skipped.
   * @throws {ModelStateError} Malformed, or of another data model; the state is unchanged.
   */
  restore(snapshot: unknown): { warnings: string[] } {
    const state = restoreState(this.model, snapshot);
    this.#root = state.root;
    this.#parameterKey = state.parameterKey;
    this.#pending = new Map([...state.pending].map(([path, level]) => [path, { level, seq: 0 }]));
    return { warnings: state.warnings };
  }

  #afterObjectChange(
    counts: SlotChange[],
    options: ChangeOptions & { parameterKey?: string },
  ): void {
    const source = options.source ?? "local";
    for (const { path, slot, previous } of counts) this.#recordChange(path, slot, previous, source);
    if (options.parameterKey !== undefined) this.setParameterKey(options.parameterKey);
  }

  #assign(path: string, slot: ParamSlot, value: string, source: ChangeSource): void {
    if (slot.value === value) return;
    const previous = slot.value;
    slot.value = value;
    this.#recordChange(path, slot, previous, source);
  }

  #recordChange(path: string, slot: ParamSlot, previous: string, source: ChangeSource): void {
    let notify: 0 | 1 | 2 = 0;
    if (source !== "local") this.#pending.delete(path);
    else if (slot.notification > 0) {
      notify = slot.notification;
      const level = Math.max(notify, this.#pending.get(path)?.level ?? 1) as 1 | 2;
      this.#pending.set(path, { level, seq: ++this.#seq });
    }
    this.#emit({ type: "change", path, value: slot.value, previous, source, notify });
  }

  async #readBackend(path: string, slot: ParamSlot): Promise<void> {
    if (this.#backend.read === undefined) return;
    let value: string | undefined;
    try {
      value = await this.#backend.read(path, slot.def);
    } catch (error) {
      this.#emit({ type: "backend-error", path, operation: "read", message: text(error) });
      return;
    }
    if (value === undefined) return;
    const canonical = canonicalValue(slot.def.syntax.type, value);
    if (canonical === undefined) {
      const message = `'${value}' is not a ${slot.def.syntax.type}`;
      this.#emit({ type: "backend-error", path, operation: "read", message });
      return;
    }
    if (canonical === slot.value) return;
    // The read may have awaited while the ACS deleted the object: record nothing for it then.
    const current = resolvePath(this.#root, path);
    if (current?.kind === "parameter" && current.slot.node === slot.node) {
      this.#assign(path, slot, canonical, "local");
    }
  }

  async #undoWrites(written: { name: string; old: string; slot: ParamSlot }[]): Promise<void> {
    for (const { name, old, slot } of written.reverse()) {
      try {
        await this.#backend.write?.(name, old, slot.def);
      } catch (error) {
        this.#emit({ type: "backend-error", path: name, operation: "write", message: text(error) });
      }
    }
  }

  #emit(event: ModelEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #resolve(path: string): Resolved {
    const target = resolvePath(this.#root, path);
    if (target === undefined) throw new CwmpFault(9005, `Invalid parameter name: ${path}`);
    return target;
  }

  #parameter(path: string): ParamSlot {
    const target = resolvePath(this.#root, path);
    if (target?.kind !== "parameter") throw new CwmpFault(9005, `Invalid parameter name: ${path}`);
    return target.slot;
  }
}

/**
 * A parameter as the ACS may read it: a hidden one (a password, a command) reads as the empty
 * value of its type (TR-106: "the value is hidden ... when read, returns an empty string", and
 * a command parameter reads false).
 */
function readable(name: string, slot: ParamSlot): ParameterValueStruct {
  const type = slot.def.syntax.type;
  return { name, type, value: slot.def.hidden ? HIDDEN_VALUE[type] : slot.value };
}

const HIDDEN_VALUE: Readonly<Record<ValueType, string>> = {
  string: "",
  base64: "",
  boolean: "false",
  int: "0",
  unsignedInt: "0",
  long: "0",
  unsignedLong: "0",
  dateTime: UNKNOWN_TIME,
};

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
