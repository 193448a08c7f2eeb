/**
 * Loads one stage's configuration: stage defaults, deep-merged with overrides, validated by zod.
 * A bad value fails synth with `Invalid configuration for stage "dev": firehose.bufferSizeMiB: …`.
 */
import { STAGES, type Stage, type StageConfig, StageConfigSchema } from "./schema.js";
import { STAGE_DEFAULTS } from "./stages.js";

export { LOG_RETENTION_DAYS, STAGES, type Stage, type StageConfig, StageConfigSchema } from "./schema.js";
export { STAGE_DEFAULTS } from "./stages.js";

/** Thrown when a stage name or a configuration value is invalid; the message names the field. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Objects merge key by key; arrays and scalars replace; a changed `kind`/`source` replaces the object. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  for (const discriminator of ["kind", "source"]) {
    if (discriminator in override && override[discriminator] !== base[discriminator]) return override;
  }
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = deepMerge(base[key], value);
  return out;
}

/** Checks a stage name from the command line. */
export function parseStage(value: unknown): Stage {
  const stage = value ?? "sandbox";
  if (typeof stage !== "string" || !(STAGES as readonly string[]).includes(stage)) {
    throw new ConfigError(`Invalid configuration: stage: must be one of ${STAGES.join(", ")} (got ${String(stage)})`);
  }
  return stage as Stage;
}

/** Stage defaults + overrides → validated config, or a `ConfigError` naming every bad field. */
export function loadConfig(stage: Stage, overrides: unknown = {}): StageConfig {
  if (!isObject(overrides))
    throw new ConfigError(`Invalid configuration for stage "${stage}": overrides must be an object`);
  const merged = deepMerge(STAGE_DEFAULTS[stage], { ...overrides, stage });
  const parsed = StageConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration for stage "${stage}": ${issues.join("; ")}`);
  }
  return parsed.data;
}

/**
 * Reads `-c stage=…` and the `loglake` context (an object keyed by stage, or the same as a JSON
 * string on the command line) and returns the validated config.
 */
export function configFromContext(tryGetContext: (key: string) => unknown): StageConfig {
  const stage = parseStage(tryGetContext("stage"));
  let all = tryGetContext("loglake") ?? {};
  if (typeof all === "string") {
    try {
      all = JSON.parse(all);
    } catch {
      throw new ConfigError("Invalid configuration: loglake context: not valid JSON");
    }
  }
  return loadConfig(stage, isObject(all) ? (all[stage] ?? {}) : {});
}
