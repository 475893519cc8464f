/**
 * XML codec throughput: decode and encode of an Inform and of GetParameterValuesResponse with
 * 1,000 and 10,000 parameters; saxes alone on the same text as a reference.
 *
 *     deno bench -A bench/codec_bench.ts
 *
 * MB/s = body bytes / time per iteration; figures in BENCHMARKS.md.
 */

import { SaxesParser } from "saxes";
import { decodeEnvelopes, encodeEnvelope } from "../protocol/soap/envelope.ts";
import { parseXml } from "../protocol/xml/parse.ts";
import { gpvResponse, inform } from "./_messages.ts";

const cases = [
  { label: "Inform (10 params)", message: inform(10) },
  { label: "GPV response (1,000 params)", message: gpvResponse(1_000) },
  { label: "GPV response (10,000 params)", message: gpvResponse(10_000) },
];

for (const { label, message } of cases) {
  const xml = encodeEnvelope(message, { version: "1.0", headers: { id: "1" } });
  const kb = (new TextEncoder().encode(xml).length / 1024).toFixed(0);
  Deno.bench(`decode ${label}, ${kb} KiB`, { group: `decode ${label}`, baseline: true }, () => {
    decodeEnvelopes(xml);
  });
  Deno.bench(`parseXml only ${label}`, { group: `decode ${label}` }, () => {
    parseXml(xml);
  });
  Deno.bench(`saxes events only ${label}`, { group: `decode ${label}` }, () => {
    const parser = new SaxesParser({ xmlns: true });
    parser.write(xml).close();
  });
  Deno.bench(`saxes building the same tree ${label}`, { group: `decode ${label}` }, () => {
    saxesTree(xml);
  });
  Deno.bench(`encode ${label}, ${kb} KiB`, { group: `encode ${label}` }, () => {
    encodeEnvelope(message, { version: "1.0", headers: { id: "1" } });
  });
}

interface Node {
  local: string;
  uri: string;
  attributes: Array<{ local: string; uri: string; value: string }>;
  children: Node[];
  text: string;
}

/** What parseXml produces, built from saxes events: the fair alternative to compare with. */
function saxesTree(xml: string): Node | undefined {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Node[] = [];
  let root: Node | undefined;
  parser.on("opentag", (tag) => {
    const node: Node = {
      local: tag.local,
      uri: tag.uri,
      attributes: Object.values(tag.attributes).map((a) => ({
        local: a.local,
        uri: a.uri,
        value: a.value,
      })),
      children: [],
      text: "",
    };
    const parent = stack.at(-1);
    if (parent === undefined) root = node;
    else parent.children.push(node);
    stack.push(node);
  });
  parser.on("text", (t) => {
    const top = stack.at(-1);
    if (top !== undefined) top.text += t;
  });
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  return root;
}
