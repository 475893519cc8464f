import assert from "node:assert/strict";
import fc from "fast-check";
import { parseXml } from "./parse.ts";
import { escapeXml, writeXml } from "./write.ts";

Deno.test("escapeXml() replaces characters XML cannot carry with U+FFFD", () => {
  assert.equal(escapeXml("a\u0001b\ufffec\ud800d"), "a\ufffdb\ufffdc\ufffdd");
  assert.equal(escapeXml("\ud83d\ude00"), "\ud83d\ude00");
});

Deno.test("writeXml() writes empty text as start and end tags, childless elements self-closed", () => {
  assert.equal(
    writeXml({ name: "a", children: [{ name: "k", text: "" }, { name: "e" }] }),
    "<a><k></k><e/></a>",
  );
});

Deno.test("writeXml() output parses back to the same text and attributes, for any string", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 40 }),
      (text, attr) => {
        const [root] = parseXml(writeXml({ name: "a", attributes: { v: attr }, text }));
        const clean = (s: string): string =>
          escapeXml(s).replace(/&lt;/g, "<").replace(/&gt;/g, ">")
            .replace(/&amp;/g, "&").replace(/&#13;/g, "\r");
        assert.equal(root?.text, clean(text));
        assert.equal(root?.attributes[0]?.value, clean(attr));
      },
    ),
    { numRuns: 500 },
  );
});
