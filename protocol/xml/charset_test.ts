import assert from "node:assert/strict";
import { XmlSyntaxError } from "../errors.ts";
import { decodeXmlBytes } from "./charset.ts";

const latin1 = new Uint8Array([0x3c, 0x61, 0x3e, 0xe9, 0xfc, 0x3c, 0x2f, 0x61, 0x3e]); // <a>éü</a>

Deno.test("decodeXmlBytes() takes the charset from Content-Type first", () => {
  const r = decodeXmlBytes(latin1, "text/xml; charset=iso-8859-1");
  assert.deepEqual([r.text, r.charset, r.warnings], ["<a>\u00e9\u00fc</a>", "iso-8859-1", []]);
});

Deno.test("decodeXmlBytes() then the XML declaration", () => {
  const decl = new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?>');
  const bytes = new Uint8Array([...decl, ...latin1]);
  assert.equal(decodeXmlBytes(bytes, "text/xml").text.endsWith("<a>\u00e9\u00fc</a>"), true);
});

Deno.test("decodeXmlBytes() then UTF-8, dropping a BOM", () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("<a>\u00e9</a>")]);
  const r = decodeXmlBytes(bytes);
  assert.deepEqual([r.text, r.charset], ["<a>\u00e9</a>", "utf-8"]);
});

Deno.test("decodeXmlBytes() reads UTF-16 with a byte order mark", () => {
  const text = "<a>\u00e9</a>";
  const le = new Uint8Array(2 + text.length * 2);
  le[0] = 0xff;
  le[1] = 0xfe;
  for (let i = 0; i < text.length; i++) le[2 + i * 2] = text.charCodeAt(i);
  assert.equal(decodeXmlBytes(le).text, text);
});

Deno.test("decodeXmlBytes() reads undeclared Latin-1 as ISO-8859-1 with a warning", () => {
  const r = decodeXmlBytes(latin1);
  assert.equal(r.text, "<a>\u00e9\u00fc</a>");
  assert.equal(r.charset, "iso-8859-1");
  assert.equal(r.warnings.length, 1);
});

Deno.test("decodeXmlBytes() replaces bytes invalid in the declared charset, with a warning", () => {
  const r = decodeXmlBytes(latin1, "text/xml; charset=utf-8");
  assert.equal(r.text, "<a>\ufffd\ufffd</a>");
  assert.equal(r.warnings.length, 1);
});

Deno.test("decodeXmlBytes() rejects an unsupported charset with a typed error", () => {
  assert.throws(() => decodeXmlBytes(latin1, "text/xml; charset=ebcdic"), XmlSyntaxError);
});
