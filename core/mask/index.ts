/**
 * Personal-data masking for the bank's onboarding logs. Build one masker per cold start with the
 * configured key, then call it on every event: clean text is returned as the same string after three
 * cheap tests ("@", a digit block, a sensitive key before a `:`/`=`), and the HMAC is computed only
 * for what is actually found.
 */

import { hasSensitiveKey, maskEmails, maskKeyValues, maskLabelledDni, tokenizeValue } from "./detectors.js";
import { maskDigitRuns } from "./digits.js";
import { maskClientIp } from "./ip.js";
import { createKeyClassifier, createKeyGate } from "./keys.js";
import { createTokenizer } from "./token.js";
import type { Masker, MaskKind } from "./types.js";

export { MaskKeyError } from "./token.js";
export type { Masker, MaskKind } from "./types.js";

/** Options for {@link createMasker}. */
export interface MaskerOptions {
  /** HMAC key for the tokens (from configuration, never hard-coded); must not be empty. */
  readonly key: string | Uint8Array;
  /** Further JSON/text keys whose values are secrets, in any spelling (`nro_tramite`, `nroTramite`). */
  readonly extraSensitiveKeys?: readonly string[];
}

const DNI_WORD = /d\.?n\.?i/i;
// Every identifier the digit detectors or the DNI label accept contains 3 digits, one digit or
// separator, and 3 more digits ("4111 1111…", "20-12345678-6", "12.345.678"): one fast test.
const DIGIT_GATE = /\d{3}[\d .-]\d{3}/;

/**
 * Creates a {@link Masker}.
 * @throws MaskKeyError when the key is empty.
 */
export function createMasker(options: MaskerOptions): Masker {
  const tokenize = createTokenizer(options.key);
  const extra = options.extraSensitiveKeys ?? [];
  const kindOfKey = createKeyClassifier(extra);
  const keyGate = createKeyGate(extra);
  // Each detector runs only after its own cheap test, and clean text is returned as the same string.
  const maskText = (text: string): string => {
    const hasAt = text.includes("@");
    const hasDigits = DIGIT_GATE.test(text);
    const hasKey = hasSensitiveKey(text, kindOfKey, keyGate);
    if (!hasAt && !hasDigits && !hasKey) return text;
    let out = hasKey ? maskKeyValues(text, kindOfKey, tokenize) : text;
    if (hasAt) out = maskEmails(out, tokenize);
    if (hasDigits && DNI_WORD.test(out)) out = maskLabelledDni(out, tokenize);
    if (hasDigits) out = maskDigitRuns(out, tokenize);
    return out;
  };

  const maskSensitive = (kind: MaskKind, value: unknown): unknown => {
    if (typeof value === "string") return tokenizeValue(kind, value, tokenize);
    if (typeof value === "number" || typeof value === "bigint") return tokenizeValue(kind, String(value), tokenize);
    if (value === null || typeof value !== "object") return value; // booleans and null reveal nothing
    // A whole structure under a sensitive key is one secret: its shape could identify the customer too.
    return tokenize(kind, JSON.stringify(value));
  };

  const maskValue = (value: unknown): unknown => {
    if (typeof value === "string") return maskText(value);
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(maskValue);
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const kind = kindOfKey(key);
      const masked = kind === undefined ? maskValue(child) : maskSensitive(kind, child);
      // defineProperty: a parsed "__proto__" key must stay data, not replace the prototype.
      if (key === "__proto__") Object.defineProperty(out, key, { value: masked, enumerable: true, writable: true });
      else out[key] = masked;
    }
    return out;
  };

  return { maskText, maskValue, maskClientIp };
}
