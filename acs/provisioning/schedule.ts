/**
 * Schedule windows of presets and campaigns: a five-field cron expression (minute hour
 * day-of-month month day-of-week, UTC) opens a window at each minute it matches, for
 * `durationSeconds`. Pure: the time comes in as ms since the epoch.
 *
 * Evaluation walks days, not minutes: a day that does not match costs one check, a month that
 * does not match is skipped whole, and within a matching day the hour and minute lists are
 * searched directly. A 31-day window costs at most 32 day checks.
 *
 * @module
 */

import type { ScheduleWindow } from "./types.ts";

/**
 * A cron expression that cannot be used, with the reason.
 *
 * @example Usage
 * ```ts
 * import { CronSyntaxError, parseCron } from "./schedule.ts";
 * try {
 *   parseCron("61 * * * *");
 *   throw new Error("unexpected");
 * } catch (e) {
 *   if (!(e instanceof CronSyntaxError)) throw e;
 *   if (e.message !== 'Cannot parse cron "61 * * * *": minute 61 is out of range 0-59') {
 *     throw new Error("unexpected");
 *   }
 * }
 * ```
 */
export class CronSyntaxError extends Error {
  /** The expression as given. */
  readonly expression: string;

  /**
   * @param expression The expression as given.
   * @param reason What is wrong with it.
   */
  constructor(expression: string, reason: string) {
    super(`Cannot parse cron "${expression}": ${reason}`);
    this.name = "CronSyntaxError";
    this.expression = expression;
  }
}

/** A parsed cron expression: the values each field allows, ascending. */
export interface CronSpec {
  /** The expression as given. */
  readonly expression: string;
  /** 0-59. */
  readonly minutes: readonly number[];
  /** 0-23. */
  readonly hours: readonly number[];
  /** 1-31. */
  readonly daysOfMonth: readonly number[];
  /** 1-12. */
  readonly months: readonly number[];
  /** 0-6, Sunday is 0 (a 7 in the expression is read as 0). */
  readonly daysOfWeek: readonly number[];
  /**
   * Whether both day fields are restricted (neither starts with `*`): then a day matches when
   * either field does, as in classic cron; otherwise it must match both.
   */
  readonly eitherDay: boolean;
}

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names of min, min + 1, ... */
  names?: readonly string[];
  /** Day-of-week: 7 is another name of Sunday, 0. */
  sevenIsSunday?: boolean;
}

const FIELDS: readonly Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  {
    name: "day-of-week",
    min: 0,
    max: 7,
    names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    sevenIsSunday: true,
  },
];

