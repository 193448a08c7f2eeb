/**
 * `npm run bench`: every benchmark, one after the other (not part of `npm test`).
 * `npm run bench -- transform`, `-- local` or `-- load` runs one.
 */
// The SDK warns on every start that future releases need Node 22; the figures need no such noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const only = process.argv[2];

if (!only || only === "transform") {
  const { main } = await import("./transform.js");
  await main();
}
if (!only || only === "local") {
  const { main } = await import("./local.js");
  await main();
}
if (!only || only === "load") {
  const { main } = await import("./load.js");
  await main();
}
