/**
 * Small helpers shared by the per-format parsers. All of them are total: they return null (never
 * throw) on input of the wrong type, because parsers run on whatever CloudWatch delivered.
 */
import type { Level } from "../../schemas/catalog.js";
import type { ParsedEvent } from "./types.js";

/** A JSON object as `JSON.parse` returns it. */
export type JsonObject = Record<string, unknown>;

// Exact spellings first so the common case costs one lookup and no toUpperCase allocation.
const LEVEL_BY_NAME: Readonly<Record<string, Level>> = {
  TRACE: "TRACE",
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARN",
  WARNING: "WARN",
  ERROR: "ERROR",
  FATAL: "FATAL",
  CRITICAL: "FATAL",
};

/**
 * Normalises a logged level to the catalog's set: WARNING→WARN, CRITICAL→FATAL, any case.
 * Anything else (numbers, SILENT, unknown words) → null.
 */
export function normaliseLevel(value: unknown): Level | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 8) return null;
  if (Object.hasOwn(LEVEL_BY_NAME, value)) return LEVEL_BY_NAME[value] ?? null;
  const upper = value.toUpperCase();
  return Object.hasOwn(LEVEL_BY_NAME, upper) ? (LEVEL_BY_NAME[upper] ?? null) : null;
}

/** Removes ONE trailing "\n" (or "\r\n"): the newline every runtime appends is not part of the text. */
export function stripTrailingNewline(text: string): string {
  const n = text.length;
  if (n === 0 || text.charCodeAt(n - 1) !== 10) return text;
  return n > 1 && text.charCodeAt(n - 2) === 13 ? text.slice(0, n - 2) : text.slice(0, n - 1);
}

/** The value when it is a non-empty string, else null. */
export function nonEmptyString(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** A finite number from a number or a numeric string ("200", "46.84 ms"); else null. */
export function numberFrom(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const parsed = Number.parseFloat(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Like {@link numberFrom} but rounded to an integer (int/bigint columns must not receive fractions). */
export function integerFrom(value: unknown): number | null {
  const parsed = numberFrom(value);
  return parsed === null ? null : Math.round(parsed);
}

/** A plain JSON object (not an array, not null), else null. */
export function plainObject(value: unknown): JsonObject | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

/**
 * The X-Ray trace id from a tracing header value (`Root=1-…;Parent=…;Sampled=1`), or the value
 * itself when it already is a bare trace id (`1-5759e988-bd862e3fe1be46a994272793`).
 */
export function traceIdFrom(value: unknown): string | null {
  const text = nonEmptyString(value);
  if (text === null) return null;
  const root = text.indexOf("Root=");
  if (root < 0) return text;
  const end = text.indexOf(";", root);
  return text.slice(root + 5, end < 0 ? text.length : end) || null;
}

/**
 * The error class from text that starts like a JS error print (`TypeError: Cannot read…`,
 * `Runtime.ImportModuleError: …`); null otherwise. Scans at most 80 characters, no regex.
 */
export function errorTypeFromText(text: string): string | null {
  const limit = Math.min(text.length, 80);
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 58 /* : */) {
      if (i < 5 || text.charCodeAt(i + 1) !== 32) return null;
      const name = text.slice(0, i);
      return name.endsWith("Error") || name.endsWith("Exception") ? name : null;
    }
    // Identifier characters and dots only (`Runtime.UserCodeSyntaxError`); a space ends the name.
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95;
    if (!ok) return null;
  }
  return null;
}

/** The fallback event: the text as is, no level, no structure. */
export function textEvent(text: string): ParsedEvent {
  return { log_format: "text", message: text };
}

/** Replaces the old Node runtime's "\r" line separators with "\n" so multi-line text reads normally. */
export function normaliseNewlines(text: string): string {
  return text.indexOf("\r") < 0 ? text : text.replaceAll("\r\n", "\n").replaceAll("\r", "\n");
}

/** Compact JSON for a message built from an object; never throws (cycles cannot come from JSON.parse). */
export function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}
