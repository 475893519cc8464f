import assert from "node:assert/strict";
import { createTestDb } from "../_testing.ts";

// Each query of a session is keyed by device; the plan must use an index for every one of
// them, so the cost of a session does not grow with the number of devices.
const PER_DEVICE_QUERIES = [
  "SELECT * FROM devices WHERE id = 'd'",
  "SELECT * FROM parameters WHERE device_id = 'd' AND path = 'p'",
  "DELETE FROM parameters WHERE device_id = 'd'",
  "SELECT * FROM tasks WHERE device_id = 'd' AND state IN ('pending', 'running') ORDER BY id LIMIT 1",
  "SELECT * FROM events WHERE device_id = 'd' ORDER BY time DESC LIMIT 10",
  "SELECT * FROM faults WHERE device_id = 'd' ORDER BY time DESC LIMIT 10",
  "SELECT * FROM sessions WHERE device_id = 'd' ORDER BY started_at DESC LIMIT 10",
  "UPDATE faults SET task_id = NULL WHERE task_id = 1",
];

Deno.test("schema indexes every per-device query (no full table scan)", async () => {
  const db = await createTestDb();
  try {
    for (const query of PER_DEVICE_QUERIES) {
      const plan = await db.$client.execute(`EXPLAIN QUERY PLAN ${query}`);
      const details = plan.rows.map((r) => String(r["detail"]));
      assert.ok(details.length > 0, query);
      for (const detail of details) {
        assert.doesNotMatch(
          detail,
          /^SCAN (devices|parameters|tasks|events|faults|sessions)\b(?! USING)/,
          `${query}: ${detail}`,
        );
      }
    }
  } finally {
    db.$client.close();
  }
});
