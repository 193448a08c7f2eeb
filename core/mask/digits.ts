/**
 * Finds card numbers, CUIT/CUIL and CBU in runs of digit groups ("4111 1111 1111 1111",
 * "20-12345678-6", "0170099200000123456784") and replaces only the groups that validate.
 */
import { isLuhnValid, isValidCbu, isValidCuit } from "./checkDigits.js";
import type { Tokenizer } from "./token.js";
import type { MaskKind } from "./types.js";

/**
 * A run of digit groups joined by single spaces or dashes, holding at least 11 characters (the
 * shortest identifier, a CUIT). The lookbehind after the first digit keeps a match from starting
 * inside a word (hex ids, X-Ray trace ids), a decimal fraction or right after a token; leading with
 * `\d` lets the engine skip non-digits quickly. A token's hash (8 hex digits, then `]`) can never
 * satisfy the 11-character lookahead, so tokens are never re-read as numbers.
 */
const RUN = /\d(?<![\dA-Za-z_\]]\d|\d\.\d)(?=[\d -]{10})\d*(?:[ -]\d+)*/g;

// The longest thing we recognise (CBU) has 22 digits, which bounds the search from each group.
const MAX_DIGITS = 22;
// Card issuer ranges start with 2–6 (Mastercard, Amex, Visa, Discover/Maestro, Cabal, Naranja…).
// Excluding 1 keeps 13-digit epoch-millisecond timestamps, one in ten of which is Luhn-valid, readable.
const CARD_FIRST_DIGIT = /^[2-6]/;

function sameSeparators(seps: readonly string[]): boolean {
  return seps.every((s) => s === seps[0]);
}

function lengthsAre(groups: readonly string[], ...lengths: number[]): boolean {
  return groups.length === lengths.length && groups.every((g, i) => g.length === lengths[i]);
}

// Card groups as printed (4-4-4-4, Amex 4-6-5, 4-4-4-4-3): blocks of 3–6, the last may be shorter.
function isCardGrouping(groups: readonly string[]): boolean {
  const last = groups.length - 1;
  return groups.every((g, i) => g.length <= 6 && (i === last || g.length >= 3));
}

/** Classifies groups[from..to] (inclusive) as one identifier, or undefined. */
function digitKindOf(groups: readonly string[], seps: readonly string[], digits: string): MaskKind | undefined {
  const single = groups.length === 1;
  if (!single && !sameSeparators(seps)) return undefined;
  const n = digits.length;
  if (n === 22) return (single || lengthsAre(groups, 8, 14)) && isValidCbu(digits) ? "cbu" : undefined;
  if (n >= 13 && n <= 19) {
    const shaped = single || isCardGrouping(groups);
    return shaped && CARD_FIRST_DIGIT.test(digits) && isLuhnValid(digits) ? "card" : undefined;
  }
  if (n === 11) return (single || lengthsAre(groups, 2, 8, 1)) && isValidCuit(digits) ? "cuit" : undefined;
  return undefined;
}

function maskRun(run: string, after: string, afterNext: string, tokenize: Tokenizer): string {
  const groups = run.split(/[ -]/);
  const seps = run.match(/[ -]/g) ?? [];
  let eligible = groups.length;
  // A last group glued to letters or a decimal point belongs to another word: leave it alone.
  if (/[A-Za-z_]/.test(after) || (after === "." && /\d/.test(afterNext))) eligible--;

  let out = "";
  let i = 0;
  while (i < groups.length) {
    let matchedTo = -1;
    let kind: MaskKind | undefined;
    let digits = "";
    if (i < eligible) {
      // Collect candidate ends, then try the longest first: a valid CBU beats the card-length runs inside it.
      const ends: number[] = [];
      let count = 0;
      for (let j = i; j < eligible && count + (groups[j]?.length ?? 0) <= MAX_DIGITS; j++) {
        count += groups[j]?.length ?? 0;
        if (count >= 11) ends.push(j);
      }
      for (let k = ends.length - 1; k >= 0 && kind === undefined; k--) {
        const j = ends[k] ?? i;
        digits = groups.slice(i, j + 1).join("");
        kind = digitKindOf(groups.slice(i, j + 1), seps.slice(i, j), digits);
        if (kind !== undefined) matchedTo = j;
      }
    }
    if (kind !== undefined) {
      out += tokenize(kind, digits);
      i = matchedTo + 1;
    } else {
      out += groups[i];
      i++;
    }
    if (i < groups.length) out += seps[i - 1];
  }
  return out;
}

/** Replaces every valid card number, CUIT/CUIL and CBU in `text`; runs that fail their check digits stay. */
export function maskDigitRuns(text: string, tokenize: Tokenizer): string {
  return text.replace(RUN, (match: string, offset: number) => {
    const end = offset + match.length;
    return maskRun(match, text.charAt(end), text.charAt(end + 1), tokenize);
  });
}
