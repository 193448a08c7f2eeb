/**
 * The HTML page of `loglake report`: one self-contained file. The chart library's browser build is inlined, the
 * chart specs ride along as JSON, and a Content-Security-Policy forbids every fetch, so opening the page never
 * touches the network (a bank's analyst may open it offline, and nothing leaks where the page is viewed).
 */
import type { ReportChart } from "./charts.js";

/** This run's figures, when the report is written at the end of `loglake local run`. */
export interface RunFigures {
  readonly seed: string;
  readonly events: number;
  readonly lakeRows: number;
  readonly warehouseRowsInserted: number;
  readonly failedRecords: number;
}

/** What the header says: the warehouse's counts and where the lake and warehouse are. */
export interface ReportHeader {
  /** When the page was built (ISO text). */
  readonly generatedAt: string;
  readonly events: number;
  readonly onboardings: number;
  readonly firstEvent: string | null;
  readonly lastEvent: string | null;
  readonly objectsLoaded: number;
  readonly errorEvents: number;
  readonly lakeDir: string;
  readonly warehouseFile: string;
  readonly run?: RunFigures;
}

/** The chart library's browser build, to be inlined. */
export interface ChartLibrary {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  /** The script's text (a UMD build that defines `window.echarts`). */
  readonly source: string;
}

/** The library's text cannot be inlined: it would end the script element early. */
export class UninlinableScriptError extends Error {
  override readonly name = "UninlinableScriptError";
}

/** Text as HTML element content or attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** JSON that is safe inside a `<script>` element (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

const n = (v: number): string => v.toLocaleString("en-US");
const time = (iso: string | null): string =>
  iso === null ? "–" : `${iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "")} UTC`;

/** The header's figures as label/value pairs, in the order shown. */
export function headerItems(h: ReportHeader): [string, string][] {
  const items: [string, string][] = [
    ["Events in the warehouse", n(h.events)],
    ["Onboarding applications", n(h.onboardings)],
    ["Error events", n(h.errorEvents)],
    ["Parquet objects loaded", n(h.objectsLoaded)],
    ["First event", time(h.firstEvent)],
    ["Last event", time(h.lastEvent)],
  ];
  if (h.run)
    items.push([
      `This run (seed ${h.run.seed})`,
      `${n(h.run.events)} events generated, ${n(h.run.lakeRows)} rows written to the lake, ${n(h.run.warehouseRowsInserted)} added to the warehouse, ${n(h.run.failedRecords)} failed records`,
    ]);
  items.push(["Lake", h.lakeDir], ["Warehouse", h.warehouseFile]);
  return items;
}

const STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; background: #f5f7fa; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
.generated { color: #52606d; margin: 0 0 16px; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px; margin: 0 0 24px; }
dl.figures div { background: #fff; border: 1px solid #e4e7eb; border-radius: 6px; padding: 8px 12px; }
dt { color: #52606d; font-size: 0.8rem; }
dd { margin: 2px 0 0; font-weight: 600; overflow-wrap: anywhere; }
section.chart { background: #fff; border: 1px solid #e4e7eb; border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; }
section.chart h2 { font-size: 1.1rem; margin: 0 0 4px; }
.note { color: #52606d; margin: 0 0 8px; font-size: 0.9rem; }
code { font-size: 0.85rem; }
.empty { color: #9aa5b1; font-style: italic; }
footer { color: #9aa5b1; font-size: 0.8rem; }
`;

// Draws every chart as SVG; `data-charts-rendered` tells a test (or a curious reader) that the script ran to the end.
const BOOT = `(function () {
  var specs = JSON.parse(document.getElementById("report-data").textContent);
  var charts = specs.map(function (s) {
    var chart = echarts.init(document.getElementById(s.id), null, { renderer: "svg" });
    chart.setOption(s.option);
    return chart;
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.body.setAttribute("data-charts-rendered", String(charts.length));
})();`;

function chartSection(c: ReportChart): string {
  const body =
    c.option === null
      ? `<p class="empty">No rows in ${escapeHtml(c.source)} yet.</p>`
      : `<div class="plot" id="${escapeHtml(c.id)}" style="height: ${Math.round(c.height)}px"></div>`;
  return `<section class="chart" data-chart="${escapeHtml(c.id)}">
<h2>${escapeHtml(c.title)}</h2>
<p class="note">${escapeHtml(c.note)} Source: <code>${escapeHtml(c.source)}</code>.</p>
${body}
</section>`;
}

/** The whole page. */
export function reportHtml(header: ReportHeader, charts: readonly ReportChart[], library: ChartLibrary): string {
  if (/<\/script|<!--/i.test(library.source))
    throw new UninlinableScriptError(`${library.name} ${library.version} contains "</script" or "<!--"`);
  const drawn = charts.filter((c) => c.option !== null).map((c) => ({ id: c.id, option: c.option }));
  const figures = headerItems(header)
    .map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Onboarding Log Lake — report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Onboarding Log Lake — what Power BI will show</h1>
<p class="generated">Built ${escapeHtml(time(header.generatedAt))} from the warehouse's <code>bi.*</code> views.</p>
<dl class="figures">
${figures}
</dl>
${charts.map(chartSection).join("\n")}
<footer>Charts drawn by ${escapeHtml(library.name)} ${escapeHtml(library.version)} (${escapeHtml(library.license)}), inlined in this page: it works offline.</footer>
<script>${library.source}</script>
<script type="application/json" id="report-data">${scriptJson(drawn)}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}
