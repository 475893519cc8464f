import assert from "node:assert/strict";
import {
  cronMatches,
  CronSyntaxError,
  isWindowOpen,
  nextWindowStart,
  parseCron,
} from "./schedule.ts";
import { ScheduleWindowSchema } from "./schemas.ts";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A time in UTC: `at(2026, 1, 31, 23, 59)` is 2026-01-31T23:59:00Z (months from 1). */
function at(year: number, month: number, day: number, hour = 0, minute = 0, ms = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) + ms;
}

function open(cron: string, hours: number, now: number): boolean {
  return isWindowOpen({ cron, durationSeconds: hours * 3600 }, now);
}

function next(cron: string, now: number): number | null {
  return nextWindowStart({ cron, durationSeconds: 60 }, now);
}

function syntaxError(expr: string): string {
  try {
    parseCron(expr);
  } catch (e) {
    assert.ok(e instanceof CronSyntaxError, String(e));
    return e.message;
  }
  throw new Error(`parseCron("${expr}") did not throw`);
}

// --- parseCron(): fields ---

Deno.test("parseCron() reads * as every value of each field", () => {
  const spec = parseCron("* * * * *");
  assert.equal(spec.minutes.length, 60);
  assert.equal(spec.hours.length, 24);
  assert.deepEqual(spec.daysOfMonth, Array.from({ length: 31 }, (_, i) => i + 1));
  assert.deepEqual(spec.months, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual(spec.daysOfWeek, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(spec.eitherDay, false);
  assert.equal(spec.expression, "* * * * *");
});

Deno.test("parseCron() reads numbers, ranges, steps and lists", () => {
  const spec = parseCron("5,07,*/20 1-3 10-20/5 2 1-5/2");
  assert.deepEqual(spec.minutes, [0, 5, 7, 20, 40]);
  assert.deepEqual(spec.hours, [1, 2, 3]);
  assert.deepEqual(spec.daysOfMonth, [10, 15, 20]);
  assert.deepEqual(spec.months, [2]);
  assert.deepEqual(spec.daysOfWeek, [1, 3, 5]);
});

Deno.test("parseCron() reads step ranges that do not land on the end", () => {
  assert.deepEqual(parseCron("0-59/25 * * * *").minutes, [0, 25, 50]);
  assert.deepEqual(parseCron("*/7 * * * *").minutes, [0, 7, 14, 21, 28, 35, 42, 49, 56]);
  assert.deepEqual(parseCron("0 0-23/6 * * *").hours, [0, 6, 12, 18]);
  assert.deepEqual(parseCron("0 0 */10 * *").daysOfMonth, [1, 11, 21, 31]);
  assert.deepEqual(parseCron("0 0 * */5 *").months, [1, 6, 11]);
  assert.deepEqual(parseCron("*/100 * * * *").minutes, [0]);
});

Deno.test("parseCron() reads month and day names in any case", () => {
  assert.deepEqual(parseCron("0 0 * jan-Mar,DEC *").months, [1, 2, 3, 12]);
  assert.deepEqual(parseCron("0 0 * * mon-FRI").daysOfWeek, [1, 2, 3, 4, 5]);
  assert.deepEqual(parseCron("0 0 * * Sun,sat").daysOfWeek, [0, 6]);
});

Deno.test("parseCron() reads Sunday at the end of a day-of-week range as 7", () => {
  assert.deepEqual(parseCron("0 0 * * MON-SUN").daysOfWeek, [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(parseCron("0 0 * * FRI-SUN").daysOfWeek, [0, 5, 6]);
  assert.deepEqual(parseCron("0 0 * * 6-0").daysOfWeek, [0, 6]);
  assert.deepEqual(parseCron("0 0 * * SUN-SUN").daysOfWeek, [0]);
  assert.deepEqual(parseCron("0 0 * * SUN-TUE").daysOfWeek, [0, 1, 2]);
});

Deno.test("parseCron() reads Sunday as 0 and as 7", () => {
  assert.deepEqual(parseCron("0 0 * * 7").daysOfWeek, [0]);
  assert.deepEqual(parseCron("0 0 * * 0,7").daysOfWeek, [0]);
  assert.deepEqual(parseCron("0 0 * * 5-7").daysOfWeek, [0, 5, 6]);
  assert.deepEqual(parseCron("0 0 * * 0-7").daysOfWeek, [0, 1, 2, 3, 4, 5, 6]);
});

Deno.test("parseCron() accepts any white space between fields", () => {
  assert.deepEqual(parseCron("  0\t2  * *\n*  ").hours, [2]);
});

Deno.test("parseCron() applies the OR rule only when neither day field starts with *", () => {
  assert.equal(parseCron("0 0 13 * FRI").eitherDay, true);
  assert.equal(parseCron("0 0 1-31 * 1").eitherDay, true);
  assert.equal(parseCron("0 0 * * FRI").eitherDay, false);
  assert.equal(parseCron("0 0 13 * *").eitherDay, false);
  assert.equal(parseCron("0 0 */2 * MON").eitherDay, false);
  assert.equal(parseCron("0 0 13 * */2").eitherDay, false);
});

// --- parseCron(): errors ---

Deno.test("parseCron() names the field and range of a value out of range", () => {
  assert.equal(
    syntaxError("61 * * * *"),
    'Cannot parse cron "61 * * * *": minute 61 is out of range 0-59',
  );
  assert.equal(
    syntaxError("0 24 * * *"),
    'Cannot parse cron "0 24 * * *": hour 24 is out of range 0-23',
  );
  assert.match(syntaxError("0 0 0 * *"), /day-of-month 0 is out of range 1-31$/);
  assert.match(syntaxError("0 0 32 * *"), /day-of-month 32 is out of range 1-31$/);
  assert.match(syntaxError("0 0 * 13 *"), /month 13 is out of range 1-12$/);
  assert.match(syntaxError("0 0 * * 8"), /day-of-week 8 is out of range 0-7$/);
  assert.match(syntaxError("0 0 * * 1-9"), /day-of-week 9 is out of range 0-7$/);
  assert.match(syntaxError("99999999999999999999 * * * *"), /minute 9{20} is out of range/);
});

Deno.test("parseCron() refuses a wrong number of fields", () => {
  const message = "expected 5 fields (minute hour day-of-month month day-of-week)";
  assert.equal(syntaxError(""), `Cannot parse cron "": ${message}, got 0`);
  assert.equal(syntaxError("0 2 * *"), `Cannot parse cron "0 2 * *": ${message}, got 4`);
  assert.match(syntaxError("0 0 2 * * *"), /got 6$/);
  assert.match(syntaxError("@daily"), /got 1$/);
});

Deno.test("parseCron() refuses malformed items", () => {
  assert.match(syntaxError("*/0 * * * *"), /minute step "0" is not a positive number$/);
  assert.match(syntaxError("*/ * * * *"), /minute step "" is not a positive number$/);
  assert.match(syntaxError("*/x * * * *"), /minute step "x" is not a positive number$/);
  assert.match(syntaxError("*/2/3 * * * *"), /minute "\*\/2\/3" has more than one step$/);
  assert.match(syntaxError("30-10 * * * *"), /minute range 30-10 runs backwards$/);
  assert.match(syntaxError("0 0 * * FRI-MON"), /day-of-week range FRI-MON runs backwards$/);
  assert.match(syntaxError("0 0 * 12-1 *"), /month range 12-1 runs backwards$/);
  assert.match(syntaxError("1,,2 * * * *"), /minute "1,,2" has an empty item$/);
  assert.match(syntaxError("1, * * * *"), /minute "1," has an empty item$/);
  assert.match(syntaxError("5- * * * *"), /minute range "5-" has no end$/);
  assert.match(syntaxError("-5 * * * *"), /minute "-5" is not a number$/);
  assert.match(syntaxError("JAN * * * *"), /minute "JAN" is not a number$/);
  assert.match(
    syntaxError("0 0 * JANUARY *"),
    /month "JANUARY" is not a number or a name JAN-DEC$/,
  );
  assert.match(
    syntaxError("0 0 * * MON#2"),
    /day-of-week "MON#2" is not a number or a name SUN-SAT$/,
  );
  assert.match(syntaxError("0 0 L * *"), /day-of-month "L" is not a number$/);
  assert.match(syntaxError("0 0 ? * 1"), /day-of-month "\?" is not a number$/);
  assert.match(syntaxError("1.5 * * * *"), /minute "1.5" is not a number$/);
});

Deno.test("parseCron() refuses a step from a single value as ambiguous", () => {
  assert.match(
    syntaxError("5/15 * * * *"),
    /minute "5\/15" steps from a single value; write 5-59\/15$/,
  );
});

Deno.test("parseCron() refuses a day of month that never comes in the months given", () => {
  assert.equal(
    syntaxError("0 0 30 2 *"),
    'Cannot parse cron "0 0 30 2 *": day-of-month 30 never occurs in month 2, so it never matches',
  );
  assert.match(syntaxError("0 0 31 4,6,9,11 *"), /day-of-month 31 never occurs in month 4,6,9,11/);
  assert.match(syntaxError("0 0 30-31 FEB */2"), /never occurs/);
  assert.deepEqual(parseCron("0 0 29 2 *").daysOfMonth, [29], "a leap day comes");
  assert.deepEqual(parseCron("0 0 31 4,5 *").months, [4, 5]);
  assert.deepEqual(parseCron("0 0 30 2 MON").daysOfWeek, [1], "or any Monday of February");
});

Deno.test("CronSyntaxError carries the expression and a name", () => {
  try {
    parseCron("x");
    assert.fail("no error");
  } catch (e) {
    assert.ok(e instanceof CronSyntaxError && e instanceof Error);
    assert.equal(e.name, "CronSyntaxError");
    assert.equal(e.expression, "x");
  }
});

// --- cronMatches() ---

Deno.test("cronMatches() matches the whole minute, to the last millisecond", () => {
  const spec = parseCron("30 2 * * *");
  assert.equal(cronMatches(spec, at(2026, 3, 1, 2, 30)), true);
  assert.equal(cronMatches(spec, at(2026, 3, 1, 2, 30, 59_999)), true);
  assert.equal(cronMatches(spec, at(2026, 3, 1, 2, 31)), false);
  assert.equal(cronMatches(spec, at(2026, 3, 1, 2, 29, 59_999)), false);
  assert.equal(cronMatches(spec, at(2026, 3, 1, 14, 30)), false);
});

Deno.test("cronMatches() matches a day on either day field when both are restricted", () => {
  const spec = parseCron("0 0 13 * FRI");
  assert.equal(cronMatches(spec, at(2026, 2, 6)), true, "a Friday, the 6th");
  assert.equal(cronMatches(spec, at(2026, 2, 13)), true, "Friday the 13th");
  assert.equal(cronMatches(spec, at(2026, 4, 13)), true, "a Monday, the 13th");
  assert.equal(cronMatches(spec, at(2026, 4, 14)), false, "a Tuesday, the 14th");
});

Deno.test("cronMatches() needs both day fields when one starts with *", () => {
  const spec = parseCron("0 0 */2 * MON");
  assert.equal(cronMatches(spec, at(2026, 1, 5)), true, "Monday the 5th");
  assert.equal(cronMatches(spec, at(2026, 1, 12)), false, "Monday the 12th");
  assert.equal(cronMatches(spec, at(2026, 1, 7)), false, "Wednesday the 7th");
  const weekly = parseCron("0 0 * * MON");
  assert.equal(cronMatches(weekly, at(2026, 1, 12)), true);
  assert.equal(cronMatches(weekly, at(2026, 1, 13)), false);
});

Deno.test("cronMatches() matches Sunday written 0 or 7", () => {
  for (const cron of ["0 12 * * 0", "0 12 * * 7", "0 12 * * SUN"]) {
    const spec = parseCron(cron);
    assert.equal(cronMatches(spec, at(2026, 1, 4, 12)), true, `${cron} on Sunday`);
    assert.equal(cronMatches(spec, at(2026, 1, 3, 12)), false, `${cron} on Saturday`);
    assert.equal(cronMatches(spec, at(2026, 1, 5, 12)), false, `${cron} on Monday`);
  }
});

Deno.test("cronMatches() matches a leap day only in leap years", () => {
  const spec = parseCron("0 0 29 2 *");
  assert.equal(cronMatches(spec, at(2028, 2, 29)), true);
  assert.equal(cronMatches(spec, at(2000, 2, 29)), true);
  assert.equal(cronMatches(spec, at(2026, 3, 1)), false);
  assert.equal(cronMatches(spec, at(2100, 3, 1)), false, "2100 has no 29 February");
});

Deno.test("cronMatches() works before 1970", () => {
  const spec = parseCron("59 23 31 12 *");
  assert.equal(cronMatches(spec, at(1969, 12, 31, 23, 59, 30_000)), true);
  assert.equal(cronMatches(spec, at(1969, 12, 31, 23, 58)), false);
});

// --- isWindowOpen() ---

Deno.test("isWindowOpen() is open at 02:30 in a 0 2 * * * window of 2 h", () => {
  assert.equal(open("0 2 * * *", 2, at(2026, 5, 10, 2, 30)), true);
});

Deno.test("isWindowOpen() is open from the first millisecond of 0 2 * * * to 03:59:59.999", () => {
  assert.equal(open("0 2 * * *", 2, at(2026, 5, 10, 2)), true);
  assert.equal(open("0 2 * * *", 2, at(2026, 5, 10, 3, 59, 59_999)), true);
});

Deno.test("isWindowOpen() is closed at 04:00 and at 01:59:59.999 in a 0 2 * * * window of 2 h", () => {
  assert.equal(open("0 2 * * *", 2, at(2026, 5, 10, 4)), false);
  assert.equal(open("0 2 * * *", 2, at(2026, 5, 10, 2) - 1), false);
  assert.equal(open("0 2 * * *", 2, at(2026, 5, 10, 14)), false);
});

Deno.test("isWindowOpen() is open at 01:30 in a 0 23 * * * window of 3 h (past midnight)", () => {
  assert.equal(open("0 23 * * *", 3, at(2026, 5, 11, 1, 30)), true);
  assert.equal(open("0 23 * * *", 3, at(2026, 5, 11, 2)), false);
  assert.equal(open("0 23 * * *", 3, at(2026, 5, 10, 22, 59)), false);
});

Deno.test("isWindowOpen() is open past a month end in a 0 22 30 4 * window of 4 h", () => {
  assert.equal(open("0 22 30 4 *", 4, at(2026, 5, 1, 1, 59)), true);
  assert.equal(open("0 22 30 4 *", 4, at(2026, 5, 1, 2)), false);
  assert.equal(open("0 22 30 4 *", 4, at(2026, 4, 30, 21, 59)), false);
});

Deno.test("isWindowOpen() is open past a year end in a 0 22 31 DEC * window of 4 h", () => {
  assert.equal(open("0 22 31 DEC *", 4, at(2027, 1, 1, 1, 0)), true);
  assert.equal(open("0 22 31 DEC *", 4, at(2027, 1, 1, 2, 0)), false);
});

Deno.test("isWindowOpen() is open all of January in a 0 0 1 1 * window of 31 days", () => {
  const cron = "0 0 1 1 *";
  assert.equal(open(cron, 31 * 24, at(2026, 1, 1)), true);
  assert.equal(open(cron, 31 * 24, at(2026, 1, 31, 23, 59, 59_999)), true);
  assert.equal(open(cron, 31 * 24, at(2026, 2, 1)), false);
  assert.equal(open(cron, 31 * 24, at(2026, 7, 1)), false);
  assert.equal(open(cron, 31 * 24, at(2025, 12, 31, 23, 59)), false);
});

Deno.test("isWindowOpen() is always open in a 0 0 15 * * window of 31 days", () => {
  for (let day = at(2026, 1, 1); day < at(2027, 1, 1); day += DAY + 7 * HOUR) {
    assert.equal(open("0 0 15 * *", 31 * 24, day), true, new Date(day).toISOString());
  }
});

Deno.test("isWindowOpen() is open into February in a 0 0 1 * * window of 30 days", () => {
  assert.equal(open("0 0 1 * *", 30 * 24, at(2026, 2, 28, 23, 59)), true);
  assert.equal(open("0 0 1 * *", 30 * 24, at(2026, 1, 31, 0, 0)), false, "January has 31");
  assert.equal(open("0 0 1 * *", 30 * 24, at(2026, 3, 1)), true);
});

Deno.test("isWindowOpen() is open in a window still running from the day before", () => {
  assert.equal(open("0 2 * * *", 26, at(2026, 5, 11, 3)), true);
  assert.equal(open("0 2 * * MON", 26, at(2026, 5, 12, 3, 59)), true, "Tuesday");
  assert.equal(open("0 2 * * MON", 26, at(2026, 5, 12, 4)), false);
});

Deno.test("isWindowOpen() is open at 06:30 in a 0 0-23/6 * * * window of 1 h", () => {
  assert.equal(open("0 0-23/6 * * *", 1, at(2026, 5, 10, 6, 30)), true);
  assert.equal(open("0 0-23/6 * * *", 1, at(2026, 5, 10, 7)), false);
  assert.equal(open("0 0-23/6 * * *", 1, at(2026, 5, 10, 18, 59)), true);
  assert.equal(open("0 0-23/6 * * *", 1, at(2026, 5, 10, 23, 59)), false);
});

Deno.test("isWindowOpen() is open at 00:15:30 in a */15 * * * * window of 1 minute", () => {
  const window = { cron: "*/15 * * * *", durationSeconds: 60 };
  assert.equal(isWindowOpen(window, at(2026, 5, 10, 0, 15, 30_000)), true);
  assert.equal(isWindowOpen(window, at(2026, 5, 10, 0, 16)), false);
});

Deno.test("isWindowOpen() is always open when the window is as long as the gap", () => {
  for (let t = at(2026, 1, 1); t < at(2026, 1, 2); t += 7 * MINUTE + 13) {
    assert.equal(open("0 * * * *", 1, t), true);
  }
});

Deno.test("isWindowOpen() on weekdays 09:00-17:00 is closed at the weekend", () => {
  const cron = "0 9 * * MON-FRI";
  assert.equal(open(cron, 8, at(2026, 1, 9, 16, 59)), true, "Friday");
  assert.equal(open(cron, 8, at(2026, 1, 10, 12)), false, "Saturday");
  assert.equal(open(cron, 8, at(2026, 1, 11, 12)), false, "Sunday");
  assert.equal(open(cron, 8, at(2026, 1, 12, 9)), true, "Monday");
});

Deno.test("isWindowOpen() is open on 29 February only in leap years with 0 0 29 2 *", () => {
  assert.equal(open("0 0 29 2 *", 24, at(2028, 2, 29, 12)), true);
  assert.equal(open("0 0 29 2 *", 24, at(2028, 3, 1)), false);
  assert.equal(open("0 0 29 2 *", 24, at(2026, 3, 1, 12)), false);
});

Deno.test("isWindowOpen() is never open with a duration of 0 or less", () => {
  assert.equal(isWindowOpen({ cron: "* * * * *", durationSeconds: 0 }, at(2026, 1, 1)), false);
  assert.equal(isWindowOpen({ cron: "* * * * *", durationSeconds: -60 }, at(2026, 1, 1)), false);
});

Deno.test("isWindowOpen() throws CronSyntaxError for a bad expression", () => {
  assert.throws(() => open("0 2 * *", 1, 0), CronSyntaxError);
});

// --- nextWindowStart() ---

Deno.test("nextWindowStart() is the next matching minute strictly after now", () => {
  assert.equal(next("0 2 * * *", at(2026, 5, 10, 1, 59, 59_999)), at(2026, 5, 10, 2));
  assert.equal(next("0 2 * * *", at(2026, 5, 10, 2)), at(2026, 5, 11, 2), "not now itself");
  assert.equal(next("0 2 * * *", at(2026, 5, 10, 2, 0, 30_000)), at(2026, 5, 11, 2));
  assert.equal(next("* * * * *", at(2026, 5, 10, 2, 0, 30_000)), at(2026, 5, 10, 2, 1));
  assert.equal(next("*/15 * * * *", at(2026, 5, 10, 2, 1)), at(2026, 5, 10, 2, 15));
  assert.equal(next("5,50 1,23 * * *", at(2026, 5, 10, 1, 10)), at(2026, 5, 10, 1, 50));
  assert.equal(next("5,50 1,23 * * *", at(2026, 5, 10, 1, 50)), at(2026, 5, 10, 23, 5));
  assert.equal(next("5,50 1,23 * * *", at(2026, 5, 10, 23, 50)), at(2026, 5, 11, 1, 5));
});

Deno.test("nextWindowStart() crosses month and year ends", () => {
  assert.equal(next("0 0 31 * *", at(2026, 4, 1)), at(2026, 5, 31), "April has 30");
  assert.equal(next("0 0 1 * *", at(2026, 12, 15)), at(2027, 1, 1));
  assert.equal(next("0 0 * FEB *", at(2026, 3, 1)), at(2027, 2, 1));
  assert.equal(next("30 23 31 * *", at(2026, 2, 1)), at(2026, 3, 31, 23, 30));
});

Deno.test("nextWindowStart() follows the day fields' OR and AND rules", () => {
  assert.equal(next("0 0 13 * FRI", at(2026, 2, 7)), at(2026, 2, 13));
  assert.equal(next("0 0 13 * FRI", at(2026, 2, 14)), at(2026, 2, 20));
  assert.equal(next("0 0 */2 * MON", at(2026, 1, 6)), at(2026, 1, 19));
  assert.equal(next("0 0 * * 7", at(2026, 1, 5)), at(2026, 1, 11));
});

Deno.test("nextWindowStart() finds 29 February within 366 days, else null", () => {
  assert.equal(next("0 0 29 2 *", at(2027, 3, 1)), at(2028, 2, 29));
  assert.equal(next("0 0 29 2 *", at(2026, 3, 1)), null);
  assert.equal(next("0 0 29 2 *", at(2028, 2, 29)), null, "the next is 2032");
});

Deno.test("nextWindowStart() includes a start exactly 366 days ahead", () => {
  assert.equal(next("0 0 1 1 *", at(2028, 1, 1)), at(2029, 1, 1));
  assert.equal(next("0 0 29 2 *", at(2027, 2, 28)), at(2028, 2, 29));
  assert.equal(next("0 0 29 2 *", at(2027, 2, 28) - 1), null, "366 days and 1 ms");
});

Deno.test("nextWindowStart() ignores the duration and an open window", () => {
  const window = { cron: "0 2 * * *", durationSeconds: 7200 };
  assert.equal(isWindowOpen(window, at(2026, 5, 10, 3)), true);
  assert.equal(nextWindowStart(window, at(2026, 5, 10, 3)), at(2026, 5, 11, 2));
});

// --- ScheduleWindowSchema ---

Deno.test("ScheduleWindowSchema rejects a cron parseCron refuses, with its message", () => {
  const bad = ScheduleWindowSchema.safeParse({ cron: "61 2 * * *", durationSeconds: 3600 });
  assert.equal(bad.success, false);
  assert.deepEqual(bad.error?.issues.map((i) => [i.path.join("."), i.message]), [
    ["cron", 'Cannot parse cron "61 2 * * *": minute 61 is out of range 0-59'],
  ]);
  assert.equal(
    ScheduleWindowSchema.safeParse({ cron: "0 0 30 2 *", durationSeconds: 3600 }).success,
    false,
  );
  assert.equal(
    ScheduleWindowSchema.safeParse({ cron: "0 2 * * MON-FRI", durationSeconds: 3600 }).success,
    true,
  );
});
