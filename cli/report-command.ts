/**
 * Handler of `loglake report`: checks its arguments, writes the page (local/report.ts) and says where it is.
 */
import { writeReport } from "../local/report.js";
import { CliError, dirOption, type ParsedArgs } from "./args.js";
import { DEFAULT_DIR } from "./commands.js";

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** `loglake report`. */
export async function report({ values }: ParsedArgs): Promise<number> {
  const dir = dirOption(str(values.dir), DEFAULT_DIR);
  const out = str(values.out);
  if (out !== undefined && out.trim() === "") throw new CliError('--out must name a file, got ""');
  const result = await writeReport({ dir, ...(out !== undefined ? { out } : {}) });
  if (values.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (values.quiet === true) process.stdout.write(`${result.path}\n`);
  else {
    const empty = result.empty.length > 0 ? ` (no rows yet for: ${result.empty.join(", ")})` : "";
    process.stdout.write(`Report: ${result.path} — ${result.charts.length} charts${empty}; open it in a browser\n`);
  }
  return 0;
}
