/**
 * Generates the embedded data-model modules of the CPE agent from the official BBF XML
 * (`deno task datamodel:generate`): `cpe/datamodel/igd_1_0.gen.ts` (InternetGatewayDevice:1.0,
 * the spec's Appendix B) and `cpe/datamodel/device_2_19.gen.ts` (Device:2.19, TR-181). The agent
 * imports these modules and never reads XML at run time, so `deno compile` ships them.
 *
 * @module
 */

import { parseXml } from "../protocol/xml/parse.ts";
import type { XmlElement } from "../protocol/xml/types.ts";
import { encodeDataModelSpec } from "../cpe/datamodel/codec.ts";
import { compileDataModel } from "../cpe/datamodel/compile.ts";
import type { ActiveNotify, DataModelSpec } from "../cpe/datamodel/types.ts";
import { dataTypeTable } from "./datamodel_syntax.ts";
import { readBbfModel } from "./datamodel_xml.ts";

/** One generated module. */
export interface GeneratedModule {
  /** Path relative to the repository root. */
  path: string;
  content: string;
  /** The model it embeds, e.g. `Device:2.19`. */
  model: string;
}

/** Reads a file of the data-model directory by name. */
export type ReadSource = (file: string) => string;

const IGD = "InternetGatewayDevice.";
const WAN_CONNECTION = `${IGD}WANDevice.{i}.WANConnectionDevice.{i}.`;

/**
 * Spec Table 33: the parameters every IGD Inform carries, and those whose change causes an Inform
 * by itself ("Inform on Change"). IGD:1.0's XML predates the `forcedInform` and `activeNotify`
 * attributes, so the generator adds them.
 *
 * @see TR-069 Issue 1, A.3.3.1 Table 33
 */
const TABLE_33: { forced: readonly string[]; informOnChange: readonly string[] } = {
  forced: [
    `${IGD}DeviceInfo.SpecVersion`,
    `${IGD}DeviceInfo.HardwareVersion`,
    `${IGD}DeviceInfo.SoftwareVersion`,
    `${IGD}DeviceInfo.ProvisioningCode`,
    `${IGD}ManagementServer.ConnectionRequestURL`,
    `${IGD}ManagementServer.ParameterKey`,
    `${WAN_CONNECTION}WANIPConnection.{i}.ExternalIPAddress`,
    `${WAN_CONNECTION}WANPPPConnection.{i}.ExternalIPAddress`,
  ],
  informOnChange: [
    `${IGD}DeviceInfo.SoftwareVersion`,
    `${IGD}DeviceInfo.ProvisioningCode`,
    `${IGD}ManagementServer.ConnectionRequestURL`,
    `${WAN_CONNECTION}WANIPConnection.{i}.ExternalIPAddress`,
    `${WAN_CONNECTION}WANPPPConnection.{i}.ExternalIPAddress`,
  ],
};

const XML_LIMITS = { maxLength: 64 * 1024 * 1024, maxElements: 10_000_000, maxDepth: 128 };

/**
 * Builds both modules from the XML files `read` returns. Pure apart from `read`, so the test
 * can regenerate in memory and compare with the committed files.
 *
 * @returns The modules and the generator's warnings (facets it could not carry over).
 */
export function generateDataModelModules(
  read: ReadSource,
): { modules: GeneratedModule[]; warnings: string[] } {
  const warnings: string[] = [];
  const typesDoc = parse(read("tr-106-types.xml"));
  const load = (file: string): DataModelSpec => {
    const doc = parse(read(file));
    const types = dataTypeTable([typesDoc, doc]);
    return readBbfModel(doc, { types, warnings: warnings });
  };
  const igd = annotateIgd10(load("tr-069-1-0-0-full.xml"), load("tr-098-1-8-0-full.xml"));
  const device = load("tr-181-2-19-1-cwmp-full.xml");
  return {
    modules: [
      renderModule("cpe/datamodel/igd_1_0.gen.ts", "IGD_1_0", igd, {
        sources: "tr-069-1-0-0-full.xml (Table 33 and tr-098-1-8-0-full.xml for notification)",
        about: "InternetGatewayDevice:1.0, the data model of TR-069 Issue 1 Appendix B",
      }),
      renderModule("cpe/datamodel/device_2_19.gen.ts", "DEVICE_2_19", device, {
        sources: "tr-181-2-19-1-cwmp-full.xml",
        about: "Device:2.19, the TR-181 Issue 2 data model (CWMP edition)",
      }),
    ],
    warnings,
  };
}

