#!/usr/bin/env node
// The `loglake` bin: registers tsx in this process and runs the TypeScript CLI, so no build step is needed
// and signals (Ctrl-C, SIGTERM) reach the CLI itself, not a wrapper that would leave it running.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
