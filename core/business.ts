/**
 * Business fields (onboarding_id, onboarding_step, onboarding_status) taken from structured logs by
 * key rules. The rules are configuration: a JSON file or BUSINESS_RULES_JSON overrides the defaults.
 */
import { z } from "zod";

/** For each business column, the dot-paths to look up in a structured log, first match wins. */
export const BusinessRulesSchema = z.strictObject({
  onboarding_id: z.array(z.string().min(1)).min(1),
  onboarding_step: z.array(z.string().min(1)).min(1),
  onboarding_status: z.array(z.string().min(1)).min(1),
});
export type BusinessRules = z.infer<typeof BusinessRulesSchema>;

/**
 * Defaults follow the onboarding app's logging keys (snake and camel case). Bare `status` is
 * deliberately absent: HTTP and Lambda records use it for other things.
 */
export const DEFAULT_BUSINESS_RULES: BusinessRules = {
  onboarding_id: ["onboarding_id", "onboardingId", "applicationId", "application_id", "onboarding.id"],
  onboarding_step: ["onboarding_step", "onboardingStep", "step", "onboarding.step"],
  onboarding_status: ["onboarding_status", "onboardingStatus", "stepStatus", "step_status", "onboarding.status"],
};

/** The business columns found in one structured record, and the record without the keys used. */
export interface BusinessFields {
  onboarding_id: string | null;
  onboarding_step: string | null;
  onboarding_status: string | null;
  /** The structured record minus the top-level keys that became columns (null stays null). */
  rest: Record<string, unknown> | null;
}

const COLUMNS = ["onboarding_id", "onboarding_step", "onboarding_status"] as const;

/** Parses rules from JSON text; the error names the offending field. */
export function parseBusinessRules(json: string, origin = "BUSINESS_RULES_JSON"): BusinessRules {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${origin}: not valid JSON`);
  }
  const parsed = BusinessRulesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${origin}: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

const NO_FIELDS: BusinessFields = Object.freeze({
  onboarding_id: null,
  onboarding_step: null,
  onboarding_status: null,
  rest: null,
}) as BusinessFields;

/** Rules split once into plain keys and dot paths (this runs for every structured event). */
interface CompiledRule {
  readonly column: (typeof COLUMNS)[number];
  readonly paths: readonly (readonly string[])[];
}
const compiledCache = new WeakMap<BusinessRules, readonly CompiledRule[]>();

function compile(rules: BusinessRules): readonly CompiledRule[] {
  let compiled = compiledCache.get(rules);
  if (!compiled) {
    compiled = COLUMNS.map((column) => ({ column, paths: rules[column].map((p) => p.split(".")) }));
    compiledCache.set(rules, compiled);
  }
  return compiled;
}

/** Extracts the business columns from a structured record by the rules. */
export function extractBusinessFields(
  structured: Record<string, unknown> | null | undefined,
  rules: BusinessRules,
): BusinessFields {
  if (!structured) return NO_FIELDS;
  let out: BusinessFields | undefined;
  let used: string[] | undefined;
  for (const rule of compile(rules)) {
    for (const path of rule.paths) {
      const value = path.length === 1 ? ownValue(structured, path[0] as string) : lookup(structured, path);
      if (value === undefined || value === null || typeof value === "object") continue;
      out ??= { onboarding_id: null, onboarding_step: null, onboarding_status: null, rest: null };
      out[rule.column] = String(value);
      if (path.length === 1) {
        used ??= [];
        used.push(path[0] as string);
      }
      break;
    }
  }
  if (!out) return { onboarding_id: null, onboarding_step: null, onboarding_status: null, rest: structured };
  if (!used) {
    out.rest = structured;
  } else {
    const rest: Record<string, unknown> = {};
    for (const key in structured)
      if (Object.hasOwn(structured, key) && !used.includes(key)) rest[key] = structured[key];
    out.rest = rest;
  }
  return out;
}

function ownValue(obj: Record<string, unknown>, key: string): unknown {
  const value = obj[key];
  return value !== undefined && Object.hasOwn(obj, key) ? value : undefined;
}

function lookup(obj: Record<string, unknown>, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const part of path) {
    if (typeof cur !== "object" || cur === null || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
