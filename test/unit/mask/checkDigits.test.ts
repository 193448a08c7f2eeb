// Sources of the algorithms under test: Luhn — ISO/IEC 7812-1 Annex B; CUIT/CUIL — AFIP's mod-11
// algorithm (weights 5,4,3,2,7,6,5,4,3,2); CBU — BCRA Comunicación "A" 3044 (block weights
// 7,1,3,9,7,1,3 and 3,9,7,1,3,9,7,1,3,9,7,1,3). Expected check digits were computed by hand/script.
import { describe, expect, it } from "vitest";
import { isLuhnValid, isValidCbu, isValidCuit } from "../../../core/mask/checkDigits.js";

describe("isLuhnValid", () => {
  it.each(["4111111111111111", "378282246310005", "5555555555554444", "6011111111111117", "4222222222222"])(
    "accepts the published test card %s",
    (card) => {
      // Act
      const valid = isLuhnValid(card);
      // Assess
      expect(valid).toBe(true);
    },
  );

  it.each(["4111111111111112", "378282246310006", "5555555555554440"])(
    "rejects %s whose last digit was changed",
    (card) => {
      expect(isLuhnValid(card)).toBe(false);
    },
  );

  it("rejects the empty string", () => {
    expect(isLuhnValid("")).toBe(false);
  });
});

describe("isValidCuit", () => {
  it.each(["20123456786", "27301234568", "30712345671", "20401234560", "33500000002"])(
    "accepts %s, whose AFIP check digit holds",
    (cuit) => {
      expect(isValidCuit(cuit)).toBe(true);
    },
  );

  it("rejects a CUIT whose check digit is off by one", () => {
    expect(isValidCuit("20123456785")).toBe(false);
  });

  it("rejects a number with a valid mod-11 digit but an unknown type prefix", () => {
    // Prepare: 10-12345678 gets check digit 0 by the same weights, but AFIP never issues prefix 10.
    const unknownPrefix = "10123456780";
    // Act / Assess
    expect(isValidCuit(unknownPrefix)).toBe(false);
  });

  it("rejects wrong lengths", () => {
    expect(isValidCuit("2012345678")).toBe(false);
    expect(isValidCuit("201234567860")).toBe(false);
  });
});

describe("isValidCbu", () => {
  it.each(["0170099200000123456784", "2850590994000090418137"])("accepts the constructed CBU %s", (cbu) => {
    expect(isValidCbu(cbu)).toBe(true);
  });

  it("rejects a CBU whose first-block check digit (position 8) is wrong", () => {
    expect(isValidCbu("0170099300000123456784")).toBe(false);
  });

  it("rejects a CBU whose second-block check digit (position 22) is wrong", () => {
    expect(isValidCbu("0170099200000123456785")).toBe(false);
  });

  it("rejects wrong lengths", () => {
    expect(isValidCbu("017009920000012345678")).toBe(false);
  });
});
