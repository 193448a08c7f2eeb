/** The report page: escaping, the header's figures, the inlined library and the no-network policy. */
import { describe, expect, it } from "vitest";
import type { ReportChart } from "../../../core/report/charts.js";
import { escapeHtml, headerItems, type ReportHeader, reportHtml, scriptJson } from "../../../core/report/page.js";

const HEADER: ReportHeader = {
  generatedAt: "2026-01-02T03:04:05.678Z",
  events: 1234567,
  onboardings: 42,
  firstEvent: "2025-06-02T09:58:00.000Z",
  lastEvent: null,
  objectsLoaded: 3,
  errorEvents: 1,
  lakeDir: "/runs/<a>/lake",
  warehouseFile: "/runs/<a>/warehouse.duckdb",
};
const LIBRARY = { name: "Apache ECharts", version: "6.1.0", license: "Apache-2.0", source: "window.echarts={};" };
const drawn: ReportChart = {
  id: "top-errors",
  title: "Top errors",
  source: "bi.errors_by_service_day",
  note: "Error events.",
  option: { series: [{ type: "bar", name: "</script><b>", data: [1] }] },
  height: 240,
};
const empty: ReportChart = { ...drawn, id: "funnel", title: "Funnel", source: "bi.onboarding_funnel", option: null };

describe("escaping", () => {
  it("escapes markup in text and attributes", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("keeps embedded JSON from closing its script element", () => {
    expect(scriptJson({ t: "</script><!--" })).toBe('{"t":"\\u003c/script>\\u003c!--"}');
  });
});

describe("headerItems", () => {
  it("lists the warehouse's counts, times in UTC and the paths", () => {
    expect(headerItems(HEADER)).toEqual([
      ["Events in the warehouse", "1,234,567"],
      ["Onboarding applications", "42"],
      ["Error events", "1"],
      ["Parquet objects loaded", "3"],
      ["First event", "2025-06-02 09:58:00 UTC"],
      ["Last event", "–"],
      ["Lake", "/runs/<a>/lake"],
      ["Warehouse", "/runs/<a>/warehouse.duckdb"],
    ]);
  });

  it("adds this run's figures when the report ends a run", () => {
    const items = headerItems({
      ...HEADER,
      run: { seed: "onboarding", events: 100000, lakeRows: 99980, warehouseRowsInserted: 99980, failedRecords: 4 },
    });
    expect(items[6]).toEqual([
      "This run (seed onboarding)",
      "100,000 events generated, 99,980 rows written to the lake, 99,980 added to the warehouse, 4 failed records",
    ]);
  });
});

describe("reportHtml", () => {
  const html = reportHtml(HEADER, [empty, drawn], LIBRARY);

  it("forbids every fetch with a Content-Security-Policy and inlines the library", () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).toContain("<script>window.echarts={};</script>");
    expect(html).not.toMatch(/<script[^>]+src=|<link /);
  });

  it("embeds only the drawn charts' options, escaped, and a note for a view without rows", () => {
    expect(html).toContain(
      '<script type="application/json" id="report-data">[{"id":"top-errors","option":{"series":[{"type":"bar","name":"\\u003c/script>\\u003cb>","data":[1]}]}}]</script>',
    );
    expect(html).toContain('<div class="plot" id="top-errors" style="height: 240px"></div>');
    expect(html).toContain('<p class="empty">No rows in bi.onboarding_funnel yet.</p>');
    expect(html).not.toContain('id="funnel"');
  });

  it("escapes paths in the header", () => {
    expect(html).toContain("<dt>Lake</dt><dd>/runs/&lt;a&gt;/lake</dd>");
  });

  it("refuses a library whose text would end its script element", () => {
    expect(() => reportHtml(HEADER, [], { ...LIBRARY, source: 'var s = "</script>";' })).toThrow(
      'Apache ECharts 6.1.0 contains "</script" or "<!--"',
    );
  });
});
