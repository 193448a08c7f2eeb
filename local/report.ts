/**
 * `loglake report`: reads the warehouse's `bi.*` views through the read-only query session (the one
 * `loglake query` uses), builds the page (core/report) with the chart library's browser build inlined from
 * node_modules, and writes it (default `D/report.html`).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { DEFAULT_WAREHOUSE_NAMES } from "../core/load/names.js";
import {
  apiStatusChart,
  eventsByHourChart,
  funnelChart,
  lambdaDurationChart,
  lambdaFailuresChart,
  type ReportChart,
  topErrorsChart,
} from "../core/report/charts.js";
import { type ChartLibrary, type RunFigures, reportHtml } from "../core/report/page.js";
import { type ReportSection, reportQueries } from "../core/report/queries.js";
import {
  apiStatusRows,
  errorRows,
  funnelRows,
  headerCounts,
  hourRows,
  lambdaRows,
  type QueryRow,
} from "../core/report/rows.js";
import { localPaths } from "./paths.js";
import { QueryFailedError, QuerySession } from "./query.js";

/** Nothing to report on: no warehouse yet, or one without the report's views. */
export class ReportSourceError extends Error {
  override readonly name = "ReportSourceError";
}

/** The report file could not be written. */
export class ReportWriteError extends Error {
  override readonly name = "ReportWriteError";
}

/** Options of {@link writeReport}. */
export interface ReportOptions {
  /** The local run's folder. */
  readonly dir: string;
  /** Where to write the page (default `D/report.html`). */
  readonly out?: string;
  /** This run's figures, when called at the end of `loglake local run`. */
  readonly run?: RunFigures;
  readonly now?: Date;
}

/** What was written. */
export interface ReportResult {
  readonly path: string;
  readonly bytes: number;
  /** Chart ids drawn, and those whose view had no rows (shown as a note instead). */
  readonly charts: readonly string[];
  readonly empty: readonly string[];
}

const CHART_BUILD = "echarts/dist/echarts.common.min.js";

/** The chart library's browser build and its name, version and license, from node_modules. */
export function loadChartLibrary(): ChartLibrary {
  const require = createRequire(import.meta.url);
  const file = require.resolve(CHART_BUILD);
  const pkg = JSON.parse(readFileSync(join(dirname(file), "..", "package.json"), "utf8")) as {
    version: string;
    license: string;
  };
  return { name: "Apache ECharts", version: pkg.version, license: pkg.license, source: readFileSync(file, "utf8") };
}

async function readAll(session: QuerySession, sql: string): Promise<QueryRow[]> {
  const stream = await session.stream(sql);
  const rows: QueryRow[] = [];
  for await (const batch of stream.batches)
    for (const row of batch) rows.push(Object.fromEntries(stream.columns.map((c, i) => [c.name, row[i]])));
  return rows;
}

async function readSections(session: QuerySession, dir: string): Promise<Record<ReportSection, QueryRow[]>> {
  const queries = reportQueries(DEFAULT_WAREHOUSE_NAMES);
  const out = {} as Record<ReportSection, QueryRow[]>;
  for (const [section, sql] of Object.entries(queries) as [ReportSection, string][]) {
    try {
      out[section] = await readAll(session, sql);
    } catch (error) {
      const missing = error instanceof QueryFailedError && /does not exist/.exec(error.message);
      if (!missing) throw error;
      const name = /with name (\w+)/.exec(error.message)?.[1];
      throw new ReportSourceError(
        `the warehouse has no ${name ? `bi.${name}` : "view the report reads"} (an older loglake wrote it): run \`loglake local run --dir ${dir}\` to update its views`,
      );
    }
  }
  return out;
}

/** Builds the report of the local run in `dir` and writes it. */
export async function writeReport(options: ReportOptions): Promise<ReportResult> {
  const paths = localPaths(options.dir);
  if (!existsSync(paths.warehouse))
    throw new ReportSourceError(
      `no warehouse at ${paths.warehouse} yet: run \`npm start\` (or \`loglake local run --dir ${options.dir}\`) first`,
    );
  const session = await QuerySession.openWarehouse(paths.warehouse);
  let rows: Record<ReportSection, QueryRow[]>;
  try {
    rows = await readSections(session, options.dir);
  } finally {
    session.close();
  }
  const lambda = lambdaRows(rows.lambda);
  const charts: ReportChart[] = [
    funnelChart(funnelRows(rows.funnel)),
    eventsByHourChart(hourRows(rows.eventsByHour)),
    lambdaDurationChart(lambda),
    lambdaFailuresChart(lambda),
    apiStatusChart(apiStatusRows(rows.apiStatus)),
    topErrorsChart(errorRows(rows.topErrors)),
  ];
  const header = {
    ...headerCounts(rows.header[0]),
    generatedAt: (options.now ?? new Date()).toISOString(),
    lakeDir: paths.lake,
    warehouseFile: paths.warehouse,
    ...(options.run ? { run: options.run } : {}),
  };
  const html = reportHtml(header, charts, loadChartLibrary());
  const path = resolve(options.out ?? join(paths.dir, "report.html"));
  try {
    writeFileSync(path, html);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    // A full disk leaves a cut page behind; other failures (no folder, no permission) wrote nothing.
    if (code === "ENOSPC") rmSync(path, { force: true });
    throw new ReportWriteError(`cannot write the report to ${path} (${code})`);
  }
  return {
    path,
    bytes: Buffer.byteLength(html),
    charts: charts.filter((c) => c.option !== null).map((c) => c.id),
    empty: charts.filter((c) => c.option === null).map((c) => c.id),
  };
}
