/**
 * Argument parsing for `loglake`: node:util parseArgs with one-line errors instead of Node's messages.
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

type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

/** Parsed flags, typed from the option spec. */
export type Parsed<T extends OptionSpec> = {
  values: { [K in keyof T]?: T[K]["type"] extends "string" ? string : boolean } & { help?: boolean };
  positionals: string[];
};

/** Parses `argv` strictly; unknown flags and missing values become a {@link CliError}. */
export function parse<T extends OptionSpec>(argv: string[], options: T, positionals = 0): Parsed<T> {
  try {
    const out = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    const parsed = out as unknown as Parsed<T>;
    if (!parsed.values.help && parsed.positionals.length > positionals) {
      throw new CliError(`unexpected argument "${parsed.positionals[positionals]}"`);
    }
    return parsed;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new CliError(`unknown option ${flag ?? message}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
      throw new CliError(`option ${flag ?? ""} needs a value`.replace("  ", " "));
    throw new CliError(message.split("\n")[0] ?? message);
  }
}

/** A positive integer flag value. */
export function positiveInt(name: string, value: string | undefined, fallback: number, max = 100_000_000): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new CliError(`--${name} must be an integer from 1 to ${max.toLocaleString("en-US")}, got "${value}"`);
  }
  return Number(value);
}
