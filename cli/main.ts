/**
 * `loglake`: the operator CLI. Commands load lazily so `--help` and flag errors answer instantly, and so
 * the environment below is set before the AWS SDK (imported by the transform handler) loads.
 */
import { CliError } from "./args.js";

// The SDK warns about Node 20 on every start; the local runtime never calls AWS, so the warning is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const HELP = `loglake — Onboarding Log Lake operator CLI

Usage:
  loglake local run [--events N] [--seed S] [--dir D] [--json]   run the whole pipeline locally
  loglake local reprocess [--dir D] [--json]                     re-put the local error prefix
  loglake query "SQL" [--dir D] [--json]                         SQL on the local warehouse (DuckDB)
  loglake lake query "SQL" [--dir D] [--json]                    SQL on the lake's Parquet (view log_events)
  loglake warehouse ddl                                          print the Redshift setup SQL (tables, ledger, bi views)
  loglake reprocess (--stage S | --bucket B --stream NAME) [--prefix errors/] [--since YYYY-MM-DD] [--dry-run] [--json]
                                                                 re-put the AWS error prefix to the delivery stream

Every command takes --help.`;

async function dispatch(argv: string[]): Promise<number> {
  const [a, b, ...rest] = argv;
  const commands = await import("./commands.js");
  if (a === "local" && b === "run") return commands.localRun(rest);
  if (a === "local" && b === "reprocess") return commands.localReprocess(rest);
  if (a === "reprocess") return commands.reprocess(argv.slice(1));
  if (a === "query") return commands.warehouseQuery(argv.slice(1));
  if (a === "lake" && b === "query") return commands.lakeQuery(rest);
  if (a === "warehouse" && (b === "ddl" || b === undefined || b === "--help" || b === "-h")) {
    if (b !== "ddl" || rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(
        "Usage: loglake warehouse ddl\n\nPrints the Redshift statements that create the logs and bi schemas,\nlogs.log_events (SORTKEY event_time), the load ledger and the bi.* views. Idempotent.\n",
      );
      return b === undefined ? 2 : 0;
    }
    const { redshiftSetupStatements } = await import("../schemas/redshift.js");
    process.stdout.write(`${redshiftSetupStatements().join(";\n\n")};\n`);
    return 0;
  }
  if (a === undefined || a === "--help" || a === "-h" || a === "help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (a === "local" && (b === undefined || b === "--help" || b === "-h")) {
    process.stdout.write(`${HELP}\n`);
    return b === undefined ? 2 : 0;
  }
  if (a === "lake" && (b === undefined || b === "--help" || b === "-h")) {
    process.stdout.write('Usage: loglake lake query "SQL" [--dir D] [--json]\n');
    return b === undefined ? 2 : 0;
  }
  throw new CliError(`unknown command "${[a, b].filter(Boolean).join(" ")}" (see loglake --help)`);
}

/** Runs the CLI; resolves to the exit code. Errors become one line on stderr, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    process.stderr.write(`loglake: ${message}\n`);
    if (process.env.LOGLAKE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
