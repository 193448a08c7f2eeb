/**
 * Every error a command can end with, as the one line the user reads and the exit code: 2 for usage,
 * 1 for runtime failures, 128 + signal number for an interrupt (as shells report it). Errors are told apart
 * by name, so `--help` never has to load DuckDB to know them.
 */
import { CliError } from "./args.js";

const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/** The message (first line only) and exit code for `error`. */
export function oneLineError(error: unknown): { message: string; exitCode: number } {
  const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  if (error instanceof CliError) return { message: first, exitCode: error.exitCode };
  const name = error instanceof Error ? error.name : "";
  if (name === "RunInterruptedError" || name === "LoadInterruptedError") {
    const signal = (error as { signal?: string }).signal ?? "";
    return { message: first, exitCode: SIGNAL_EXIT[signal] ?? 1 };
  }
  if (name === "QueryFailedError") return { message: `query failed: ${first}`, exitCode: 1 };
  return { message: first, exitCode: 1 };
}
