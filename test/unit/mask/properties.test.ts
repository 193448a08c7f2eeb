import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMasker } from "../../../core/mask/index.js";
import { createKeyClassifier } from "../../../core/mask/keys.js";
import { KEY, withCuitDigit, withLuhnDigit } from "./helpers.js";

const masker = createMasker({ key: KEY });

// Words without digits, so the generated identifier is the only digit run in the text.
const word = fc.stringMatching(/^[A-Za-z.,:;!?()"'/]{1,12}$/);
const words = fc.array(word, { maxLength: 6 });

const cardDigits = fc
  .tuple(
    fc.integer({ min: 2, max: 6 }),
    fc.integer({ min: 13, max: 19 }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }),
  )
  .map(([first, length, rest]) => withLuhnDigit(`${first}${rest.slice(0, length - 2).join("")}`));
const writtenCard = fc
  .tuple(cardDigits, fc.constantFrom("", " ", "-"))
  .map(([digits, sep]) => (sep === "" ? digits : (digits.match(/.{1,4}/g) ?? []).join(sep)));

const writtenCuit = fc
  .tuple(fc.constantFrom("20", "23", "24", "27", "30", "33", "34"), fc.stringMatching(/^\d{8}$/), fc.boolean())
  .map(([prefix, body, dashed]) => {
    const cuit = withCuitDigit(prefix + body);
    return cuit === null ? null : dashed ? `${cuit.slice(0, 2)}-${cuit.slice(2, 10)}-${cuit.slice(10)}` : cuit;
  })
  .filter((cuit): cuit is string => cuit !== null);

const email = fc.stringMatching(
  /^[a-z0-9]{1,10}(\.[a-z0-9_+-]{1,5})?@[a-z0-9]{1,10}(\.[a-z0-9-]{1,6})?\.(com|ar|net|io)$/,
);

function embedded(secret: fc.Arbitrary<string>): fc.Arbitrary<[string, string]> {
  return fc.tuple(words, secret, words).map(([before, s, after]) => [[...before, s, ...after].join(" "), s]);
}

describe("masking properties", () => {
  it.each([
    ["valid card numbers", writtenCard],
    ["valid CUITs", writtenCuit],
    ["emails", email],
  ] as const)("%s embedded in random text never survive masking", (_name, secret) => {
    fc.assert(
      fc.property(embedded(secret), ([text, s]) => {
        // Act
        const masked = masker.maskText(text);
        // Assess: neither the written form nor its bare digits remain.
        expect(masked).not.toContain(s);
        const digits = s.replace(/\D/g, "");
        if (/^[\d -]+$/.test(s)) expect(masked).not.toContain(digits);
      }),
    );
  });

  it("masking generated text is idempotent", () => {
    const text = fc.array(
      fc.oneof(word, writtenCard, writtenCuit, email, fc.constantFrom("DNI 12.345.678", "password=x")),
    );
    fc.assert(
      fc.property(text, (parts) => {
        const once = masker.maskText(parts.join(" "));
        expect(masker.maskText(once)).toBe(once);
      }),
    );
  });

  it("random strings never throw and masking them twice changes nothing more", () => {
    // Fragments that steer the detectors into their edge cases (separators, labels, half tokens).
    const fragment = fc.constantFrom("4111", "1111", "20", "12345678", "6", " ", "-", ".", "@", "a", "password", "=");
    const soup = fc.array(fc.oneof(fragment, fc.constantFrom(":", '"', "\\", "DNI", "[dni:", "]", "Bearer", "\n")));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          soup.map((parts) => parts.join("")),
        ),
        (text) => {
          // Act
          const masked = masker.maskText(text);
          // Assess
          expect(masker.maskText(masked)).toBe(masked);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("the value of any key the classifier calls sensitive is masked in text (the pre-check never skips one)", () => {
    const classify = createKeyClassifier();
    const stem = fc.constantFrom(
      "password",
      "pwd",
      "token",
      "auth",
      "secret",
      "apikey",
      "dni",
      "cuit",
      "cbu",
      "email",
      "phone",
      "card",
      "pan",
      "pin",
      "cvv",
      "telefono",
      "status",
      "name",
    );
    const key = fc
      .tuple(fc.stringMatching(/^[a-z_]{0,4}$/), stem, fc.stringMatching(/^[A-Za-z0-9_-]{0,4}$/), fc.boolean())
      .map(([pre, s, post, upper]) => `${pre}${upper ? s.toUpperCase() : s}${post}`)
      .filter((k) => /^[A-Za-z_]/.test(k));
    fc.assert(
      fc.property(key, fc.constantFrom("=", ": ", '":"'), (k, sep) => {
        // Prepare
        const text = sep === '":"' ? `{"${k}":"s3cr3tvalue"}` : `${k}${sep}s3cr3tvalue`;
        // Act
        const masked = masker.maskText(text);
        // Assess
        if (classify(k) !== undefined) expect(masked).not.toContain("s3cr3tvalue");
        else expect(masked).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("random JSON values never throw and are never mutated", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const before = JSON.stringify(value);
        masker.maskValue(value);
        expect(JSON.stringify(value)).toBe(before);
      }),
    );
  });
});
