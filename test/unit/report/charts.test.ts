/** Chart specs of `loglake report` from literal query rows. */
import { describe, expect, it } from "vitest";
import {
  apiStatusChart,
  eventsByHourChart,
  funnelChart,
  hourLabel,
  httpStatusColors,
  lambdaDurationChart,
  lambdaFailuresChart,
  type ReportChart,
  shorten,
  topErrorsChart,
} from "../../../core/report/charts.js";

const yData = (c: ReportChart) => (c.option?.yAxis as { data?: string[] } | undefined)?.data;
const seriesData = (c: ReportChart) =>
  ((c.option?.series ?? []) as { name: string; data: number[] }[]).map((s) => [s.name, s.data]);

describe("funnelChart", () => {
  it("orders steps by how many reached them and gives one bar series per status", () => {
    // Prepare
    const rows = [
      {
        event_date: "2025-06-02",
        onboarding_step: "identity_validation",
        onboarding_status: "started",
        onboardings: 8,
      },
      { event_date: "2025-06-02", onboarding_step: "identity_validation", onboarding_status: "failed", onboardings: 1 },
      { event_date: "2025-06-02", onboarding_step: "start", onboarding_status: "started", onboardings: 10 },
      { event_date: "2025-06-02", onboarding_step: "start", onboarding_status: "completed", onboardings: 9 },
    ];
    // Act
    const chart = funnelChart(rows);
    // Assess
    expect(chart.source).toBe("bi.onboarding_funnel");
    expect(chart.option?.yAxis).toEqual({ type: "category", inverse: true, data: ["start", "identity_validation"] });
    expect(chart.option?.series).toEqual([
      { type: "bar", name: "started", data: [10, 8], itemStyle: { color: "#5470c6" } },
      { type: "bar", name: "completed", data: [9, 0], itemStyle: { color: "#3ba272" } },
      { type: "bar", name: "failed", data: [0, 1], itemStyle: { color: "#ee6666" } },
    ]);
    expect(chart.option?.animation).toBe(false);
  });

  it("names the day in each category when the rows span several days", () => {
    const rows = [
      { event_date: "2025-06-03", onboarding_step: "start", onboarding_status: "started", onboardings: 4 },
      { event_date: "2025-06-02", onboarding_step: "start", onboarding_status: null, onboardings: 2 },
    ];
    const chart = funnelChart(rows);
    expect(yData(chart)).toEqual(["2025-06-02 start", "2025-06-03 start"]);
    expect(seriesData(chart)).toEqual([
      ["started", [0, 4]],
      ["(none)", [2, 0]],
    ]);
  });

  it("has no option (the page shows a note) when the view has no rows", () => {
    expect(funnelChart([]).option).toBeNull();
  });
});

describe("eventsByHourChart", () => {
  it("stacks sources per hour, the busiest source first, missing hours as 0", () => {
    const chart = eventsByHourChart([
      { event_hour: "2025-06-02T09:00:00.000Z", source: "lambda", events: 5 },
      { event_hour: "2025-06-02T10:00:00.000Z", source: "apigateway", events: 7 },
      { event_hour: "2025-06-02T10:00:00.000Z", source: "lambda", events: 3 },
    ]);
    expect(chart.option?.xAxis).toEqual({ type: "category", data: ["2025-06-02 09:00", "2025-06-02 10:00"] });
    expect(chart.option?.series).toEqual([
      { type: "bar", name: "lambda", stack: "events", data: [5, 3] },
      { type: "bar", name: "apigateway", stack: "events", data: [0, 7] },
    ]);
  });

  it("labels hours as UTC date and time", () => {
    expect(hourLabel("2025-06-02T23:00:00.000Z")).toBe("2025-06-02 23:00");
    expect(hourLabel("not a time")).toBe("not a time");
  });
});

describe("Lambda charts", () => {
  const rows = [
    {
      event_date: "2025-06-02",
      service: "onboarding-start",
      invocations: 40,
      failed_invocations: 1,
      p50_duration_ms: 812.349,
      p95_duration_ms: 2011.06,
    },
    {
      event_date: "2025-06-02",
      service: "onboarding-biometrics",
      invocations: 20,
      failed_invocations: 3,
      p50_duration_ms: 1200,
      p95_duration_ms: 2400.04,
    },
  ];

  it("shows p50 and p95 per function, slowest p95 first, rounded to 0.1 ms", () => {
    const chart = lambdaDurationChart(rows);
    expect(yData(chart)).toEqual(["onboarding-biometrics", "onboarding-start"]);
    expect(chart.option?.series).toEqual([
      { type: "bar", name: "p50 ms", data: [1200, 812.3] },
      { type: "bar", name: "p95 ms", data: [2400, 2011.1] },
    ]);
  });

  it("shows failed invocations per function, most first, with value labels", () => {
    const chart = lambdaFailuresChart(rows);
    expect(yData(chart)).toEqual(["onboarding-biometrics", "onboarding-start"]);
    expect(chart.option?.series).toEqual([
      { type: "bar", name: "failed invocations", data: [3, 1], label: { show: true, position: "right" } },
    ]);
  });
});

describe("apiStatusChart", () => {
  it("stacks status codes per route, the busiest route first, coloured by status class", () => {
    const chart = apiStatusChart([
      { service: "k3x9q2vb7d/prod", http_method: "POST", http_route: "/onboarding", http_status: 200, requests: 9 },
      { service: "k3x9q2vb7d/prod", http_method: "POST", http_route: "/onboarding", http_status: 502, requests: 2 },
      { service: "7hq2mz4x1c/$default", http_method: "POST", http_route: "/docs", http_status: 422, requests: 12 },
    ]);
    expect(yData(chart)).toEqual(["POST /docs (7hq2mz4x1c/$default)", "POST /onboarding (k3x9q2vb7d/prod)"]);
    expect(chart.option?.series).toEqual([
      { type: "bar", name: "200", stack: "requests", data: [0, 9], itemStyle: { color: "#3ba272" } },
      { type: "bar", name: "422", stack: "requests", data: [12, 0], itemStyle: { color: "#fac858" } },
      { type: "bar", name: "502", stack: "requests", data: [0, 2], itemStyle: { color: "#ee6666" } },
    ]);
  });

  it("gives later codes of one class a darker shade and odd codes the default palette", () => {
    expect(httpStatusColors(["200", "201", "404", "no status"])).toEqual(["#3ba272", "#2a7a55", "#fac858", undefined]);
  });
});

describe("topErrorsChart", () => {
  it("keeps the query's order and names service and error kind, long kinds cut", () => {
    const long = "Lambda execution failed with status 200 due to customer function error in a very long sentence";
    const chart = topErrorsChart([
      { source: "apigateway", service: "k3x9q2vb7d/prod", error_kind: long, error_events: 31 },
      { source: "lambda", service: "onboarding-start", error_kind: "DynamoDBThrottlingError", error_events: 13 },
    ]);
    expect(yData(chart)).toEqual([
      "k3x9q2vb7d/prod: Lambda execution failed with status 200 due to customer function erro…",
      "onboarding-start: DynamoDBThrottlingError",
    ]);
    expect(chart.option?.series).toEqual([{ type: "bar", name: "error events", data: [31, 13] }]);
  });

  it("cuts text to the given length with an ellipsis", () => {
    expect(shorten("abcdef", 4)).toBe("abc…");
    expect(shorten("abcd", 4)).toBe("abcd");
  });
});
