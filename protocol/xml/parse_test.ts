import assert from "node:assert/strict";
import { XmlLimitError, XmlSyntaxError } from "../errors.ts";
import { parseXml } from "./parse.ts";

// ---- well-formed input ----

Deno.test("parseXml() resolves prefixes, default namespaces and declarations on ancestors", () => {
  const [root] = parseXml(
    '<s:E xmlns:s="urn:s" xmlns="urn:d"><B><c:M xmlns:c="urn:c" s:a="1" b="2"/></B></s:E>',
  );
  assert.equal(root?.uri, "urn:s");
  const b = root?.children[0];
  assert.equal(b?.uri, "urn:d");
  const m = b?.children[0];
  assert.equal(m?.uri, "urn:c");
  assert.deepEqual(m?.attributes.map((a) => [a.local, a.uri, a.value]), [
    ["c", "http://www.w3.org/2000/xmlns/", "urn:c"],
    ["a", "urn:s", "1"],
    [
      "b",
      "",
      "2",
    ],
  ]);
});

Deno.test("parseXml() decodes entities, character references and CDATA", () => {
  const [root] = parseXml("<a>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;<![CDATA[<&>]]>x</a>");
  assert.equal(root?.text, "<>&'\"AB<&>x");
});

Deno.test("parseXml() normalises CRLF in text and white space in attributes", () => {
  const [root] = parseXml('<a b="x\r\ny\tz">1\r\n2\r3</a>');
  assert.equal(root?.text, "1\n2\n3");
  assert.equal(root?.attributes[0]?.value, "x y z");
});

Deno.test("parseXml() skips a BOM, the XML declaration, comments and processing instructions", () => {
  const roots = parseXml(
    '\ufeff<?xml version="1.0"?>\n<!-- c --><?pi x?><a><!-- in --><?pi?>t</a>\n',
  );
  assert.equal(roots.length, 1);
  assert.equal(roots[0]?.text, "t");
});

Deno.test("parseXml() returns several top-level elements (several SOAP envelopes)", () => {
  const roots = parseXml('<?xml version="1.0"?><a/>\n<?xml version="1.0"?><b/>');
  assert.deepEqual(roots.map((r) => r.local), ["a", "b"]);
});

Deno.test("parseXml() returns nothing for empty and whitespace-only input", () => {
  assert.deepEqual(parseXml(""), []);
  assert.deepEqual(parseXml(" \r\n\t"), []);
});

Deno.test("parseXml() accepts white space inside end tags and around attribute '='", () => {
  const [root] = parseXml('<a  x = "1" ><b/></a >');
  assert.equal(root?.attributes[0]?.value, "1");
});

// ---- malformed and hostile input ----

const MALFORMED: ReadonlyArray<[string, string, RegExp]> = [
  ["unclosed root", "<a><b></b>", /not closed/],
  ["mismatched end tag", "<a></b>", /does not match/],
  ["stray end tag", "</a>", /unexpected end tag/],
  ["text outside root", "<a/>x", /outside the root/],
  ["DOCTYPE", '<!DOCTYPE a [<!ENTITY x "y">]><a/>', /DOCTYPE/],
  ["entity declaration", '<!ENTITY x "y"><a/>', /DOCTYPE and entity/],
  ["undefined entity", "<a>&x;</a>", /undefined entity/],
  ["unterminated entity", "<a>& b</a>", /unterminated entity/],
  ["invalid character reference", "<a>&#0;</a>", /invalid character reference/],
  ["unbound prefix", "<p:a/>", /unbound namespace prefix 'p'/],
  ["unbound attribute prefix", '<a p:x="1"/>', /unbound namespace prefix 'p'/],
  ["duplicate attribute", '<a x="1" x="2"/>', /duplicate attribute/],
  ["unquoted attribute", "<a x=1/>", /not quoted/],
  ["'<' in attribute", '<a x="<"/>', /'<' in an attribute value/],
  ["unterminated comment", "<a><!-- x</a>", /unterminated comment/],
  ["'--' in comment", "<a><!-- x -- y --></a>", /'--' inside a comment/],
  ["unterminated CDATA", "<a><![CDATA[x</a>", /unterminated CDATA/],
  ["']]>' in text", "<a>]]></a>", /']]>' in character data/],
  ["bad name", "<1a/>", /invalid name/],
  ["missing whitespace between attributes", '<a x="1"y="2"/>', /missing whitespace/],
  ["XML declaration inside an element", '<a><?xml version="1.0"?></a>', /XML declaration inside/],
  ["unterminated start tag", "<a x='1'", /unterminated/],
];

for (const [label, input, message] of MALFORMED) {
  Deno.test(`parseXml() rejects ${label} with XmlSyntaxError`, () => {
    assert.throws(
      () => parseXml(input),
      (e: unknown) => e instanceof XmlSyntaxError && message.test(e.message),
    );
  });
}

Deno.test("parseXml() reports line and column of the error", () => {
  try {
    parseXml("<a>\n  <b>\n</a>");
    assert.fail("expected an error");
  } catch (e) {
    assert.ok(e instanceof XmlSyntaxError);
    assert.equal(e.line, 3);
    assert.equal(e.column, 1);
  }
});

Deno.test("parseXml() enforces depth, element, attribute and size limits", () => {
  const deep = "<a>".repeat(65) + "</a>".repeat(65);
  assert.throws(
    () => parseXml(deep),
    (e: unknown) => e instanceof XmlLimitError && e.limit === "depth",
  );
  assert.equal(parseXml("<a>".repeat(64) + "</a>".repeat(64)).length, 1);
  const many = "<r>" + "<a/>".repeat(20) + "</r>";
  assert.throws(
    () => parseXml(many, { limits: { maxElements: 10 } }),
    (e: unknown) => e instanceof XmlLimitError && e.limit === "elements",
  );
  const attrs = "<a " + Array.from({ length: 65 }, (_, i) => `a${i}="1"`).join(" ") + "/>";
  assert.throws(
    () => parseXml(attrs),
    (e: unknown) => e instanceof XmlLimitError && e.limit === "attributes",
  );
  assert.throws(
    () => parseXml("<a>" + "x".repeat(100) + "</a>", { limits: { maxLength: 50 } }),
    (e: unknown) => e instanceof XmlLimitError && e.limit === "bodySize",
  );
});

Deno.test("parseXml() is not slowed by a billion-laughs document (rejected at DOCTYPE)", () => {
  const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`,
    ).join("") +
    "]><lolz>&lol9;</lolz>";
  assert.throws(() => parseXml(laughs), XmlSyntaxError);
});
