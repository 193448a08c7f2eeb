/**
 * Captures what a component prints, line by line, the way Powertools' own tests read the EMF and log
 * lines its Metrics and Logger emit (JSON lines on stdout; the Logger's WARN and ERROR lines on stderr).
 */
import { vi } from "vitest";

/** Starts capturing stdout and stderr; `lines()` returns every line printed since, parsed as JSON where it is JSON. */
export function captureOutput(): { lines(): unknown[]; restore(): void } {
  let buffer = "";
  const write = (chunk: string | Uint8Array) => {
    buffer += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, "write").mockImplementation(write),
    vi.spyOn(process.stderr, "write").mockImplementation(write),
  ];
  return {
    lines: () =>
      buffer
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => {
          try {
            return JSON.parse(line) as unknown;
          } catch {
            return line;
          }
        }),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/** Collects what is written to stdout (stderr passes through) into the returned array, until `vi.restoreAllMocks()`. */
export function captureStdout(): string[] {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  return chunks;
}
