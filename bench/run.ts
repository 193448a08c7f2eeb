/**
 * `npm run bench`: every benchmark, one after the other (not part of `npm test`).
 * `npm run bench -- transform` or `-- local` runs one.
 */
const only = process.argv[2];

if (!only || only === "transform") {
  const { main } = await import("./transform.js");
  await main();
}
if (!only || only === "local") {
  const { main } = await import("./local.js");
  await main();
}
