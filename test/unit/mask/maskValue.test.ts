import { describe, expect, it } from "vitest";
import { createMasker, MaskKeyError } from "../../../core/mask/index.js";
import { KEY, tokenOf } from "./helpers.js";

const masker = createMasker({ key: KEY });

describe("maskValue", () => {
  it("masks values under sensitive keys at any depth, in objects and arrays", () => {
    // Prepare
    const input = {
      onboardingId: "ob-1",
      applicant: {
        DNI: 12345678,
        contacts: [{ e_mail: "x" }, { Email: "Ana@Banco.com" }],
        Phone_Number: "+54 11 5555-1234",
      },
      payment: { cards: [{ card_number: "4111-1111-1111-1111", cvv: 123 }] },
    };
    // Act
    const masked = masker.maskValue(input);
    // Assess
    expect(masked).toEqual({
      onboardingId: "ob-1",
      applicant: {
        DNI: tokenOf("dni", "12345678"),
        contacts: [{ e_mail: tokenOf("email", "x") }, { Email: tokenOf("email", "ana@banco.com") }],
        Phone_Number: tokenOf("phone", "541155551234"),
      },
      payment: { cards: [{ card_number: tokenOf("card", "4111111111111111"), cvv: tokenOf("secret", "123") }] },
    });
  });

  it("matches keys case-insensitively ignoring underscores and dashes, and by password/token/secret stems", () => {
    const masked = masker.maskValue({ ACCESS_TOKEN: "a", "client-secret": "b", userPassword: "c", x_api_key: "d" });
    expect(masked).toEqual({
      ACCESS_TOKEN: tokenOf("secret", "a"),
      "client-secret": tokenOf("secret", "b"),
      userPassword: tokenOf("secret", "c"),
      x_api_key: tokenOf("secret", "d"),
    });
  });

  it("turns an object or array under a sensitive key into one token of its JSON", () => {
    const masked = masker.maskValue({ card: { number: "4111111111111111", exp: "12/30" }, tokens: ["a", "b"] });
    expect(masked).toEqual({
      card: tokenOf("card", JSON.stringify({ number: "4111111111111111", exp: "12/30" })),
      tokens: tokenOf("secret", JSON.stringify(["a", "b"])),
    });
  });

  it("passes every other string through maskText and keeps numbers, booleans and null", () => {
    const masked = masker.maskValue({ msg: "contact a@b.com", count: 4111111111111111, ok: true, none: null });
    expect(masked).toEqual({
      msg: `contact ${tokenOf("email", "a@b.com")}`,
      count: 4111111111111111,
      ok: true,
      none: null,
    });
  });

  it("gives the same token for one value written differently, and masked text agrees with masked JSON", () => {
    const fromJson = masker.maskValue({ cuit: "20-12345678-6" });
    const fromNumber = masker.maskValue({ cuit: 20123456786 });
    const fromText = masker.maskText("cuit 20123456786");
    expect(fromJson).toEqual({ cuit: tokenOf("cuit", "20123456786") });
    expect(fromNumber).toEqual(fromJson);
    expect(fromText).toBe(`cuit ${tokenOf("cuit", "20123456786")}`);
  });

  it("masks extra sensitive keys from the options", () => {
    const custom = createMasker({ key: KEY, extraSensitiveKeys: ["nro_tramite"] });
    expect(custom.maskValue({ nroTramite: "00123" })).toEqual({ nroTramite: tokenOf("secret", "00123") });
  });

  it("never mutates its input", () => {
    // Prepare
    const input = { password: "p", nested: [{ email: "a@b.com" }], text: "DNI 12345678" };
    const before = structuredClone(input);
    // Act
    masker.maskValue(input);
    // Assess
    expect(input).toEqual(before);
  });

  it("is idempotent on already-masked values", () => {
    const once = masker.maskValue({ password: "p", dni: 30123456, card: { n: 1 }, text: "a@b.com" });
    expect(masker.maskValue(once)).toEqual(once);
  });

  it("keeps a parsed __proto__ key as plain data", () => {
    // Prepare
    const input = JSON.parse('{"__proto__":{"password":"p"},"a":1}') as unknown;
    // Act
    const masked = masker.maskValue(input) as Record<string, unknown>;
    // Assess
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.keys(masked)).toEqual(["__proto__", "a"]);
    expect(JSON.stringify(masked)).toBe(`{"__proto__":{"password":"${tokenOf("secret", "p")}"},"a":1}`);
  });
});

describe("createMasker", () => {
  it("refuses an empty key", () => {
    expect(() => createMasker({ key: "" })).toThrow(MaskKeyError);
  });

  it("accepts a binary key", () => {
    const binary = createMasker({ key: new TextEncoder().encode(KEY) });
    expect(binary.maskText("a@b.com")).toBe(tokenOf("email", "a@b.com"));
  });
});
