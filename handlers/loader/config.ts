/**
 * The loader's configuration: environment variables → a validated value, once per cold start. A bad or
 * missing variable fails with its name in the message (docs/infrastructure.md lists them).
 */
import { z } from "zod";
import type { WarehouseConnection } from "../../core/io/redshift-data.js";
import { DEFAULT_WAREHOUSE_NAMES, type WarehouseNames } from "../../core/load/names.js";
import type { BatchLimits } from "../../core/load/plan.js";

/** The loader's configuration. */
export interface LoaderConfig {
  readonly connection: WarehouseConnection;
  readonly names: WarehouseNames;
  readonly copyRoleArn: string;
  readonly manifestBucket: string;
  readonly manifestPrefix: string;
  readonly limits: BatchLimits;
  /** Most load transactions per invocation, bisection included. */
  readonly maxLoads: number;
}

/** Thrown for a bad or missing variable; the message names it. */
export class LoaderConfigError extends Error {
  override readonly name = "LoaderConfigError";
}

const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,126}$/, "must be a lowercase Redshift identifier");
const positiveInt = z.coerce.number().int().min(1);

const EnvSchema = z.object({
  WAREHOUSE_DATABASE: identifier,
  WAREHOUSE_WORKGROUP: z.string().min(1).optional(),
  WAREHOUSE_CLUSTER_ID: z.string().min(1).optional(),
  WAREHOUSE_SECRET_ARN: z.string().startsWith("arn:", "must be a Secrets Manager ARN").optional(),
  COPY_ROLE_ARN: z.string().regex(/^arn:[^:]+:iam::\d{12}:role\/.+$/, "must be an IAM role ARN"),
  MANIFEST_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name"),
  MANIFEST_PREFIX: z.string().regex(/^[^/].*\/$/, "must be a key prefix ending in / (e.g. analytics/manifests/)"),
  WAREHOUSE_SCHEMA: identifier.default(DEFAULT_WAREHOUSE_NAMES.schema),
  TARGET_TABLE: identifier.default(DEFAULT_WAREHOUSE_NAMES.table),
  // A manifest of 2,000 objects keeps the ledger rows within the 40 statements of one BatchExecuteStatement.
  LOAD_MAX_OBJECTS: positiveInt.max(5000).default(2000),
  LOAD_MAX_BYTES: positiveInt.default(16 * 1024 ** 3),
  LOAD_MAX_TRANSACTIONS: positiveInt.max(100).default(20),
});

function connectionOf(e: z.output<typeof EnvSchema>): WarehouseConnection {
  const database = e.WAREHOUSE_DATABASE;
  if (e.WAREHOUSE_WORKGROUP && e.WAREHOUSE_CLUSTER_ID) {
    throw new LoaderConfigError("Loader configuration: set WAREHOUSE_WORKGROUP or WAREHOUSE_CLUSTER_ID, not both");
  }
  if (e.WAREHOUSE_WORKGROUP) return { kind: "serverless", database, workgroupName: e.WAREHOUSE_WORKGROUP };
  if (!e.WAREHOUSE_CLUSTER_ID) {
    throw new LoaderConfigError(
      "Loader configuration: set WAREHOUSE_WORKGROUP (Serverless) or WAREHOUSE_CLUSTER_ID with WAREHOUSE_SECRET_ARN (provisioned)",
    );
  }
  if (!e.WAREHOUSE_SECRET_ARN) {
    throw new LoaderConfigError("Loader configuration: WAREHOUSE_SECRET_ARN: required with WAREHOUSE_CLUSTER_ID");
  }
  return {
    kind: "provisioned",
    database,
    clusterIdentifier: e.WAREHOUSE_CLUSTER_ID,
    secretArn: e.WAREHOUSE_SECRET_ARN,
  };
}

/** Parses the environment; a bad or missing variable fails fast with its name in the message. */
export function loadLoaderConfig(env: Record<string, string | undefined>): LoaderConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue?.code === "invalid_type" ? "required" : issue?.message;
    throw new LoaderConfigError(`Loader configuration: ${issue?.path.join(".")}: ${detail}`);
  }
  const e = parsed.data;
  return {
    connection: connectionOf(e),
    names: { ...DEFAULT_WAREHOUSE_NAMES, schema: e.WAREHOUSE_SCHEMA, table: e.TARGET_TABLE },
    copyRoleArn: e.COPY_ROLE_ARN,
    manifestBucket: e.MANIFEST_BUCKET,
    manifestPrefix: e.MANIFEST_PREFIX,
    limits: { maxObjects: e.LOAD_MAX_OBJECTS, maxBytes: e.LOAD_MAX_BYTES },
    maxLoads: e.LOAD_MAX_TRANSACTIONS,
  };
}
