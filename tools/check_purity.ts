/**
 * Fails when a non-test file in protocol/ does IO, reads a clock or randomness, or imports
 * from acs/, cpe/ or cli/ (design.md section 2, invariant 1).
 *
 *     deno run --allow-read tools/check_purity.ts [ROOT]
 */

const FORBIDDEN: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /\bDeno\./, what: "Deno.* (IO belongs at the edge)" },
  { pattern: /\bfetch\s*\(/, what: "fetch (transports are injected)" },
  { pattern: /\bDate\.now\s*\(/, what: "Date.now (clocks are injected)" },
  { pattern: /\bnew Date\s*\(\s*\)/, what: "new Date() (clocks are injected)" },
  { pattern: /\bMath\.random\s*\(/, what: "Math.random (randomness is injected)" },
  {
    pattern: /\bcrypto\.getRandomValues\b|\brandomUUID\b|\brandomBytes\b/,
    what: "randomness (inject it)",
  },
  {
    pattern: /\bfrom\s+["'](?:\.\.\/)+(?:acs|cpe|cli)\//,
    what: "an import from acs/, cpe/ or cli/",
  },
  {
    pattern: /\bfrom\s+["']node:(?:fs|net|http|https|child_process|dgram|os)["']/,
    what: "a node IO module",
  },
];

/** One violation: file, 1-based line, what was found. */
export interface PurityViolation {
  file: string;
  line: number;
  what: string;
}

/** Scans the source text of one file; comment lines (doc examples included) are skipped. */
export function scanSource(file: string, source: string): PurityViolation[] {
  const out: PurityViolation[] = [];
  source.split("\n").forEach((text, i) => {
    const trimmed = text.trim();
    if (trimmed.startsWith("*") || trimmed.startsWith("//") || trimmed.startsWith("/*")) return;
    for (const rule of FORBIDDEN) {
      if (rule.pattern.test(text)) out.push({ file, line: i + 1, what: rule.what });
    }
  });
  return out;
}

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) yield path;
  }
}

async function main(root: string): Promise<number> {
  const violations: PurityViolation[] = [];
  for await (const file of sourceFiles(`${root}/protocol`)) {
    violations.push(...scanSource(file, await Deno.readTextFile(file)));
  }
  for (const v of violations) {
    console.error(`${v.file}:${v.line}: protocol/ must not use ${v.what}`);
  }
  if (violations.length === 0) console.log("protocol/ is pure");
  return violations.length === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exitCode = await main(Deno.args[0] ?? ".");
