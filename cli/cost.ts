/**
 * `loglake cost`: a stage's monthly estimate per component (core/cost/model.ts) from its configuration
 * as `cdk synth` sees it (cdk.json overrides applied) and a daily log volume. Needs no AWS account.
 */

import { type CostEstimate, type CostInputs, estimateCost } from "../core/cost/model.js";
import { PRICES_AS_OF } from "../core/cost/prices.js";
import type { StageConfig } from "../infra/config/index.js";
import { CliError, type ParsedArgs } from "./args.js";
import { stageConfig } from "./aws.js";

/** What the cost model reads of a stage's configuration. */
export function costInputsFrom(config: StageConfig, gbPerDay: number): CostInputs {
  const c = config.warehouse.compute;
  return {
    stage: config.stage,
    gbPerDay,
    warehouse:
      c.kind === "provisioned"
        ? { kind: "provisioned", nodeType: c.nodeType, numberOfNodes: c.numberOfNodes }
        : { kind: "serverless", baseRpu: c.baseRpu },
    raw: {
      expireDays: config.retention.rawExpireDays,
      toInfrequentAccessDays: config.retention.rawToInfrequentAccessDays,
      toGlacierDays: config.retention.rawToGlacierDays,
    },
    firehose: config.firehose,
    loader: config.loader,
    interfaceEndpoints: config.network.interfaceEndpoints.length,
    availabilityZones: config.network.maxAzs,
  };
}

/** A `--gb-per-day` value: a positive number up to 100,000 (decimals allowed); 10 when absent. */
export function gbPerDayOption(value: string | undefined): number {
  if (value === undefined) return 10;
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(n > 0 && n <= 100_000))
    throw new CliError(`--gb-per-day must be a number above 0 and up to 100,000, got "${value}"`);
  return n;
}

const usd = (v: number): string =>
  `$${v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The estimate as a table: one line per component, the total and the Glue design's total. */
export function formatCost(e: CostEstimate): string {
  const width = Math.max(...e.components.map((c) => c.name.length), 24);
  const amounts = [...e.components.map((c) => usd(c.usd_per_month)), usd(e.total_usd_per_month)];
  const amountWidth = Math.max(...amounts.map((a) => a.length), usd(e.glue_design_usd_per_month).length);
  const line = (name: string, amount: string) => `  ${name.padEnd(width)}  ${amount.padStart(amountWidth)}`;
  return [
    `Monthly estimate for stage ${e.stage} at ${e.gb_per_day.toLocaleString("en-US")} GB of logs a day (USD, us-east-1 list prices of ${PRICES_AS_OF.slice(0, 7)}):`,
    ...e.components.map((c) => line(c.name, usd(c.usd_per_month))),
    line("total", usd(e.total_usd_per_month)),
    line("the Glue-job design", usd(e.glue_design_usd_per_month)),
    "Assumptions and what moves the figures: docs/infrastructure.md (Cost).",
  ].join("\n");
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** `loglake cost`. */
export async function cost({ values }: ParsedArgs): Promise<number> {
  const gbPerDay = gbPerDayOption(str(values["gb-per-day"]));
  const estimate = estimateCost(costInputsFrom(stageConfig(str(values.stage) ?? "prod"), gbPerDay));
  process.stdout.write(`${values.json === true ? JSON.stringify(estimate) : formatCost(estimate)}\n`);
  return 0;
}
