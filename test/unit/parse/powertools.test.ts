import { describe, expect, it } from "vitest";
import { powertoolsLines as lines } from "../../fixtures/lines/powertools.js";
import { parse } from "./helpers.js";

describe("powertools parser", () => {
  it("maps the standard keys to columns and keeps custom keys and cold_start", () => {
    // Prepare / Act
    const event = parse(lines.withContext);

    // Assess
    expect(event).toEqual({
      log_format: "powertools",
      message: "Application submitted",
      level: "INFO",
      service: "onboarding",
      request_id: "0a9df60d-e2de-447d-ba3e-45f149eae6c9",
      trace_id: "1-67d42a9c-21f8b5190da519d22b2b0533",
      error_type: null,
      structured: { cold_start: true, onboardingId: "ONB-20250314-0042", step: "submit" },
    });
  });

  it("takes error.name as error_type and keeps the error object", () => {
    const event = parse(lines.error);

    expect(event.level).toBe("ERROR");
    expect(event.error_type).toBe("RiskEngineError");
    expect(event.service).toBe("onboarding-risk");
    expect(event.structured).toEqual({
      error: {
        name: "RiskEngineError",
        location: "/var/task/index.mjs:18",
        message: "score service returned 503",
        stack: "RiskEngineError: score service returned 503\n    at score (/var/task/index.mjs:18:11)",
      },
    });
  });

  it("does not override the service with Powertools' default service_undefined", () => {
    const event = parse(lines.defaultService);

    expect(event.log_format).toBe("powertools");
    expect(event.service).toBeUndefined();
    expect(event.structured).toEqual({});
  });

  it("recognises a line with service but no trace id and keeps custom values", () => {
    const event = parse(lines.warning);

    expect(event.level).toBe("WARN");
    expect(event.trace_id).toBeNull();
    expect(event.structured).toEqual({ quality: 0.41 });
  });

  it("maps CRITICAL to FATAL", () => {
    expect(parse(lines.critical).level).toBe("FATAL");
  });
});
