/**
 * Validates XML documents against the official CWMP schemas with xmllint (design.md
 * section 5), many at a time, from tests.
 */

const SHARED = new URL("../../shared/cwmp/schemas/", import.meta.url);

/** One document's verdict. */
export interface XmllintResult {
  name: string;
  valid: boolean;
  /** xmllint's messages about this document. */
  errors: string[];
}

/** Throws with install advice when xmllint is missing. */
export async function requireXmllint(): Promise<void> {
  try {
    const { success } = await new Deno.Command("xmllint", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    if (success) return;
  } catch {
    // fall through to the advice below
  }
  throw new Error(
    "xmllint is missing: install it with 'apt-get install libxml2-utils' (Debian/Ubuntu)",
  );
}

/**
 * Validates `documents` (name to XML text) with catalog-strict.xml (or catalog-interop.xml).
 */
export async function validateWithXmllint(
  documents: ReadonlyMap<string, string>,
  options: { catalog?: "strict" | "interop" } = {},
): Promise<XmllintResult[]> {
  await requireXmllint();
  const dir = await Deno.makeTempDir({ prefix: "cwmp-xmllint-" });
  try {
    const files: string[] = [];
    let i = 0;
    const names = new Map<string, string>();
    for (const [name, xml] of documents) {
      const file = `${dir}/${i++}.xml`;
      await Deno.writeTextFile(file, xml);
      files.push(file);
      names.set(file, name);
    }
    const results: XmllintResult[] = [];
    // Batches keep the command line short.
    for (let start = 0; start < files.length; start += 200) {
      const batch = files.slice(start, start + 200);
      const output = await new Deno.Command("xmllint", {
        args: [
          "--nonet",
          "--noout",
          "--schema",
          new URL("local/cwmp-all.xsd", SHARED).pathname,
          ...batch,
        ],
        env: {
          XML_CATALOG_FILES: new URL(`catalog-${options.catalog ?? "strict"}.xml`, SHARED).pathname,
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(output.stderr);
      for (const file of batch) {
        const lines = text.split("\n").filter((l) =>
          l.startsWith(file + ":") || l.startsWith(file + " ")
        );
        const valid = lines.some((l) => l === `${file} validates`);
        results.push({
          name: names.get(file) ?? file,
          valid,
          errors: lines.filter((l) => l !== `${file} validates`).map((l) => l.slice(file.length)),
        });
      }
    }
    return results;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
