/**
 * Properties of schedule.ts against definitions that walk minute by minute: random cron
 * expressions (every field form, names, lists), random times from 1999 to 2031.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import {
  cronMatches,
  type CronSpec,
  isWindowOpen,
  nextWindowStart,
  parseCron,
} from "./schedule.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A matcher straight from the definition, independent of schedule.ts's search. */
function referenceMatches(spec: CronSpec, ms: number): boolean {
  const d = new Date(ms);
  const dom = spec.daysOfMonth.includes(d.getUTCDate());
  const dow = spec.daysOfWeek.includes(d.getUTCDay());
  return spec.minutes.includes(d.getUTCMinutes()) && spec.hours.includes(d.getUTCHours()) &&
    spec.months.includes(d.getUTCMonth() + 1) && (spec.eitherDay ? dom || dow : dom && dow);
}

function fieldText(min: number, max: number, names?: readonly string[]): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const token = names === undefined
    ? value.map(String)
    : fc.oneof(value.map(String), fc.constantFrom(...names));
  const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
  const step = fc.integer({ min: 1, max: max - min + 1 });
  const item = fc.oneof(
    token,
    range,
    step.map((s) => `*/${s}`),
    fc.tuple(range, step).map(([r, s]) => `${r}/${s}`),
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant("*") },
    { weight: 3, arbitrary: item },
    {
      weight: 2,
      arbitrary: fc.array(item, { minLength: 2, maxLength: 4 }).map((l) => l.join(",")),
    },
  );
}

const CRON: fc.Arbitrary<CronSpec> = fc.tuple(
  fieldText(0, 59),
  fieldText(0, 23),
  fieldText(1, 31),
  fieldText(1, 12, ["JAN", "feb", "Mar", "APR", "DEC"]),
  fieldText(0, 7, ["SUN", "mon", "Fri", "SAT"]),
).map((fields) => fields.join(" ")).filter((cron) => {
  try {
    parseCron(cron);
    return true;
  } catch {
    return false;
  }
}).map(parseCron);

const NOW = fc.integer({ min: Date.UTC(1999, 11, 1), max: Date.UTC(2031, 2, 1) });

Deno.test("isWindowOpen() agrees with a minute-by-minute search for short windows (property)", () => {
  fc.assert(
    fc.property(CRON, NOW, fc.integer({ min: 1, max: 240 * 60 }), (spec, now, seconds) => {
      const duration = seconds * 1000;
      let expected = false;
      for (let m = Math.floor(now / MINUTE) * MINUTE; m > now - duration; m -= MINUTE) {
        if (referenceMatches(spec, m)) {
          expected = true;
          break;
        }
      }
      const window = { cron: spec.expression, durationSeconds: seconds };
      assert.equal(isWindowOpen(window, now), expected);
    }),
    { numRuns: 300 },
  );
});

Deno.test("isWindowOpen() agrees with a minute-by-minute search for 31-day windows (property)", () => {
  fc.assert(
    fc.property(CRON, NOW, (spec, now) => {
      const duration = 31 * DAY;
      let expected = false;
      for (let m = Math.floor(now / MINUTE) * MINUTE; m > now - duration; m -= MINUTE) {
        if (referenceMatches(spec, m)) {
          expected = true;
          break;
        }
      }
      assert.equal(
        isWindowOpen({ cron: spec.expression, durationSeconds: 31 * 86400 }, now),
        expected,
      );
    }),
    { numRuns: 40 },
  );
});

Deno.test("cronMatches() agrees with the definition (property)", () => {
  fc.assert(fc.property(CRON, NOW, (spec, now) => {
    assert.equal(cronMatches(spec, now), referenceMatches(spec, now));
  }));
});

Deno.test("nextWindowStart() is the first match after now (property)", () => {
  const span = 2 * DAY;
  fc.assert(
    fc.property(CRON, NOW, (spec, now) => {
      const found = nextWindowStart({ cron: spec.expression, durationSeconds: 60 }, now);
      let first: number | null = null;
      for (let m = Math.floor(now / MINUTE) * MINUTE + MINUTE; m <= now + span; m += MINUTE) {
        if (referenceMatches(spec, m)) {
          first = m;
          break;
        }
      }
      if (first !== null) {
        assert.equal(found, first);
      } else if (found !== null) {
        assert.ok(found > now + span && found <= now + 366 * DAY);
        assert.ok(found % MINUTE === 0 && referenceMatches(spec, found));
      }
    }),
    { numRuns: 300 },
  );
});
