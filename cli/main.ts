/**
 * `loglake`: the operator CLI. The command table (cli/commands.ts) says what exists; this file resolves
 * argv against it, runs the command and turns errors into one line on stderr. The environment below is
 * set before any command loads the AWS SDK (imported by the transform handler).
 */
import { readFileSync } from "node:fs";
import { CliError, parseCommandArgs } from "./args.js";
import { commandHelp, resolveCommand } from "./command-table.js";
import { COMMANDS } from "./commands.js";
import { oneLineError } from "./errors.js";

// The SDK warns about Node 20 on every start; the local runtime never calls AWS, so the warning is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

/** Runs the CLI; resolves to the exit code. Errors become one line on stderr, never a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const resolved = resolveCommand(argv, COMMANDS);
    switch (resolved.kind) {
      case "help":
        process.stdout.write(`${resolved.text}\n`);
        return 0;
      case "version":
        process.stdout.write(`loglake ${version()}\n`);
        return 0;
      case "error":
        throw new CliError(resolved.message);
      case "command": {
        const { command } = resolved;
        const args = parseCommandArgs(resolved.argv, command.options, command.positionals);
        if (args.values.help) {
          process.stdout.write(`${commandHelp(command)}\n`);
          return 0;
        }
        return await command.run({ ...args, argv: resolved.argv });
      }
    }
  } catch (error) {
    const { message, exitCode } = oneLineError(error);
    process.stderr.write(`loglake: ${message}\n`);
    if (process.env.LOGLAKE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return exitCode;
  }
}

// `loglake query … | head`: a closed pipe ends the output, not the process with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
