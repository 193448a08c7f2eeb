/**
 * Ctrl-C and SIGTERM during a long command: the first one aborts the work (which then cleans up and
 * reports in one line); a second one exits at once, as a user pressing Ctrl-C twice expects.
 */

/** An abort signal fired by SIGINT or SIGTERM (its reason is the signal's name); dispose when done. */
export function onInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(signal === "SIGINT" ? 130 : 143);
    // No line here: the aborted command reports once, in one line, after it has cleaned up.
    controller.abort(signal);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
