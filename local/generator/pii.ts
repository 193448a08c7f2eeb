/**
 * Fake but VALID personal data of Argentine applicants: the masker recognises cards by Luhn and CUITs by
 * their check digit, so invalid numbers would not exercise it. Every value is synthetic.
 */
import type { Prng } from "./prng.js";

const FIRST = ["juan", "maria", "lucia", "martin", "sofia", "diego", "valentina", "santiago", "camila", "mateo"];
const LAST = ["perez", "gonzalez", "rodriguez", "fernandez", "lopez", "martinez", "garcia", "romero", "sosa", "diaz"];
const DOMAINS = ["gmail.com", "hotmail.com", "yahoo.com.ar", "outlook.com", "fibertel.com.ar"];
const CARD_PREFIXES = ["4", "51", "52", "53", "54", "55"];

/** One applicant's personal data, as the app logs it (badly). */
export interface Applicant {
  readonly name: string;
  readonly email: string;
  /** 8 digits. */
  readonly dni: string;
  /** `20-30123456-7` form, valid check digit. */
  readonly cuit: string;
  /** 16 digits grouped by 4 with spaces, Luhn-valid. */
  readonly card: string;
  readonly phone: string;
  readonly password: string;
}

/** Luhn check digit of a digit string. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

const CUIT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** CUIT/CUIL check digit of the first 10 digits, or null when it would be 10 (AFIP then changes the prefix). */
export function cuitCheckDigit(ten: string): number | null {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(ten[i]) * (CUIT_WEIGHTS[i] as number);
  const r = 11 - (sum % 11);
  if (r === 11) return 0;
  return r === 10 ? null : r;
}

/** A new synthetic applicant. */
export function makeApplicant(rng: Prng): Applicant {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  let dni = "";
  let cuit = "";
  while (cuit === "") {
    dni = String(rng.int(20_000_000, 45_999_999));
    const prefix = rng.pick(["20", "27", "23"]);
    const check = cuitCheckDigit(prefix + dni);
    if (check !== null) cuit = `${prefix}-${dni}-${check}`;
  }
  const cardPrefix = rng.pick(CARD_PREFIXES);
  const body = cardPrefix + rng.digits(15 - cardPrefix.length);
  const card = (body + luhnCheckDigit(body)).replace(/(\d{4})(?=\d)/g, "$1 ");
  return {
    name: `${first[0]?.toUpperCase()}${first.slice(1)} ${last[0]?.toUpperCase()}${last.slice(1)}`,
    email: `${first}.${last}${rng.int(1, 9999)}@${rng.pick(DOMAINS)}`,
    dni,
    cuit,
    card,
    phone: `+54 9 11 ${rng.digits(4)}-${rng.digits(4)}`,
    password: `${rng.hex(6)}!${rng.pick(["Aa", "Zq", "Km"])}${rng.int(10, 99)}`,
  };
}
