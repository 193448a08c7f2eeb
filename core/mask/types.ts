/**
 * Personal-data masking contract. A masker is built once per cold start from a secret key and is
 * then pure: the same input and key always give the same tokens.
 */

/** The kinds of personal data we tokenise; the kind is the token's label: `[email:3f9a1c2e]`. */
export type MaskKind = "email" | "card" | "cuit" | "cbu" | "dni" | "phone" | "secret" | "ip";

export interface Masker {
  /** Replaces personal data found in free text with `[kind:hash8]` tokens; the rest stays readable. */
  maskText(text: string): string;
  /**
   * Deep-masks a parsed JSON value: values under sensitive keys (password, token, authorization,
   * secret, dni, cuit, cuil, cbu, email, phone, card…, at any depth) become tokens; every other
   * string is passed through {@link Masker.maskText}. Returns a new value; never mutates the input.
   */
  maskValue(value: unknown): unknown;
  /** Masks an IPv4 address to its /24 (`203.0.113.0/24`) or IPv6 to its /48; null/invalid → null or a token. */
  maskClientIp(ip: string | null | undefined): string | null;
}