// The longest each month gets (February in a leap year), to refuse a day that never comes.
const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Parses a five-field cron expression: minute (0-59), hour (0-23), day of month (1-31),
 * month (1-12 or JAN-DEC), day of week (0-7 or SUN-SAT; 0 and 7 are Sunday), read in UTC.
 * A field is `*`, a number, a range `a-b`, either of `*` and `a-b` followed by a step `/s`,
 * or a list of these separated by commas; names are case-insensitive, and a day-of-week range may end on Sunday
 * (`FRI-SUN`). `a/s` is refused as ambiguous (crons
 * disagree whether it means `a` or `a-max/s`), and so is an expression that can never match,
 * such as `0 0 30 2 *`.
 *
 * @param expr The expression, fields separated by white space.
 * @returns The allowed values of each field.
 * @throws {CronSyntaxError} The expression is malformed, out of range or never matches.
 *
 * @example Weekdays at 02:30
 * ```ts
 * import { parseCron } from "./schedule.ts";
 * const spec = parseCron("30 2 * * MON-FRI");
 * if (spec.daysOfWeek.join() !== "1,2,3,4,5" || spec.hours.join() !== "2") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function parseCron(expr: string): CronSpec {
  const texts = expr.trim() === "" ? [] : expr.trim().split(/\s+/);
  if (texts.length !== FIELDS.length) {
    throw new CronSyntaxError(
      expr,
      `expected 5 fields (minute hour day-of-month month day-of-week), got ${texts.length}`,
    );
  }
  const values = FIELDS.map((field, i) => parseField(expr, field, texts[i] ?? ""));
  const [minutes = [], hours = [], daysOfMonth = [], months = [], daysOfWeek = []] = values;
  const domText = texts[2] ?? "";
  const dowText = texts[4] ?? "";
  const spec: CronSpec = {
    expression: expr,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    eitherDay: !domText.startsWith("*") && !dowText.startsWith("*"),
  };
  // Under the OR rule every week has a matching day; otherwise the day of month must exist.
  const firstDay = daysOfMonth[0] ?? 1;
  if (!spec.eitherDay && months.every((m) => firstDay > (LONGEST_MONTH[m - 1] ?? 31))) {
    throw new CronSyntaxError(
      expr,
      `day-of-month ${domText} never occurs in month ${texts[3]}, so it never matches`,
    );
  }
  return spec;
}

function parseField(expr: string, field: Field, text: string): number[] {
  const allowed: boolean[] = new Array(field.max + 1).fill(false);
  for (const item of text.split(",")) {
    if (item === "") throw new CronSyntaxError(expr, `${field.name} "${text}" has an empty item`);
    const [base = "", step, extra] = item.split("/");
    if (extra !== undefined) {
      throw new CronSyntaxError(expr, `${field.name} "${item}" has more than one step`);
    }
    let low = field.min;
    let high = field.max;
    if (base !== "*") {
      const dash = base.indexOf("-", 1);
      if (dash === base.length - 1) {
        throw new CronSyntaxError(expr, `${field.name} range "${base}" has no end`);
      }
      low = fieldValue(expr, field, dash < 0 ? base : base.slice(0, dash));
      high = dash < 0 ? low : fieldValue(expr, field, base.slice(dash + 1));
      // A range may end on Sunday written 0 or SUN: FRI-SUN is 5-7.
      if (field.sevenIsSunday && dash >= 0 && high === 0 && low > 0) high = 7;
      if (low > high) {
        throw new CronSyntaxError(expr, `${field.name} range ${base} runs backwards`);
      }
      if (dash < 0 && step !== undefined) {
        throw new CronSyntaxError(
          expr,
          `${field.name} "${item}" steps from a single value; write ${base}-${field.max}/${step}`,
        );
      }
    }
    const every = step === undefined ? 1 : stepValue(expr, field, step);
    for (let v = low; v <= high; v += every) allowed[field.sevenIsSunday && v === 7 ? 0 : v] = true;
  }
  const values: number[] = [];
  allowed.forEach((on, v) => on && values.push(v));
  return values;
}

function fieldValue(expr: string, field: Field, token: string): number {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < field.min || value > field.max) {
      throw new CronSyntaxError(
        expr,
        `${field.name} ${token} is out of range ${field.min}-${field.max}`,
      );
    }
    return value;
  }
  const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return field.min + index;
  const expected = field.names === undefined
    ? "a number"
    : `a number or a name ${field.names[0]}-${field.names[field.names.length - 1]}`;
  throw new CronSyntaxError(expr, `${field.name} "${token}" is not ${expected}`);
}

function stepValue(expr: string, field: Field, token: string): number {
  if (!/^\d+$/.test(token) || Number(token) < 1) {
    throw new CronSyntaxError(expr, `${field.name} step "${token}" is not a positive number`);
  }
  return Number(token);
}

/**
 * Whether the expression matches the minute (UTC) that contains `ms`.
 *
 * @param spec A parsed expression.
 * @param ms A time, ms since the epoch.
 * @returns True when the minute matches.
 *
 * @example Usage
 * ```ts
 * import { cronMatches, parseCron } from "./schedule.ts";
 * const nightly = parseCron("0 2 * * *");
 * if (!cronMatches(nightly, Date.UTC(2026, 0, 1, 2, 0, 59)) ||
 *   cronMatches(nightly, Date.UTC(2026, 0, 1, 2, 1))) throw new Error("unexpected");
 * ```
 */
export function cronMatches(spec: CronSpec, ms: number): boolean {
  const day = Math.floor(ms / DAY) * DAY;
  const offset = ms - day;
  return spec.hours.includes(Math.floor(offset / HOUR)) &&
    spec.minutes.includes(Math.floor((offset % HOUR) / MINUTE)) &&
    dayMatches(spec, new Date(day));
}

/**
 * Whether a window is open at `now`: some minute the expression matches began at most
 * `durationSeconds` before (`m <= now < m + durationSeconds * 1000`).
 *
 * @param window The cron expression and how long each opening lasts.
 * @param now The time, ms since the epoch.
 * @returns True when open.
 * @throws {CronSyntaxError} The expression does not parse (the schemas refuse such windows).
 *
 * @example Nightly from 02:00 for two hours
 * ```ts
 * import { isWindowOpen } from "./schedule.ts";
 * const nightly = { cron: "0 2 * * *", durationSeconds: 7200 };
 * if (!isWindowOpen(nightly, Date.UTC(2026, 0, 1, 3, 59)) ||
 *   isWindowOpen(nightly, Date.UTC(2026, 0, 1, 4, 0))) throw new Error("unexpected");
 * ```
 */
export function isWindowOpen(window: ScheduleWindow, now: number): boolean {
  const spec = parseCron(window.cron);
  const duration = window.durationSeconds * 1000;
  const start = latestMatch(spec, now, now - duration);
  return start !== null && now < start + duration;
}

/**
 * The next time a window opens: the first minute the expression matches strictly after
 * `now`, looking at most 366 days ahead (a window open at `now` is not reported).
 *
 * @param window The cron expression (its duration plays no part).
 * @param now The time, ms since the epoch.
 * @returns The start of that minute in ms since the epoch, or null when none comes within
 * 366 days (say, `0 0 29 2 *` in a year without a leap day ahead).
 * @throws {CronSyntaxError} The expression does not parse.
 *
 * @example Usage
 * ```ts
 * import { nextWindowStart } from "./schedule.ts";
 * const nightly = { cron: "0 2 * * *", durationSeconds: 7200 };
 * if (nextWindowStart(nightly, Date.UTC(2026, 0, 1, 2, 0)) !== Date.UTC(2026, 0, 2, 2, 0)) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function nextWindowStart(window: ScheduleWindow, now: number): number | null {
  const spec = parseCron(window.cron);
  return earliestMatch(spec, Math.floor(now / MINUTE) * MINUTE + MINUTE, now + 366 * DAY);
}

