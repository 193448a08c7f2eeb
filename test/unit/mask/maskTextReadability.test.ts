import { describe, expect, it } from "vitest";
import { createMasker } from "../../../core/mask/index.js";
import { KEY, tokenOf } from "./helpers.js";

const masker = createMasker({ key: KEY });
const CARD = tokenOf("card", "4111111111111111");

describe("maskText: look-alikes stay readable", () => {
  it.each([
    "pi is 3.1415926535897932 roughly",
    "installed typescript@5.9.3 and node@20.11.1",
    "trace 1-5759e988-bd862e3fe1be46a994272793",
    "START RequestId: c6af9ac6-7b61-11e6-9a41-93e8deadbeef Version: $LATEST",
  ])("leaves %s unchanged", (text) => {
    expect(masker.maskText(text)).toBe(text);
  });

  it("masks an email and a card glued by a dot separately", () => {
    expect(masker.maskText("a@b.com.4111111111111111")).toBe(`${tokenOf("email", "a@b.com")}.${CARD}`);
  });
});

describe("maskText: clean text and idempotence", () => {
  it("returns the same string when there is nothing to mask", () => {
    const text = "START RequestId: 8f5a9b2c Version: $LATEST took 123 ms";
    expect(masker.maskText(text)).toBe(text);
  });

  it("does not change already-masked text, even a token whose hash is all digits", () => {
    // Prepare: all-digit hashes look like an 8-digit DNI or parts of a card number.
    const text = "DNI [dni:12345678] card [card:41111111] password=[secret:0badc0de] Bearer";
    // Act
    const masked = masker.maskText(text);
    // Assess
    expect(masked).toBe(text);
  });

  it("masking twice gives the same result as masking once", () => {
    const once = masker.maskText('a@b.com 4111 1111 1111 1111 DNI 12.345.678 {"token":"t"} Authorization: Basic dXM=');
    expect(masker.maskText(once)).toBe(once);
  });

  it("gives different tokens under different keys", () => {
    const other = createMasker({ key: "another-key" });
    expect(other.maskText("4111111111111111")).not.toBe(masker.maskText("4111111111111111"));
  });
});
