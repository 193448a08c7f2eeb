/**
 * The shape of `loglake`'s command table and the pure parts driven by it: which command an argv names,
 * and every help text. One table (cli/commands.ts) is the only list of commands, options and usage.
 */
import { GLOBAL_OPTIONS, type OptionTable, type ParsedArgs } from "./args.js";

/** One command of the table. */
export interface CommandDef {
  /** Words that name it: `["local", "run"]`. */
  readonly path: readonly string[];
  /** The positional arguments in usage form (`["SQL"]`), empty when there are none. */
  readonly args?: string;
  /** How many positionals it accepts. */
  readonly positionals: number;
  /** One line for the overview. */
  readonly summary: string;
  /** What `--help` explains below the usage line. */
  readonly description: string;
  readonly options: OptionTable;
  /** Options the command cannot run without: the usage line shows them without brackets. */
  readonly required?: readonly string[];
  /** Runs the command with its parsed arguments (and the raw ones after its words); resolves to the exit code. */
  run(args: ParsedArgs & { readonly argv: readonly string[] }): Promise<number>;
}

/** What an argv asks for. */
export type Resolved =
  | { readonly kind: "command"; readonly command: CommandDef; readonly argv: readonly string[] }
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "version" }
  | { readonly kind: "error"; readonly message: string };

const isHelp = (a: string | undefined): boolean => a === "--help" || a === "-h" || a === "help";

/** The usage line of a command. */
export function usageLine(c: CommandDef): string {
  const opts = Object.entries(c.options).map(([k, o]) => {
    const flag = o.type === "string" ? `--${k} ${o.value ?? "V"}` : `--${k}`;
    return c.required?.includes(k) ? flag : `[${flag}]`;
  });
  return ["loglake", ...c.path, ...(c.args ? [c.args] : []), ...opts].join(" ");
}

function optionLines(options: OptionTable): string[] {
  const rows = Object.entries({ ...options, ...GLOBAL_OPTIONS }).map(([k, o]) => [
    o.type === "string" ? `--${k} ${o.value ?? "V"}` : `--${k}`,
    o.description,
  ]);
  const width = Math.max(...rows.map(([f]) => (f ?? "").length));
  return rows.map(([f, d]) => `  ${(f ?? "").padEnd(width)}   ${d}`);
}

/** `loglake <command> --help`. */
export function commandHelp(c: CommandDef): string {
  return [`Usage: ${usageLine(c)}`, "", c.description, "", "Options:", ...optionLines(c.options)].join("\n");
}

/** The overview of `commands` (all of them, or one group's). */
export function overviewHelp(commands: readonly CommandDef[], group?: string): string {
  const rows = commands.map((c) => [["loglake", ...c.path, ...(c.args ? [c.args] : [])].join(" "), c.summary]);
  const width = Math.max(...rows.map(([u]) => (u ?? "").length));
  return [
    group ? `loglake ${group} — commands:` : "loglake — Onboarding Log Lake operator CLI",
    "",
    "Usage:",
    ...rows.map(([u, s]) => `  ${(u ?? "").padEnd(width)}   ${s}`),
    "",
    "Every command takes --help and --quiet; loglake --version prints the version.",
  ].join("\n");
}

/** Finds the command `argv` names (the longest matching path), or the help, version or error it asks for. */
export function resolveCommand(argv: readonly string[], commands: readonly CommandDef[]): Resolved {
  const [first] = argv;
  if (first === undefined || isHelp(first)) return { kind: "help", text: overviewHelp(commands) };
  if (first === "--version" || first === "-V") {
    return argv.length === 1 ? { kind: "version" } : { kind: "error", message: "--version takes no arguments" };
  }
  const matches = commands
    .filter((c) => c.path.every((w, i) => argv[i] === w))
    .sort((a, b) => b.path.length - a.path.length);
  const command = matches[0];
  if (command) return { kind: "command", command, argv: argv.slice(command.path.length) };
  const group = commands.filter((c) => c.path.length > 1 && c.path[0] === first);
  if (group.length > 0) {
    const next = argv[1];
    if (next === undefined || isHelp(next)) return { kind: "help", text: overviewHelp(group, first) };
    return { kind: "error", message: `unknown command "${first} ${next}" (see loglake ${first} --help)` };
  }
  return { kind: "error", message: `unknown command "${first}" (see loglake --help)` };
}
