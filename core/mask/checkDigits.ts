/**
 * Check-digit validators. A digit run is only treated as personal data when its check digit holds,
 * so order numbers and other ids of the same length stay readable.
 */

/**
 * Luhn (mod 10) check used by every payment card number (ISO/IEC 7812-1, Annex B).
 * @param digits ASCII digits only.
 */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// AFIP's CUIT/CUIL algorithm (mod 11 with weights 5,4,3,2,7,6,5,4,3,2 over the first ten digits).
const CUIT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
// Type prefixes AFIP issues: 20/23/24/27 people, 30/33/34 companies. Requiring one cuts false positives.
const CUIT_PREFIXES = new Set(["20", "23", "24", "27", "30", "33", "34"]);

/**
 * Argentine CUIT/CUIL check (AFIP): 11 digits, a known type prefix, and the mod-11 check digit.
 * A remainder giving 10 is invalid: AFIP re-issues those under prefix 23/33 instead.
 * @param digits ASCII digits only.
 */
export function isValidCuit(digits: string): boolean {
  if (digits.length !== 11 || !CUIT_PREFIXES.has(digits.slice(0, 2))) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (digits.charCodeAt(i) - 48) * (CUIT_WEIGHTS[i] ?? 0);
  const rest = 11 - (sum % 11);
  const check = rest === 11 ? 0 : rest;
  return check !== 10 && check === digits.charCodeAt(10) - 48;
}

// BCRA's CBU spec (Comunicación "A" 3044 / "A" 6044): block 1 = bank(3) + branch(4) + check,
// weights 7,1,3,9,7,1,3; block 2 = account(13) + check, weights 3,9,7,1,3,9,7,1,3,9,7,1,3.
const CBU_BLOCK1_WEIGHTS = [7, 1, 3, 9, 7, 1, 3] as const;
const CBU_BLOCK2_WEIGHTS = [3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3] as const;

function blockCheckDigit(digits: string, start: number, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(start + i) - 48) * (weights[i] ?? 0);
  return (10 - (sum % 10)) % 10;
}

/**
 * Argentine CBU check (BCRA): 22 digits whose two blocks each carry a valid check digit
 * (position 8 for the first block, position 22 for the second).
 * @param digits ASCII digits only.
 */
export function isValidCbu(digits: string): boolean {
  if (digits.length !== 22) return false;
  return (
    blockCheckDigit(digits, 0, CBU_BLOCK1_WEIGHTS) === digits.charCodeAt(7) - 48 &&
    blockCheckDigit(digits, 8, CBU_BLOCK2_WEIGHTS) === digits.charCodeAt(21) - 48
  );
}
