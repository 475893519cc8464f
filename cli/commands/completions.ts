/**
 * `cwmp completions bash|zsh|fish`: a shell completion script, generated from the command tree
 * so that it always knows every command and option.
 *
 * @module
 */

import { Argument, type Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { type CommandContext, examplesHelp, runAction } from "../command.ts";
import type { CliIo } from "../io.ts";

/** The shells a script can be printed for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;

/** One of {@link SHELLS}. */
export type Shell = typeof SHELLS[number];

/** A command as completion sees it. */
export interface CompletionNode {
  /** Its words after `cwmp`: `["devices", "list"]`; empty for the root. */
  path: string[];
  summary: string;
  /** Its options' flags, long and short: `--json`, `-o`. */
  flags: string[];
  children: CompletionNode[];
}

/**
 * Registers `completions` on the program.
 *
 * @param program The root command, whose tree the scripts complete.
 * @param context IO and the exit-code sink.
 */
export function registerCompletions(program: Command, context: CommandContext): void {
  program.command("completions")
    .summary("print a shell completion script")
    .description(
      "Print a completion script for bash, zsh or fish, covering every command and option.",
    )
    .addArgument(new Argument("<SHELL>", "bash, zsh or fish").choices(SHELLS))
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp completions bash > /etc/bash_completion.d/cwmp",
          description: "Install bash completions",
        },
        {
          command: 'cwmp completions zsh > "${fpath[1]}/_cwmp"',
          description: "Install zsh completions",
        },
        {
          command: "cwmp completions fish > ~/.config/fish/completions/cwmp.fish",
          description: "Install fish completions",
        },
      ]),
    )
    .action((shell) =>
      runAction(() => run({ shell }, context.io, program), {
        command: "completions",
        context,
      })
    );
}

/**
 * Prints the script.
 *
 * @param opts The shell.
 * @param io Where to print.
 * @param program The root command.
 * @returns 0.
 */
export function run(
  opts: { shell: Shell },
  io: CliIo,
  program: CommandUnknownOpts,
): Promise<number> {
  io.stdout.write(completionScript(opts.shell, completionTree(program)));
  return Promise.resolve(0);
}

/**
 * The command tree of a program, as completion needs it.
 *
 * @param command The root command.
 * @param path Its words after the program name.
 * @returns The tree.
 */
export function completionTree(command: CommandUnknownOpts, path: string[] = []): CompletionNode {
  const flags = command.options.flatMap((o) => [o.long, o.short]).filter((f) => f !== undefined);
  return {
    path,
    summary: command.summary() || command.description(),
    flags: [...flags, "--help"],
    children: command.commands.map((c) => completionTree(c, [...path, c.name()])),
  };
}

/**
 * The completion script of a tree for a shell.
 *
 * @param shell bash, zsh or fish.
 * @param root The tree.
 * @returns The script, ending in a newline.
 */
export function completionScript(shell: Shell, root: CompletionNode): string {
  const nodes = flatten(root);
  switch (shell) {
    case "bash":
      return bashScript(nodes);
    case "zsh":
      return zshScript(nodes);
    case "fish":
      return fishScript(nodes);
  }
}

function flatten(node: CompletionNode): CompletionNode[] {
  return [node, ...node.children.flatMap(flatten)];
}

// Single-quoted for any of the three shells: a quote inside becomes '\''.
function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function wordsOf(node: CompletionNode): string {
  return [...node.children.map((c) => c.path[c.path.length - 1]), ...node.flags].join(" ");
}

// Both bash and zsh walk the words typed so far, keeping those that name a deeper command.
function keyLoop(nodes: readonly CompletionNode[], words: string): string {
  const keys = nodes.filter((n) => n.path.length > 0).map((n) => quote(n.path.join(" ")));
  return [
    `  for w in ${words}; do`,
    `    case "\${key:+$key }$w" in`,
    `      ${keys.join("|")}) key="\${key:+$key }$w" ;;`,
    "    esac",
    "  done",
  ].join("\n");
}

function bashScript(nodes: readonly CompletionNode[]): string {
  const cases = nodes.map((n) => `    ${quote(n.path.join(" "))}) words=${quote(wordsOf(n))} ;;`);
  return [
    "# bash completion for cwmp: source it, or save it as /etc/bash_completion.d/cwmp",
    "_cwmp() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" key="" words="" w',
    keyLoop(nodes, '"${COMP_WORDS[@]:1:COMP_CWORD-1}"'),
    '  case "$key" in',
    ...cases,
    "  esac",
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    "}",
    "complete -o default -F _cwmp cwmp",
    "",
  ].join("\n");
}

function zshScript(nodes: readonly CompletionNode[]): string {
  // Not `words`: zsh's completion system keeps the command line in that array.
  const cases = nodes.map((n) => `    ${quote(n.path.join(" "))}) cands=(${wordsOf(n)}) ;;`);
  return [
    "#compdef cwmp",
    "# zsh completion for cwmp: save it as _cwmp in a directory of $fpath",
    "_cwmp() {",
    '  local key="" w',
    "  local -a cands",
    keyLoop(nodes, '"${(@)words[2,CURRENT-1]}"'),
    '  case "$key" in',
    ...cases,
    "  esac",
    "  compadd -- $cands",
    // Arguments are often files (files upload FILE, decode FILE): offer them too.
    "  [[ $PREFIX == -* ]] || _files",
    "}",
    'if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then _cwmp "$@"; else compdef _cwmp cwmp; fi',
    "",
  ].join("\n");
}

function fishScript(nodes: readonly CompletionNode[]): string {
  const lines = ["# fish completion for cwmp: save it as ~/.config/fish/completions/cwmp.fish"];
  for (const node of nodes) {
    const condition = node.path.length === 0 ? "__fish_use_subcommand" : [
      ...node.path.map((w) => `__fish_seen_subcommand_from ${w}`),
      ...(node.children.length === 0 ? [] : [
        `not __fish_seen_subcommand_from ${node.children.map((c) => c.path.at(-1)).join(" ")}`,
      ]),
    ].join("; and ");
    for (const child of node.children) {
      lines.push(
        `complete -c cwmp -n ${quote(condition)} -a ${quote(child.path.at(-1) ?? "")} ` +
          `-d ${quote(child.summary)}`,
      );
    }
    for (const flag of node.flags) {
      const option = flag.startsWith("--") ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`;
      lines.push(`complete -c cwmp -n ${quote(condition)} ${option}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
