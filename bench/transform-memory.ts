/** Child process of the transform benchmark: one ~3 MB (compressed) batch, then its peak RSS. */
import { makeBenchHandler } from "./transform.js";
import { buildBatch } from "./transform-batch.js";

const batch = buildBatch(3_000_000);
const handler = makeBenchHandler();
await handler(batch.event);
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ peakRssMB, events: batch.events, compressedMB: batch.compressedBytes / 1e6 }));
