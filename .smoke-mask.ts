import fc from "fast-check";
import { createMasker } from "./core/mask/index.js";
const m = createMasker({ key: "k" });
const fragment = fc.constantFrom("4111", "1111", "20", "12345678", "6", " ", "-", ".", "@", "a", "password", "=", ":", '"', "\\", "DNI", "[dni:", "]", "Bearer", "\n", "x.com", "phone", "0170099200000123456784", "20123456786", "4111111111111111", "'", "dni", "2", "token", "email", "Authorization: ", "Basic ", "cuit", "_", "%", "+", "3782 822463 10005", "20-12345678-6", "D.N.I.", "12.345.678", "telefono=+54 11 5555-1234 ", "\\\"", "\u00e9", "x@y.co");
const r = fc.check(fc.property(fc.array(fragment, {maxLength: 30}).map((p) => p.join("")), (t) => { const o = m.maskText(t); return m.maskText(o) === o; }), { numRuns: 200000 });
console.log(r.failed, r.counterexample && JSON.stringify(r.counterexample[0]), r.counterexample && JSON.stringify(m.maskText(r.counterexample[0] as string)), r.counterexample && JSON.stringify(m.maskText(m.maskText(r.counterexample[0] as string))));