/**
 * Marks Table 33's parameters, and takes `canDeny` (active notification may be refused, e.g. for
 * statistics) from IGD:1.14, which carries the attribute for the same paths.
 */
function annotateIgd10(spec: DataModelSpec, later: DataModelSpec): DataModelSpec {
  const canDeny = new Set<string>();
  for (const o of later.objects) {
    for (const p of o.parameters) if (p.activeNotify === "canDeny") canDeny.add(o.path + p.name);
  }
  const objects = spec.objects.map((o) => ({
    ...o,
    parameters: o.parameters.map((p) => {
      const path = o.path + p.name;
      const activeNotify: ActiveNotify = TABLE_33.informOnChange.includes(path)
        ? "forceEnabled"
        : canDeny.has(path)
        ? "canDeny"
        : p.activeNotify;
      return { ...p, forcedInform: TABLE_33.forced.includes(path), activeNotify };
    }),
  }));
  for (const path of TABLE_33.forced) {
    const found = objects.some((o) => o.parameters.some((p) => o.path + p.name === path));
    if (!found) throw new Error(`Table 33 parameter ${path} is not in ${spec.name}`);
  }
  return { ...spec, objects };
}

function renderModule(
  path: string,
  constant: string,
  spec: DataModelSpec,
  text: { sources: string; about: string },
): GeneratedModule {
  compileDataModel(spec);
  const json = encodeDataModelSpec(spec);
  const content = [
    `// Generated by \`deno task datamodel:generate\` (tools/gen_datamodel.ts) from`,
    `// ${text.sources}. Do not edit.`,
    "",
    `/** ${text.about}, in the compact form of cpe/datamodel/codec.ts. */`,
    `export const ${constant}: string = ${singleQuoted(json)};`,
    "",
  ].join("\n");
  return { path, content, model: spec.name };
}

/** A single-quoted literal: JSON text needs no escaping of its many double quotes there. */
function singleQuoted(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

function parse(text: string): XmlElement {
  const [root] = parseXml(expandInternalEntities(text), { limits: XML_LIMITS });
  if (root === undefined) throw new Error("Empty data-model document");
  return root;
}

const DOCTYPE = /<!DOCTYPE\s+[\w:.-]+\s*\[([\s\S]*?)\]\s*>/;
const ENTITY = /<!ENTITY\s+([\w.-]+)\s+"([^"]*)"\s*>/g;

/**
 * Replaces a document's internal DOCTYPE by the expansion of its entities. tr-106-types.xml
 * declares regex fragments as entities (`&octet;`); the protocol parser rightly refuses any
 * DOCTYPE, and these trusted files only use literal internal entities.
 */
export function expandInternalEntities(text: string): string {
  const doctype = DOCTYPE.exec(text);
  if (doctype === null) return text;
  const entities = new Map<string, string>();
  for (const m of (doctype[1] ?? "").replace(/<!--[\s\S]*?-->/g, "").matchAll(ENTITY)) {
    const [, name = "", value = ""] = m;
    if (/[<&]/.test(value)) throw new Error(`Entity ${name} is not a literal`);
    entities.set(name, value.replaceAll('"', "&quot;").replaceAll(">", "&gt;"));
  }
  const body = text.slice(0, doctype.index) + text.slice(doctype.index + doctype[0].length);
  return body.replace(/&([\w.-]+);/g, (ref, name: string) => entities.get(name) ?? ref);
}

/** The directory of the official BBF data-model files (outside the repository). */
export const DATAMODELS_DIR: URL = new URL("../../shared/cwmp/datamodels/", import.meta.url);

if (import.meta.main) {
  const root = new URL("../", import.meta.url);
  const { modules, warnings } = generateDataModelModules((file) =>
    Deno.readTextFileSync(new URL(file, DATAMODELS_DIR))
  );
  for (const m of modules) {
    Deno.writeTextFileSync(new URL(m.path, root), m.content);
    console.log(`${m.path}: ${m.model}, ${m.content.length} bytes`);
  }
  console.log(`${warnings.length} warnings`);
  for (const w of warnings) console.log(`  ${w}`);
}
