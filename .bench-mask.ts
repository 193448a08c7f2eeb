const lines = ['{"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","ip":"203.0.113.7","requestTime":"01/May/2024:12:00:00 +0000","httpMethod":"POST","resourcePath":"/onboarding/{id}","status":"200","protocol":"HTTP/1.1","responseLength":"512"}',
'2024-05-01T12:00:00.000Z\tc6af9ac6-7b61-11e6-9a41-93e8deadbeef\tINFO\t{"level":"INFO","message":"step completed","service":"onboarding","onboardingId":"ob-123","step":"identity","timestamp":"2024-05-01T12:00:00.000Z"}'];
const KW = "p(?:ass|wd|an|in|hone)|t(?:oken|elefono)|a(?:uth|pi.?key)|s(?:ecret)|d(?:ni|ocumento|\\.n\\.i)|c(?:uit|uil|bu|ard|vv|vc|elular|lave|ontrase|orreo)|m(?:ail|obile)";
const gates: [string, RegExp][] = [
  ["grouped i", new RegExp(`@|\\d{3}[\\d -]\\d{3}|${KW}`, "i")],
  ["grouped explicit case", new RegExp(`@|\\d{3}[\\d -]\\d{3}|[pP](?:[aA][sS][sS]|[wW][dD]|[aA][nN]|[iI][nN]|[hH][oO][nN][eE])|[tT](?:[oO][kK][eE][nN]|[eE][lL][eE][fF][oO][nN][oO])|[aA](?:[uU][tT][hH]|[pP][iI].?[kK][eE][yY])|[sS][eE][cC][rR][eE][tT]|[dD](?:[nN][iI]|[oO][cC][uU][mM][eE][nN][tT][oO]|\\.[nN]\\.[iI])|[cC](?:[uU][iI][tT]|[uU][iI][lL]|[bB][uU]|[aA][rR][dD]|[vV][vV]|[vV][cC]|[eE][lL][uU][lL][aA][rR]|[lL][aA][vV][eE]|[oO][nN][tT][rR][aA][sS][eE]|[oO][rR][rR][eE][oO])|[mM](?:[aA][iI][lL]|[oO][bB][iI][lL][eE])`)],
  ["kw only i", new RegExp(KW, "i")],
  ["digits only", /\d{3}[\d -]\d{3}/],
];
for (const line of lines) for (const [n, re] of gates) { for (let i = 0; i < 1e5; i++) re.test(line); const N = 1e6; let c = 0; const t = performance.now(); for (let i = 0; i < N; i++) if (re.test(line)) c++; console.log(n, ((performance.now() - t) * 1e6 / N).toFixed(0), "ns", line.match(re)?.[0]); }
