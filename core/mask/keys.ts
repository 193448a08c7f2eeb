/**
 * Which keys hold personal data, and what kind of token their values become. Keys are compared
 * case-insensitively ignoring `_` and `-`, so `access_token`, `accessToken` and `Access-Token` agree.
 */
import type { MaskKind } from "./types.js";

/** Classifies a key: the kind of token for its value, or undefined when the key is not sensitive. */
export type KeyClassifier = (key: string) => MaskKind | undefined;

const EXACT: ReadonlyArray<readonly [MaskKind, readonly string[]]> = [
  [
    "secret",
    [
      "password",
      "passwd",
      "pwd",
      "pass",
      "token",
      "accesstoken",
      "refreshtoken",
      "idtoken",
      "authorization",
      "auth",
      "secret",
      "clientsecret",
      "apikey",
      "cvv",
      "cvc",
      "pin",
      // Spanish spellings: the onboarding app's own fields are often named in Spanish.
      "clave",
      "contrasena",
      "contraseña",
    ],
  ],
  ["dni", ["dni", "documento", "nrodocumento", "numerodocumento"]],
  ["cuit", ["cuit", "cuil"]],
  ["cbu", ["cbu"]],
  ["email", ["email", "mail", "correo", "emailaddress"]],
  ["phone", ["phone", "mobile", "telefono", "celular", "phonenumber", "mobilenumber"]],
  ["card", ["card", "cardnumber", "pan"]],
];

// `userPassword`, `x-api-key`, `proxyAuthorization`: these stems are never innocent inside a key.
const CONTAINS_SECRET = ["password", "token", "secret", "apikey", "authorization"] as const;
// `customerEmail`, `holderDni`, `mobilePhone`: the suffix names the data, the prefix only its owner.
const SUFFIX_KIND: ReadonlyArray<readonly [string, MaskKind]> = [
  ["email", "email"],
  ["dni", "dni"],
  ["cuit", "cuit"],
  ["cuil", "cuit"],
  ["cbu", "cbu"],
  ["phone", "phone"],
  ["cardnumber", "card"],
];

const SEPARATORS = /[_-]/g;

/** Normalises a key for comparison: lower case, without `_` and `-`. */
export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(SEPARATORS, "");
}

// Keys repeat endlessly across events; the cache is bounded so hostile key names cannot grow it.
const CACHE_LIMIT = 2048;

/**
 * Builds the key classifier.
 * @param extraSensitiveKeys further keys (any spelling) whose values become `secret` tokens.
 */
export function createKeyClassifier(extraSensitiveKeys: readonly string[] = []): KeyClassifier {
  const exact = new Map<string, MaskKind>();
  for (const [kind, keys] of EXACT) for (const key of keys) exact.set(key, kind);
  for (const key of extraSensitiveKeys) if (!exact.has(normaliseKey(key))) exact.set(normaliseKey(key), "secret");
  const cache = new Map<string, MaskKind | null>();

  const kindOfKeyUncached = (key: string): MaskKind | null => {
    const norm = normaliseKey(key);
    const hit = exact.get(norm);
    if (hit !== undefined) return hit;
    if (CONTAINS_SECRET.some((stem) => norm.includes(stem))) return "secret";
    for (const [suffix, kind] of SUFFIX_KIND) if (norm.endsWith(suffix)) return kind;
    return null;
  };

  return (key) => {
    let kind = cache.get(key);
    if (kind === undefined) {
      kind = kindOfKeyUncached(key);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, kind);
    }
    return kind ?? undefined;
  };
}

/** ASCII code → index 1..37 for the characters a normalised key may end with (a–z, 0–9, "."); 0 otherwise. */
export function tailIndex(code: number): number {
  const lower = code | 32;
  if (lower >= 97 && lower <= 122) return lower - 96;
  if (code >= 48 && code <= 57) return code - 21;
  return code === 46 ? 37 : 0;
}

/** Index of a word's last three normalised characters in {@link KeyGate.tails}. */
export function tailKey(last: number, second: number, third: number): number {
  return (last * 38 + second) * 38 + third;
}

/**
 * What the text pre-check needs to reject a key cheaply: the last three characters of every exact
 * key and suffix, and the letter sets of the "contains" stems. Superset by construction: a key the
 * classifier accepts always passes one of the two.
 */
export interface KeyGate {
  readonly tails: Uint8Array;
  readonly stemLetters: Uint32Array;
}

/** Builds the {@link KeyGate} for the built-in keys plus the extra ones. */
export function createKeyGate(extraSensitiveKeys: readonly string[] = []): KeyGate {
  const tails = new Uint8Array(38 * 38 * 38);
  const ends = [...EXACT.flatMap(([, keys]) => keys), ...SUFFIX_KIND.map(([suffix]) => suffix)];
  for (const word of [...ends, ...extraSensitiveKeys.map(normaliseKey)]) {
    const codes = [...word].reverse().map((ch) => tailIndex(ch.charCodeAt(0)));
    tails[tailKey(codes[0] ?? 0, codes[1] ?? 0, codes[2] ?? 0)] = 1;
  }
  const stemLetters = Uint32Array.from(CONTAINS_SECRET, (stem) => {
    let set = 0;
    for (const ch of stem) set |= 1 << (ch.charCodeAt(0) - 97);
    return set;
  });
  return { tails, stemLetters };
}
