/**
 * Free-text detectors: sensitive key/value pairs, emails (scanned outward from "@") and labelled DNIs.
 * Regexes are compiled once, start only where a match can begin (lookbehind: no quadratic rescans),
 * and match tokens first so already-masked text passes through unchanged.
 */
import { type KeyClassifier, type KeyGate, tailIndex } from "./keys.js";
import { isToken, normaliseValue, TOKEN_SOURCE, type Tokenizer } from "./token.js";
import type { MaskKind } from "./types.js";

const TOKEN = TOKEN_SOURCE;
// Characters that end an unquoted value (`token=abc&x=1`, `pwd=abc, next`, `{"pin":1234}`).
const BARE = String.raw`[^\s,;&"'\\<>{}\[\]()]+`;

/**
 * `key` (optionally quoted, also JSON-escaped `\"key\"`) then `:` or `=` then a value. Groups:
 * 1 quote, 2 key, 3 value. Horizontal space only, so a key at the end of a line never swallows the next line.
 */
const KEY_VALUE = new RegExp(
  `${TOKEN}|(?<![\\w.\\]-])(\\\\?["']?)([A-Za-z_][\\w.-]{0,63})\\1[ \\t]*[:=][ \\t]*(${TOKEN}` +
    String.raw`|"(?:[^"\\\n]|\\.)*"|\\"[^"\n]*?\\"|'[^'\n]*'` +
    `|(?:bearer|basic|digest|token)[ \\t]+(?:${TOKEN}|${BARE})|${BARE})`,
  "gi",
);
const AUTH_SCHEME = /^(?:bearer|basic|digest|token)[ \t]+/i;
const JSON_LITERAL = /^(?:null|true|false)$/i;
// A phone value continues past spaces and dashes (`+54 11 5555-1234`), unlike other bare values.
const PHONE_TAIL = /[\d ().-]*\d/y;

/**
 * Tokenises one plain (unquoted, unescaped) value of a sensitive key. An HTTP auth scheme stays
 * readable (`Bearer [secret:…]`) because which scheme a client used is useful and not secret.
 * Empty values and tokens are returned as they are.
 */
export function tokenizeValue(kind: MaskKind, plain: string, tokenize: Tokenizer): string {
  if (plain.length === 0 || isToken(plain)) return plain;
  const scheme = kind === "secret" ? AUTH_SCHEME.exec(plain) : null;
  if (scheme) {
    const credential = plain.slice(scheme[0].length);
    return isToken(credential) ? plain : scheme[0] + tokenize(kind, credential);
  }
  return tokenize(kind, normaliseValue(kind, plain));
}

/** Masks a value as written in text (quoted, JSON-escaped or bare), keeping its quotes. */
function maskRawValue(kind: MaskKind, value: string, tokenize: Tokenizer): string {
  const q = value.charAt(0);
  if (q === '"' || q === "'" || (q === "\\" && value.charAt(1) === '"')) {
    const width = q === "\\" ? 2 : 1;
    const inner = value.slice(width, value.length - width);
    let plain = inner;
    if (q === '"') {
      try {
        plain = JSON.parse(value) as string; // the same token maskValue gives the parsed value
      } catch {
        plain = inner;
      }
    }
    const masked = tokenizeValue(kind, plain, tokenize);
    return masked === plain ? value : value.slice(0, width) + masked + value.slice(value.length - width);
  }
  return JSON_LITERAL.test(value) ? value : tokenizeValue(kind, value, tokenize);
}

/** End of the key word before the `:`/`=` at `sep`: skips spaces, a closing quote and its JSON escape. */
function keyEnd(text: string, sep: number): number {
  let end = sep;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  const q = text.charCodeAt(end - 1);
  if (q === 34 || q === 39) end--; // closing quote of "key"
  if (text.charCodeAt(end - 1) === 92) end--; // JSON-escaped \"key\"
  return end;
}

/**
 * Cheap pre-check for {@link maskKeyValues}: looks only at the word before each `:` and `=`. Its
 * last three characters and its letter set reject most words without allocating; the rest go to the
 * cached classifier. It accepts everything the key/value regex could mask, so false means the regex
 * has nothing to do.
 */
