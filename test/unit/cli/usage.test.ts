import { describe, expect, it } from "vitest";
import { commandHelp } from "../../../cli/command-table.js";
import { COMMANDS } from "../../../cli/commands.js";

const command = (...path: string[]) => {
  const c = COMMANDS.find((d) => d.path.join(" ") === path.join(" "));
  if (!c) throw new Error(`no command ${path.join(" ")}`);
  return c;
};

describe("usage lines", () => {
  it("shows backfill-lake's required flags without brackets and the optional ones in brackets", () => {
    expect(commandHelp(command("backfill-lake")).split("\n")[0]).toBe(
      "Usage: loglake backfill-lake --stage S --from YYYY-MM-DD --to YYYY-MM-DD [--region R] [--dry-run] [--json]",
    );
  });

  it("keeps every flag of a command without required options in brackets", () => {
    expect(commandHelp(command("local", "load")).split("\n")[0]).toBe("Usage: loglake local load [--dir D] [--json]");
  });
});
