/**
 * Who holds a DuckDB file's lock, from DuckDB's "Conflicting lock is held in PROGRAM (PID N)" text, told in
 * one line a person can act on (which process, try again when it ends) instead of DuckDB's paragraph.
 */
import { readFileSync } from "node:fs";

/** The warehouse file is open in another process. */
export class WarehouseBusyError extends Error {
  override readonly name = "WarehouseBusyError";
}

/** The loglake command a command line runs (`loglake local run`), the program otherwise. */
export function describeCommandLine(argv: readonly string[], program: string): string {
  const main = argv.findIndex((a) => a.endsWith("cli/main.ts") || a.endsWith("bin/loglake.mjs") || a === "loglake");
  if (main >= 0) {
    const words = argv.slice(main + 1).filter((a) => !a.startsWith("-"));
    const command = words.slice(0, words[0] === "local" || words[0] === "lake" ? 2 : 1).join(" ");
    return command ? `\`loglake ${command}\`` : "`loglake`";
  }
  return program;
}

function commandLineOf(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\u0000").filter(Boolean);
  } catch {
    return null;
  }
}

/**
 * The one-line message for a lock conflict on `path`, or null when `message` is not one. The holder is read
 * from /proc when it can be (Linux), so the message names the loglake command that holds the file.
 */
export function lockConflictMessage(
  message: string,
  path: string,
  readCommandLine: (pid: number) => string[] | null = commandLineOf,
): string | null {
  const match = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(message);
  if (!match) return message.includes("Could not set lock on file") ? `${path} is in use by another process` : null;
  const pid = Number(match[2]);
  const argv = readCommandLine(pid);
  const who = argv ? describeCommandLine(argv, match[1] ?? "a process") : (match[1] ?? "a process");
  return `the warehouse ${path} is in use by ${who} (process ${pid}); try again when it ends`;
}
