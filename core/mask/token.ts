/**
 * Keyed tokens: `[kind:hash8]`. The keyed hash lets analysts count distinct values without seeing
 * them, and without the key nobody can confirm a guessed value (a plain hash of a DNI is brute-forced in seconds).
 */
import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import type { MaskKind } from "./types.js";

/** Raised when the masker is built without a usable key: masking with an empty key would be guessable. */
export class MaskKeyError extends Error {
  override readonly name = "MaskKeyError";
}

/** Regex source (no capture groups) matching one token; every detector skips these so masking is idempotent. */
export const TOKEN_SOURCE = String.raw`\[(?:email|card|cuit|cbu|dni|phone|secret|ip):[0-9a-f]{8}\]`;
const TOKEN_EXACT = new RegExp(`^${TOKEN_SOURCE}$`);

/** True when the whole string already is a token. */
export function isToken(value: string): boolean {
  // Cheap length/bracket guard first: this runs on every value under a sensitive key.
  return value.length >= 13 && value.length <= 17 && value.charCodeAt(0) === 91 && TOKEN_EXACT.test(value);
}

const NON_DIGITS = /\D/g;
const DIGIT_KINDS: ReadonlySet<MaskKind> = new Set(["card", "cuit", "cbu", "dni", "phone"]);

/**
 * Normalises a raw value so one value written differently gives one token: digits only for
 * numeric identifiers (spaces, dashes, dots and `+` are formatting), lower case for emails.
 */
export function normaliseValue(kind: MaskKind, raw: string): string {
  if (DIGIT_KINDS.has(kind)) {
    const digits = raw.replace(NON_DIGITS, "");
    return digits.length > 0 ? digits : raw;
  }
  if (kind === "email") return raw.trim().toLowerCase().replace(/%40/g, "@");
  return raw;
}

/** Builds a token for an already normalised value. */
export type Tokenizer = (kind: MaskKind, normalised: string) => string;

// Bounded so a long-lived Lambda cannot grow without limit; a full clear is cheaper than LRU bookkeeping.
const CACHE_LIMIT = 4096;

/**
 * Creates the keyed tokenizer. Tokens are cached because the same customer's email or id tends
 * to repeat across the events of one batch, and the HMAC is the costliest step of masking.
 */
export function createTokenizer(key: string | Uint8Array): Tokenizer {
  if (key.length === 0) throw new MaskKeyError("the masking key must not be empty");
  const secret: KeyObject = createSecretKey(typeof key === "string" ? Buffer.from(key, "utf8") : key);
  const cache = new Map<string, string>();
  return (kind, normalised) => {
    const input = `${kind}:${normalised}`;
    const hit = cache.get(input);
    if (hit !== undefined) return hit;
    const hash8 = createHmac("sha256", secret).update(input, "utf8").digest("hex").slice(0, 8);
    const token = `[${kind}:${hash8}]`;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(input, token);
    return token;
  };
}
