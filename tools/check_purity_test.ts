import assert from "node:assert/strict";
import { scanSource } from "./check_purity.ts";

Deno.test("scanSource() flags IO, clocks, randomness and edge imports", () => {
  const source = [
    'import { x } from "../../acs/app.ts";',
    "const t = Date.now();",
    "const r = Math.random();",
    "await fetch(url);",
    "Deno.readFileSync(p);",
    " * Deno.readFileSync(p) in a doc example is fine",
    "const fine = now();",
  ].join("\n");
  assert.deepEqual(scanSource("f.ts", source).map((v) => v.line), [1, 2, 3, 4, 5]);
});

Deno.test("scanSource() passes the real protocol/ tree", async () => {
  const root = new URL("../protocol/", import.meta.url);
  const stack = [root];
  let files = 0;
  while (stack.length > 0) {
    const dir = stack.pop() as URL;
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isDirectory) stack.push(new URL(`${entry.name}/`, dir));
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) {
        files++;
        const url = new URL(entry.name, dir);
        assert.deepEqual(scanSource(url.pathname, await Deno.readTextFile(url)), []);
      }
    }
  }
  assert.ok(files > 10);
});
