/**
 * `loglake report` in a real browser: a small local run, its report loaded in headless Chromium (Debian's
 * `chromium`, driven by playwright-core). The page must load with no console error and no request beyond its
 * own file, and every chart must draw an SVG mark (a bar) per non-zero value of its spec, besides its legend icons.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport } from "../../local/report.js";
import { runLocal } from "../../local/run.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`report browser test skipped: no Chromium at ${CHROMIUM} (install it: apt-get install -y chromium)`);

interface ChartSeen {
  id: string;
  svg: number;
  marks: number;
  series: number;
  nonZeroValues: number;
  empty: boolean;
}

describe.skipIf(!hasChromium)("loglake report in headless Chromium", () => {
  let dir: string;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "loglake-report-browser-"));
    await runLocal({ events: 3_000, seed: "report-browser", dir });
    url = pathToFileURL((await writeReport({ dir })).path).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads offline with a clean console and draws every chart", async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));

    // Act
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector("body[data-charts-rendered]", { timeout: 30_000 });
    const seen: ChartSeen[] = await page.evaluate(() => {
      // The page's DOM, typed as far as this check reads it (the project compiles without the DOM library).
      interface Node {
        readonly textContent: string | null;
        getAttribute(name: string): string | null;
        querySelector(selector: string): Node | null;
        querySelectorAll(selector: string): ArrayLike<Node>;
        getBBox(): { width: number; height: number };
      }
      const doc = (globalThis as unknown as { document: Node }).document;
      const specs = JSON.parse(doc.querySelector("#report-data")?.textContent ?? "[]") as {
        id: string;
        option: { series: { data: (number | null)[] }[] };
      }[];
      return Array.from(doc.querySelectorAll("section.chart")).map((s) => {
        const id = s.getAttribute("data-chart") ?? "";
        const series = specs.find((c) => c.id === id)?.option.series ?? [];
        const values = series.flatMap((x) => x.data);
        // A drawn mark is a filled, unstroked shape with an area: a bar or a legend icon (axes and grid lines
        // are stroked, unfilled paths), so a chart that drew its bars has at least one per value and series.
        const marks = Array.from(s.querySelectorAll("svg path")).filter((p) => {
          const fill = p.getAttribute("fill");
          const box = p.getBBox();
          return (
            fill !== null && fill !== "none" && p.getAttribute("stroke") === null && box.width > 0 && box.height > 0
          );
        });
        return {
          id,
          svg: s.querySelectorAll("svg").length,
          marks: marks.length,
          series: series.length,
          nonZeroValues: values.filter((v) => typeof v === "number" && v !== 0).length,
          empty: s.querySelector(".empty") !== null,
        };
      });
    });
    const rendered = await page.getAttribute("body", "data-charts-rendered");
    await page.close();

    // Assess
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    expect(rendered).toBe("6");
    expect(seen.map((c) => c.id)).toEqual([
      "funnel",
      "events-by-hour",
      "lambda-duration",
      "lambda-failures",
      "api-status",
      "top-errors",
    ]);
    for (const c of seen) {
      expect(c.empty, c.id).toBe(false);
      expect(c.svg, c.id).toBe(1);
      expect(c.nonZeroValues, c.id).toBeGreaterThan(0);
      expect(c.marks, c.id).toBeGreaterThanOrEqual(c.nonZeroValues + c.series);
    }
  }, 60_000);
});
