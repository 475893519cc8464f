/**
 * The cost of schedule windows, evaluated in every session of a device that a scheduled preset
 * could apply to: `isWindowOpen()` for a 31-day window and a 2-hour nightly window, open and
 * closed, beside `parseCron()` alone (every call parses). Run with
 * `deno bench bench/schedule_bench.ts`.
 */

import { isWindowOpen, nextWindowStart, parseCron } from "../acs/provisioning/schedule.ts";

const DAY = 86_400;
const monthly = { cron: "0 0 1 * *", durationSeconds: 31 * DAY };
const february = { cron: "0 0 1 2 *", durationSeconds: 31 * DAY };
const lastDay = { cron: "0 0 31 * *", durationSeconds: 31 * DAY };
const nightly = { cron: "0 2 * * *", durationSeconds: 7200 };
const weekdays = { cron: "*/15 9-17 * * MON-FRI", durationSeconds: 7200 };
const leapDay = { cron: "0 0 29 2 *", durationSeconds: 3600 };

function check(expected: boolean, actual: boolean): void {
  if (expected !== actual) throw new Error("unexpected window state");
}

Deno.bench("parseCron(): 0 2 * * *", { group: "window" }, () => {
  parseCron(nightly.cron);
});

Deno.bench("isWindowOpen(): nightly 2 h, open (03:00)", {
  group: "window",
  baseline: true,
}, () => {
  check(true, isWindowOpen(nightly, Date.UTC(2026, 4, 10, 3)));
});

Deno.bench("isWindowOpen(): nightly 2 h, closed (14:00)", { group: "window" }, () => {
  check(false, isWindowOpen(nightly, Date.UTC(2026, 4, 10, 14)));
});

Deno.bench(
  "isWindowOpen(): */15 9-17 * * MON-FRI 2 h, closed (Sunday)",
  { group: "window" },
  () => {
    check(false, isWindowOpen(weekdays, Date.UTC(2026, 4, 10, 12)));
  },
);

Deno.bench("isWindowOpen(): 31 days, open, start 30 days back", { group: "window" }, () => {
  check(true, isWindowOpen(monthly, Date.UTC(2026, 0, 31, 12)));
});

Deno.bench("isWindowOpen(): 31 days, closed, 31 days walked (0 0 31 * *)", {
  group: "window",
}, () => {
  check(false, isWindowOpen(lastDay, Date.UTC(2026, 2, 30, 12)));
});

Deno.bench("isWindowOpen(): 31 days, closed, months skipped (0 0 1 2 *)", {
  group: "window",
}, () => {
  check(false, isWindowOpen(february, Date.UTC(2026, 6, 15)));
});

Deno.bench("nextWindowStart(): nightly", { group: "next" }, () => {
  nextWindowStart(nightly, Date.UTC(2026, 4, 10, 3));
});

Deno.bench("nextWindowStart(): 0 0 29 2 *, none within 366 days", { group: "next" }, () => {
  if (nextWindowStart(leapDay, Date.UTC(2026, 2, 1)) !== null) throw new Error("unexpected");
});
