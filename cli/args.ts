/**
 * Argument parsing for `loglake`: node:util parseArgs driven by a command's option table, with one-line
 * errors instead of Node's messages, and the value checks every command shares (numbers, --dir).
 */
import { parseArgs } from "node:util";

/** A user error: printed as one line, exit code 2 (usage) or 1 (runtime). */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** One option of a command: its type, the placeholder shown in help, and what it does. */
export interface OptionDef {
  readonly type: "string" | "boolean";
  /** Placeholder of the value in help (`N`, `D`); string options only. */
  readonly value?: string;
  readonly description: string;
}

/** Options by long name (without the leading dashes). */
export type OptionTable = Readonly<Record<string, OptionDef>>;

/** Parsed flags and positionals. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: OptionTable = {
  help: { type: "boolean", description: "print this help" },
  quiet: { type: "boolean", description: "print nothing but errors and the requested output" },
};

/**
 * `--events -5` is a value, not an option: parseArgs would call it ambiguous ("needs a value"), so a
 * string option followed by a negative number is joined into `--events=-5` and the range check answers.
 */
function joinNegativeValues(argv: readonly string[], options: OptionTable): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const name = a.startsWith("--") ? a.slice(2) : null;
    if (name && options[name]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Parses `argv` strictly against `options` (plus {@link GLOBAL_OPTIONS}); at most `maxPositionals` positionals. */
export function parseCommandArgs(argv: readonly string[], options: OptionTable, maxPositionals: number): ParsedArgs {
  const all = { ...options, ...GLOBAL_OPTIONS };
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, all),
      options: Object.fromEntries(
        Object.entries(all).map(([k, v]) => [k, { type: v.type, ...(k === "help" ? { short: "h" } : {}) }]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new CliError(`unknown option ${flag ?? message}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
      throw new CliError(`option ${flag ?? ""} needs a value`.replace("  ", " "));
    throw new CliError(message.split("\n")[0] ?? message);
  }
  if (!parsed.values.help && parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals] ?? "";
    throw new CliError(
      maxPositionals === 0
        ? `unexpected argument "${extra}" (this command takes options only)`
        : `unexpected argument "${extra}" (SQL goes in one quoted argument)`,
    );
  }
  return parsed;
}

/** An integer flag value in [1, max]; `fallback` when absent. */
export function positiveInt(name: string, value: string | undefined, fallback: number, max = 100_000_000): number {
  if (value === undefined) return fallback;
  const range = `from 1 to ${max.toLocaleString("en-US")}`;
  if (!/^-?\d+$/.test(value)) throw new CliError(`--${name} must be a whole number ${range}, got "${value}"`);
  const n = Number(value);
  if (n < 1 || n > max) throw new CliError(`--${name} ${value} is out of range: give a whole number ${range}`);
  return n;
}

/** A `--dir` value: absent gives `fallback`; an empty or blank one is refused (it would mean the current folder). */
export function dirOption(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (value.trim() === "") throw new CliError('--dir must name a folder, got ""');
  return value;
}

type OptionSpec = Record<string, { type: "string" | "boolean" }>;

/** Parsed flags typed from an option spec (see {@link parse}). */
export type Parsed<T extends OptionSpec> = {
  values: { [K in keyof T]?: T[K]["type"] extends "string" ? string : boolean } & { help?: boolean; quiet?: boolean };
  positionals: string[];
};

/**
 * Parses `argv` against an option spec given as parseArgs types, with the same rules and globals as the
 * command table. For handlers that are also called with a raw argv (tests of `loglake reprocess`).
 */
export function parse<T extends OptionSpec>(argv: readonly string[], options: T, positionals = 0): Parsed<T> {
  const table = Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { ...o, description: "" }]));
  return parseCommandArgs(argv, table, positionals) as unknown as Parsed<T>;
}