function dayMatches(spec: CronSpec, date: Date): boolean {
  if (!spec.months.includes(date.getUTCMonth() + 1)) return false;
  const dom = spec.daysOfMonth.includes(date.getUTCDate());
  const dow = spec.daysOfWeek.includes(date.getUTCDay());
  return spec.eitherDay ? dom || dow : dom && dow;
}

/** The latest matching minute in [notBefore, at], or null. */
function latestMatch(spec: CronSpec, at: number, notBefore: number): number | null {
  let day = Math.floor(at / DAY) * DAY;
  let bound = Math.floor((at - day) / MINUTE);
  while (day + DAY > notBefore) {
    const date = new Date(day);
    if (!spec.months.includes(date.getUTCMonth() + 1)) {
      // Straight to the last day of the month before.
      day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 0);
      bound = 24 * 60 - 1;
      continue;
    }
    const minute = dayMatches(spec, date) ? latestInDay(spec, bound) : null;
    if (minute !== null) {
      const start = day + minute * MINUTE;
      return start >= notBefore ? start : null;
    }
    day -= DAY;
    bound = 24 * 60 - 1;
  }
  return null;
}

/** The earliest matching minute in [from, notAfter] (from on a minute), or null. */
function earliestMatch(spec: CronSpec, from: number, notAfter: number): number | null {
  let day = Math.floor(from / DAY) * DAY;
  let bound = Math.floor((from - day) / MINUTE);
  while (day <= notAfter) {
    const date = new Date(day);
    if (!spec.months.includes(date.getUTCMonth() + 1)) {
      day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
      bound = 0;
      continue;
    }
    const minute = dayMatches(spec, date) ? earliestInDay(spec, bound) : null;
    if (minute !== null) {
      const start = day + minute * MINUTE;
      return start <= notAfter ? start : null;
    }
    day += DAY;
    bound = 0;
  }
  return null;
}

/** The latest matching minute of a day at or before minute `bound` of it, or null. */
function latestInDay(spec: CronSpec, bound: number): number | null {
  const lastHour = Math.floor(bound / 60);
  for (let i = spec.hours.length - 1; i >= 0; i--) {
    const hour = spec.hours[i] ?? 0;
    if (hour > lastHour) continue;
    const limit = hour === lastHour ? bound % 60 : 59;
    for (let j = spec.minutes.length - 1; j >= 0; j--) {
      const minute = spec.minutes[j] ?? 0;
      if (minute <= limit) return hour * 60 + minute;
    }
  }
  return null;
}

/** The earliest matching minute of a day at or after minute `bound` of it, or null. */
function earliestInDay(spec: CronSpec, bound: number): number | null {
  const firstHour = Math.floor(bound / 60);
  for (const hour of spec.hours) {
    if (hour < firstHour) continue;
    const limit = hour === firstHour ? bound % 60 : 0;
    for (const minute of spec.minutes) {
      if (minute >= limit) return hour * 60 + minute;
    }
  }
  return null;
}
