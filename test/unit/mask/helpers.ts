/**
 * Test helpers: an independent reimplementation of the token formula and of the check digits, so
 * tests do not grade the masker with its own code.
 */
import { createHmac } from "node:crypto";

/** The masking key every unit test uses. */
export const KEY = "unit-test-key";

/** `[kind:hash8]` as the design defines it: HMAC-SHA256(key, kind + ":" + normalised value). */
export function tokenOf(kind: string, normalised: string, key: string = KEY): string {
  return `[${kind}:${createHmac("sha256", key).update(`${kind}:${normalised}`).digest("hex").slice(0, 8)}]`;
}

/** Appends the Luhn check digit (ISO/IEC 7812-1) to a partial card number. */
export function withLuhnDigit(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return partial + String((10 - (sum % 10)) % 10);
}

/** Appends AFIP's mod-11 check digit to a 10-digit CUIT base, or null when it would be 10. */
export function withCuitDigit(base: string): string | null {
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(base[i]), 0);
  const rest = 11 - (sum % 11);
  if (rest === 10) return null;
  return base + String(rest === 11 ? 0 : rest);
}
