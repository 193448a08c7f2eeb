import { describe, expect, it } from "vitest";
import { createMasker } from "../../../core/mask/index.js";
import { KEY, tokenOf } from "./helpers.js";

const masker = createMasker({ key: KEY });
const CARD = tokenOf("card", "4111111111111111");

describe("maskText: cards", () => {
  it.each(["4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111"])(
    "replaces the Luhn-valid card written as %s with the same token",
    (written) => {
      // Prepare
      const text = `charge to ${written} approved`;
      // Act
      const masked = masker.maskText(text);
      // Assess
      expect(masked).toBe(`charge to ${CARD} approved`);
    },
  );

  it("replaces an Amex card grouped 4-6-5", () => {
    expect(masker.maskText("amex 3782 822463 10005.")).toBe(`amex ${tokenOf("card", "378282246310005")}.`);
  });

  it("leaves a card-length number whose Luhn digit is wrong readable", () => {
    const text = "order 4111 1111 1111 1112 failed";
    expect(masker.maskText(text)).toBe(text);
  });

  it("leaves a 13-digit epoch-millisecond timestamp readable", () => {
    // 1700000000004 is Luhn-valid, but no card issuer range starts with 1.
    const text = "ts=1700000000004 done";
    expect(masker.maskText(text)).toBe(text);
  });

  it("masks only the card when a year follows it in the same group run", () => {
    expect(masker.maskText("card 4111 1111 1111 1111 2024 exp")).toBe(`card ${CARD} 2024 exp`);
  });

  it("does not mask a card-length run inside a longer digit run such as an event id", () => {
    const eventId = "36981045961834749428411111111111111134567890123456789012";
    expect(masker.maskText(`event ${eventId}`)).toBe(`event ${eventId}`);
  });

  it("does not mask digits glued to letters (hex ids)", () => {
    const text = "id abc4111111111111111 ok";
    expect(masker.maskText(text)).toBe(text);
  });
});

describe("maskText: CUIT/CUIL", () => {
  const CUIT = tokenOf("cuit", "20123456786");

  it.each(["20-12345678-6", "20123456786"])("masks the valid CUIT written %s with the same token", (written) => {
    expect(masker.maskText(`CUIT ${written}, alta ok`)).toBe(`CUIT ${CUIT}, alta ok`);
  });

  it("leaves a CUIT with a wrong check digit readable", () => {
    const text = "CUIL 20-12345678-5 rechazado";
    expect(masker.maskText(text)).toBe(text);
  });

  it("leaves an 11-digit number with an unknown prefix readable", () => {
    const text = "ref 10123456780";
    expect(masker.maskText(text)).toBe(text);
  });
});

describe("maskText: CBU", () => {
  it("masks a 22-digit CBU with valid check digits as a CBU, not as the card-length runs inside it", () => {
    expect(masker.maskText("cbu destino 0170099200000123456784 ok")).toBe(
      `cbu destino ${tokenOf("cbu", "0170099200000123456784")} ok`,
    );
  });

  it("masks a CBU written as its two blocks", () => {
    expect(masker.maskText("to 01700992 00000123456784")).toBe(`to ${tokenOf("cbu", "0170099200000123456784")}`);
  });

  it("leaves a 22-digit number whose second check digit is wrong readable", () => {
    const text = "to 0170099200000123456785";
    expect(masker.maskText(text)).toBe(text);
  });
});

describe("maskText: DNI", () => {
  const DNI = tokenOf("dni", "12345678");

  it.each([
    ["DNI 12.345.678", `DNI ${DNI}`],
    ["DNI: 12345678", `DNI: ${DNI}`],
    ["D.N.I. 12345678", `D.N.I. ${DNI}`],
    ["dni=12.345.678", `dni=${DNI}`],
    ['{"dni":"12345678"}', `{"dni":"${DNI}"}`],
    ["dni nro 1.234.567", `dni nro ${tokenOf("dni", "1234567")}`],
  ])("masks the labelled DNI in %s and keeps the label", (text, expected) => {
    expect(masker.maskText(text)).toBe(expected);
  });

  it("leaves an unlabelled 8-digit number readable", () => {
    const text = "pedido 12345678 despachado, monto 12.345.678";
    expect(masker.maskText(text)).toBe(text);
  });
});

describe("maskText: emails", () => {
  it("masks an email inside a sentence and normalises case", () => {
    expect(masker.maskText("sent to Juan.Perez@Example.COM.ar today")).toBe(
      `sent to ${tokenOf("email", "juan.perez@example.com.ar")} today`,
    );
  });

  it("masks an email inside JSON text", () => {
    expect(masker.maskText('{"to":"ana+alta@banco.com","ok":true}')).toBe(
      `{"to":"${tokenOf("email", "ana+alta@banco.com")}","ok":true}`,
    );
  });
});

describe("maskText: sensitive key/value pairs", () => {
  it("masks JSON-style pairs and keeps the rest of the object readable", () => {
    // Prepare
    const text = 'login {"user":"ana","password":"hunter2","step":"otp"}';
    // Act
    const masked = masker.maskText(text);
    // Assess
    expect(masked).toBe(`login {"user":"ana","password":"${tokenOf("secret", "hunter2")}","step":"otp"}`);
  });

  it("masks query-string style tokens up to the next parameter", () => {
    expect(masker.maskText("GET /cb?access_token=abc123&state=x")).toBe(
      `GET /cb?access_token=${tokenOf("secret", "abc123")}&state=x`,
    );
  });

  it("keeps the auth scheme of an Authorization header readable", () => {
    expect(masker.maskText("Authorization: Bearer eyJhbGciOi.J9.x next")).toBe(
      `Authorization: Bearer ${tokenOf("secret", "eyJhbGciOi.J9.x")} next`,
    );
  });

  it("masks a phone value including its spaces and dashes", () => {
    expect(masker.maskText("telefono=+54 11 5555-1234 ok")).toBe(`telefono=${tokenOf("phone", "541155551234")} ok`);
  });

  it("masks pairs inside JSON that was escaped into a string", () => {
    expect(masker.maskText(String.raw`{\"pwd\":\"s3cr3t\",\"a\":1}`)).toBe(
      String.raw`{\"pwd\":\"${tokenOf("secret", "s3cr3t")}\",\"a\":1}`,
    );
  });

  it("finds a pair written inside the value of an innocent key", () => {
    expect(masker.maskText('"note":"password: hunter2"')).toBe(`"note":"password: ${tokenOf("secret", "hunter2")}"`);
  });

  it("leaves JSON null and booleans under sensitive keys as they are", () => {
    const text = '{"password":null,"token":false}';
    expect(masker.maskText(text)).toBe(text);
  });

  it("masks keys configured as extra sensitive keys, in any spelling", () => {
    const custom = createMasker({ key: KEY, extraSensitiveKeys: ["nroTramite"] });
    expect(custom.maskText("nro_tramite=00123 ok")).toBe(`nro_tramite=${tokenOf("secret", "00123")} ok`);
  });
});
