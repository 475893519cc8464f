/**
 * The hand-written parser against saxes (a strict, namespace-aware SAX parser) as oracle:
 * on every corpus message and on generated documents, both build the same tree.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { SaxesParser } from "saxes";
import { parseXml } from "./parse.ts";
import type { XmlElement } from "./types.ts";
import { escapeXml } from "./write.ts";

interface Plain {
  name: string;
  uri: string;
  attributes: string[];
  text: string;
  children: Plain[];
}

function plain(element: XmlElement): Plain {
  return {
    name: element.prefix === "" ? element.local : `${element.prefix}:${element.local}`,
    uri: element.uri,
    attributes: element.attributes.map((a) => `${a.prefix}:${a.local}|${a.uri}=${a.value}`).sort(),
    text: element.text,
    children: element.children.map(plain),
  };
}

function withSaxes(xml: string): Plain {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Plain[] = [];
  let root: Plain | undefined;
  parser.on("opentag", (tag) => {
    const node: Plain = {
      name: tag.name,
      uri: tag.uri,
      attributes: Object.values(tag.attributes).map((a) =>
        `${a.prefix}:${a.local}|${a.uri}=${a.value}`
      ).sort(),
      text: "",
      children: [],
    };
    const parent = stack.at(-1);
    if (parent === undefined) root = node;
    else parent.children.push(node);
    stack.push(node);
  });
  const addText = (t: string): void => {
    const top = stack.at(-1);
    if (top !== undefined) top.text += t;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  if (root === undefined) throw new Error("saxes found no root");
  return root;
}

Deno.test("parseXml() builds the same tree as saxes for every corpus message", () => {
  const dir = new URL("../../../shared/cwmp/corpus/", import.meta.url);
  let count = 0;
  for (const vendor of Deno.readDirSync(dir)) {
    if (!vendor.isDirectory) continue;
    for (const file of Deno.readDirSync(new URL(`${vendor.name}/`, dir))) {
      if (!file.name.endsWith(".xml")) continue;
      const xml = Deno.readTextFileSync(new URL(`${vendor.name}/${file.name}`, dir));
      const [ours] = parseXml(xml);
      assert.ok(ours, file.name);
      assert.deepEqual(plain(ours), withSaxes(xml), file.name);
      count++;
    }
  }
  assert.ok(count >= 70, `only ${count} corpus files`);
});

interface Gen {
  name: string;
  attrs: Array<[string, string]>;
  text: string;
  cdata: string;
  children: Gen[];
}

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/);
const text = fc.string({ unit: "grapheme", maxLength: 12 }).map((s) =>
  // deno-lint-ignore no-control-regex
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
);
const leaf = fc.record({
  name,
  attrs: fc.uniqueArray(fc.tuple(name, text), { maxLength: 3, selector: (a) => a[0] }),
  text,
  cdata: text.filter((s) => !s.includes("]]>")),
});
const { tree } = fc.letrec<{ tree: Gen }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 5, depthIdentifier: "tree" },
    leaf.map((l) => ({ ...l, children: [] })),
    fc.tuple(leaf, fc.array(tie("tree"), { maxLength: 3, depthIdentifier: "tree" }))
      .map(([l, children]) => ({ ...l, children })),
  ),
}));

function render(node: Gen, ns: string): string {
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeXml(v, { inAttribute: true })}"`).join(
    "",
  );
  const cdata = node.cdata === "" ? "" : `<![CDATA[${node.cdata}]]>`;
  return `<p:${node.name}${ns}${attrs}>${escapeXml(node.text)}${cdata}${
    node.children.map((c) => render(c, "")).join("")
  }</p:${node.name}>`;
}

Deno.test("parseXml() agrees with saxes on generated documents", () => {
  fc.assert(
    fc.property(tree, (t) => {
      const xml = render(t, ' xmlns:p="urn:p"');
      const [ours] = parseXml(xml);
      assert.ok(ours);
      assert.deepEqual(plain(ours), withSaxes(xml));
    }),
    { numRuns: 300 },
  );
});

Deno.test("parseXml() and saxes agree on accepting or rejecting mutated documents", () => {
  const base = '<a xmlns:p="urn:p"><p:b x="1">t&amp;</p:b><c/></a>';
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: base.length - 1 }),
      fc.constantFrom("<", ">", "&", "/", '"', "=", ":", ""),
      (at, insert) => {
        const xml = base.slice(0, at) + insert + base.slice(at + 1);
        let oursOk = true;
        let saxesOk = true;
        try {
          const roots = parseXml(xml);
          if (roots.length !== 1) oursOk = false;
        } catch {
          oursOk = false;
        }
        try {
          withSaxes(xml);
        } catch {
          saxesOk = false;
        }
        assert.equal(oursOk, saxesOk, `disagree on ${JSON.stringify(xml)}`);
      },
    ),
    { numRuns: 400 },
  );
});
