/**
 * From presets to one desired state: which presets a session triggers (events and schedule,
 * known without the device's data; then the precondition), and how their desired states
 * combine. Presets apply in weight order, lightest first, so where two disagree on a value,
 * an attribute or a software version, the heavier one wins; ties go by id.
 *
 * @module
 */

import { isWindowOpen } from "./schedule.ts";
import type {
  DesiredAttribute,
  DesiredObject,
  DesiredValue,
  Preset,
  RefreshRule,
} from "./types.ts";

/** Who wants an item: the preset's id (faults name it). */
export interface Owned {
  presetId: string;
}

/** One object rule of a preset; `ruleKey` tells rules apart within a session. */
export type OwnedObject = DesiredObject & Owned & { ruleKey: string };

/** The desired state of every preset of a session, combined. */
export interface MergedDesired {
  /** Parameter values by name. */
  values: Map<string, DesiredValue & Owned>;
  objects: OwnedObject[];
  /** Tags to add and to remove, each with the preset that wants it. */
  tagsAdd: Map<string, string>;
  tagsRemove: Map<string, string>;
  attributes: Map<string, DesiredAttribute & Owned>;
  softwareVersion: ({ version: string; file?: string | undefined } & Owned) | null;
  /** Refresh rules by path; the shortest age wins. */
  refresh: Map<string, RefreshRule & Owned>;
}

/**
 * The presets a session may apply before their preconditions are checked: enabled, triggered
 * by one of the Inform's events (or by every session), inside their schedule window.
 *
 * @param presets Every preset.
 * @param events The event codes of the session's Inform.
 * @param now Now, in ms since the epoch.
 * @returns The candidates, lightest first.
 *
 * @example A BOOT preset is not a candidate of a periodic session
 * ```ts
 * import { candidatePresets } from "./merge.ts";
 * const preset = {
 *   id: "boot", description: "", enabled: true, weight: 0, precondition: {},
 *   events: ["1 BOOT"], schedule: null, desired: {},
 * };
 * if (candidatePresets([preset], ["2 PERIODIC"], 0).length !== 0) throw new Error("unexpected");
 * if (candidatePresets([preset], ["1 BOOT"], 0).length !== 1) throw new Error("unexpected");
 * ```
 */
export function candidatePresets(
  presets: readonly Preset[],
  events: readonly string[],
  now: number,
): Preset[] {
  return presets
    .filter((p) =>
      p.enabled &&
      (p.events.length === 0 || p.events.some((e) => events.includes(e))) &&
      (p.schedule === null || isWindowOpen(p.schedule, now))
    )
    .sort((a, b) => a.weight - b.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Combines the desired states of presets given lightest first.
 *
 * @param presets The presets that apply, lightest first.
 * @returns The combined desired state.
 *
 * @example The heavier preset's value wins
 * ```ts
 * import { mergeDesired } from "./merge.ts";
 * const preset = (id: string, value: string) => ({
 *   id, description: "", enabled: true, weight: 0, precondition: {}, events: [],
 *   schedule: null, desired: { values: [{ name: "A.B", value }] },
 * });
 * const merged = mergeDesired([preset("light", "1"), preset("heavy", "2")]);
 * if (merged.values.get("A.B")?.presetId !== "heavy") throw new Error("unexpected");
 * ```
 */
export function mergeDesired(presets: readonly Preset[]): MergedDesired {
  const merged: MergedDesired = {
    values: new Map(),
    objects: [],
    tagsAdd: new Map(),
    tagsRemove: new Map(),
    attributes: new Map(),
    softwareVersion: null,
    refresh: new Map(),
  };
  for (const preset of presets) {
    const presetId = preset.id;
    const desired = preset.desired;
    for (const v of desired.values ?? []) merged.values.set(v.name, { ...v, presetId });
    desired.objects?.forEach((o, i) => {
      // A later rule on the same object path replaces an earlier one.
      merged.objects = merged.objects.filter((e) => e.path !== o.path || !sameKind(e, o));
      merged.objects.push({ ...o, presetId, ruleKey: `${presetId}#${i}` });
    });
    for (const tag of desired.tags?.add ?? []) {
      merged.tagsRemove.delete(tag);
      merged.tagsAdd.set(tag, presetId);
    }
    for (const tag of desired.tags?.remove ?? []) {
      merged.tagsAdd.delete(tag);
      merged.tagsRemove.set(tag, presetId);
    }
    for (const a of desired.attributes ?? []) merged.attributes.set(a.name, { ...a, presetId });
    if (desired.softwareVersion !== undefined) {
      merged.softwareVersion = { ...desired.softwareVersion, presetId };
    }
    for (const r of desired.refresh ?? []) {
      const known = merged.refresh.get(r.path);
      if (known === undefined || r.maxAgeSeconds < known.maxAgeSeconds) {
        merged.refresh.set(r.path, { ...r, presetId });
      }
    }
  }
  return merged;
}

function sameKind(a: DesiredObject, b: DesiredObject): boolean {
  if ("count" in a || "count" in b) return "count" in a && "count" in b;
  return JSON.stringify(a.keys) === JSON.stringify(b.keys);
}

/**
 * The desired state without the items of presets given up in this session.
 *
 * @param merged The combined state.
 * @param failed Ids of presets given up.
 * @returns The state of the others.
 */
export function withoutPresets(merged: MergedDesired, failed: ReadonlySet<string>): MergedDesired {
  if (failed.size === 0) return merged;
  const keep = <T extends Owned>(m: Map<string, T>): Map<string, T> =>
    new Map([...m].filter(([, v]) => !failed.has(v.presetId)));
  const keepTag = (m: Map<string, string>): Map<string, string> =>
    new Map([...m].filter(([, id]) => !failed.has(id)));
  const sv = merged.softwareVersion;
  return {
    values: keep(merged.values),
    objects: merged.objects.filter((o) => !failed.has(o.presetId)),
    tagsAdd: keepTag(merged.tagsAdd),
    tagsRemove: keepTag(merged.tagsRemove),
    attributes: keep(merged.attributes),
    softwareVersion: sv !== null && failed.has(sv.presetId) ? null : sv,
    refresh: keep(merged.refresh),
  };
}
