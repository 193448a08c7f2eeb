import { describe, expect, it } from "vitest";
import { DEFAULT_BUSINESS_RULES, extractBusinessFields, parseBusinessRules } from "../../core/business.js";

describe("extractBusinessFields", () => {
  it("takes onboarding id, step and status by the default keys and removes them from the rest", () => {
    const structured = { onboardingId: "onb-42", step: "identity_validation", onboarding_status: "passed", x: 1 };
    const fields = extractBusinessFields(structured, DEFAULT_BUSINESS_RULES);
    expect(fields).toEqual({
      onboarding_id: "onb-42",
      onboarding_step: "identity_validation",
      onboarding_status: "passed",
      rest: { x: 1 },
    });
  });

  it("follows dot paths into nested objects and keeps the nested object in the rest", () => {
    const rules = parseBusinessRules(
      '{"onboarding_id":["ctx.app.id"],"onboarding_step":["s"],"onboarding_status":["st"]}',
    );
    const fields = extractBusinessFields({ ctx: { app: { id: 7 } } }, rules);
    expect(fields.onboarding_id).toBe("7");
    expect(fields.rest).toEqual({ ctx: { app: { id: 7 } } });
  });

  it("ignores a bare status key by default (HTTP and Lambda use it for other things)", () => {
    expect(extractBusinessFields({ status: "success" }, DEFAULT_BUSINESS_RULES).onboarding_status).toBeNull();
  });

  it("returns nulls for unstructured events", () => {
    expect(extractBusinessFields(null, DEFAULT_BUSINESS_RULES)).toEqual({
      onboarding_id: null,
      onboarding_step: null,
      onboarding_status: null,
      rest: null,
    });
  });

  it("names the offending field of a bad rules document", () => {
    expect(() => parseBusinessRules('{"onboarding_id":[],"onboarding_step":["a"],"onboarding_status":["b"]}')).toThrow(
      /BUSINESS_RULES_JSON: onboarding_id:/,
    );
    expect(() => parseBusinessRules("{nope", "rules.json")).toThrow("rules.json: not valid JSON");
  });
});

describe("config/business-rules.example.json", () => {
  it("is a valid rules document equal to the built-in defaults", async () => {
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(new URL("../../config/business-rules.example.json", import.meta.url), "utf8");
    expect(parseBusinessRules(text, "business-rules.example.json")).toEqual(DEFAULT_BUSINESS_RULES);
  });
});