export function hasSensitiveKey(text: string, kindOfKey: KeyClassifier, gate: KeyGate): boolean {
  let colon = text.indexOf(":");
  let equals = text.indexOf("=");
  while (colon !== -1 || equals !== -1) {
    let sep: number;
    if (equals === -1 || (colon !== -1 && colon < equals)) {
      sep = colon;
      colon = text.indexOf(":", sep + 1);
    } else {
      sep = equals;
      equals = text.indexOf("=", sep + 1);
    }
    const end = keyEnd(text, sep);
    let start = end;
    let letters = 0;
    let tail = 0;
    let tailLength = 0;
    while (start > 0 && end - start <= 64) {
      const c = text.charCodeAt(start - 1);
      const lower = c | 32; // ASCII lower case
      if (lower >= 97 && lower <= 122) letters |= 1 << (lower - 97);
      else if (!((c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45)) break;
      if (tailLength < 3 && c !== 95 && c !== 45) {
        tail = tail * 38 + tailIndex(c); // `_` and `-` do not count, as in normaliseKey
        tailLength++;
      }
      start--;
    }
    if (end - start < 3 || end - start > 64) continue; // 3: the shortest key (pin, dni, cbu)
    while (tailLength++ < 3) tail *= 38;
    if (gate.tails[tail] === 1 || containsStemLetters(letters, gate.stemLetters)) {
      if (kindOfKey(text.slice(start, end)) !== undefined) return true;
    }
  }
  return false;
}

function containsStemLetters(letters: number, stemLetters: Uint32Array): boolean {
  for (let k = 0; k < stemLetters.length; k++) {
    const set = stemLetters[k] as number;
    if ((letters & set) === set) return true;
  }
  return false;
}

/** Masks the values of sensitive keys written in text: `"password":"x"`, `token=abc`, `Authorization: Bearer …`. */
export function maskKeyValues(text: string, kindOfKey: KeyClassifier, tokenize: Tokenizer): string {
  const re = new RegExp(KEY_VALUE); // own lastIndex: the loop below steers it
  let out = "";
  let copied = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const key = m[2];
    let value = m[3];
    if (key === undefined || value === undefined) continue; // a token: already masked
    const kind = kindOfKey(key);
    const valueStart = m.index + m[0].length - value.length;
    if (kind === undefined) {
      // Not sensitive: resume right after the separator so a value like "password: x" is still scanned.
      re.lastIndex = valueStart;
      continue;
    }
    let valueEnd = valueStart + value.length;
    if (kind === "phone" && /^\+?\d/.test(value)) {
      PHONE_TAIL.lastIndex = valueEnd;
      if (PHONE_TAIL.exec(text)) valueEnd = PHONE_TAIL.lastIndex;
      value = text.slice(valueStart, valueEnd);
      re.lastIndex = valueEnd;
    }
    out += text.slice(copied, valueStart) + maskRawValue(kind, value, tokenize);
    copied = valueEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

// Scanning outwards from each "@" instead of a regex: linear on any input, and the left edge stops
// at the previous match, so a token never changes what a second pass finds (idempotence).
const LOCAL_CHAR = /[\w.%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;
// A dot-separated host whose last label has a letter: keeps `typescript@5.9.3` and `user@10.0.0.1` readable.
const DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*$/;

/** Masks email addresses (`local@host.tld`), lower-casing them so one address gives one token. */
export function maskEmails(text: string, tokenize: Tokenizer): string {
  let out = "";
  let copied = 0;
  for (let at = text.indexOf("@"); at !== -1; ) {
    let start = at;
    while (start > copied && LOCAL_CHAR.test(text.charAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && DOMAIN_CHAR.test(text.charAt(end))) end++;
    while (end > at + 1 && /[.-]/.test(text.charAt(end - 1))) end--; // a sentence's full stop is not the domain's
    // Drop trailing labels without a letter (`a@b.com.4111…`): the number after the host is not the host.
    while (end > at + 1 && !(end - at <= 256 && DOMAIN.test(text.slice(at + 1, end)))) {
      const dot = text.lastIndexOf(".", end - 1);
      end = dot > at ? dot : at + 1;
    }
    if (start < at && end > at + 1) {
      out += text.slice(copied, start) + tokenize("email", normaliseValue("email", text.slice(start, end)));
      copied = end;
    }
    at = text.indexOf("@", Math.max(at + 1, copied));
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * `DNI 12.345.678`, `DNI: 12345678`, `D.N.I. 30123456`, `dni nro 1234567`: 7–8 digits, dotted or not,
 * after the word DNI. Unlabelled 7–8 digit numbers are too common (amounts, ids) to mask.
 */
const DNI = new RegExp(
  `${TOKEN}|(?<![\\w\\]])(d\\.?n\\.?i\\.?(?:[ \\t]*(?:n[°º.]|nro\\.?|#))?[ \\t]*[:=]?[ \\t]*["']?)(\\d{1,2}\\.?\\d{3}\\.?\\d{3})(?!\\.?\\d)`,
  "gi",
);

/** Masks DNIs labelled by the word DNI; the label stays readable. */
export function maskLabelledDni(text: string, tokenize: Tokenizer): string {
  return text.replace(DNI, (m, label: string | undefined, number: string | undefined) =>
    label === undefined || number === undefined ? m : label + tokenize("dni", normaliseValue("dni", number)),
  );
}
