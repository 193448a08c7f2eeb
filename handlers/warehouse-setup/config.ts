/**
 * The warehouse setup's configuration: environment variables → a validated value, once per cold start. A bad
 * or missing variable fails with its name in the message. The CDK construct that deploys the custom resource
 * sets exactly these (docs/infrastructure.md, "Warehouse setup").
 */
import { z } from "zod";
import type { WarehouseConnection } from "../../core/io/redshift-data.js";

/** Where the loader's database user comes from. */
export type LoaderUserSource =
  /** Provisioned: the loader signs in with this secret's username and password. */
  | { readonly kind: "secret"; readonly secretArn: string }
  /** Serverless: the Data API maps the loader's role to this user (`IAMR:<role name>`), created PASSWORD DISABLE. */
  | { readonly kind: "iam"; readonly user: string };

/** The setup's configuration. */
export interface WarehouseSetupConfig {
  /** The admin connection: the Data API signs in with ADMIN_SECRET_ARN in both kinds. */
  readonly connection: WarehouseConnection;
  readonly readerSecretArn: string;
  readonly loader: LoaderUserSource;
  /** Stable across updates, so CloudFormation never sees a replacement. */
  readonly physicalResourceId: string;
}

/** Thrown for a bad or missing variable; the message names it. */
export class WarehouseSetupConfigError extends Error {
  override readonly name = "WarehouseSetupConfigError";
}

const secretArn = z
  .string()
  .regex(/^arn:[^:]+:secretsmanager:[^:]+:\d{12}:secret:.+$/, "must be a Secrets Manager secret ARN");

const EnvSchema = z.object({
  WAREHOUSE_DATABASE: z.string().regex(/^[a-z_][a-z0-9_]{0,126}$/, "must be a lowercase Redshift identifier"),
  WAREHOUSE_WORKGROUP: z.string().min(1).optional(),
  WAREHOUSE_CLUSTER_ID: z.string().min(1).optional(),
  ADMIN_SECRET_ARN: secretArn,
  READER_SECRET_ARN: secretArn,
  LOADER_SECRET_ARN: secretArn.optional(),
  LOADER_DB_USER: z
    .string()
    .regex(/^IAMR:[\w+=,.@-]{1,64}$/, "must be the loader role's database user, IAMR:<role name>")
    .optional(),
});

const fail = (message: string): never => {
  throw new WarehouseSetupConfigError(`Warehouse setup configuration: ${message}`);
};

/** Parses the environment; a bad or missing variable fails fast with its name in the message. */
export function loadWarehouseSetupConfig(env: Record<string, string | undefined>): WarehouseSetupConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`${issue?.path.join(".")}: ${issue?.code === "invalid_type" ? "required" : issue?.message}`);
  }
  const e = parsed.data as z.output<typeof EnvSchema>;
  const database = e.WAREHOUSE_DATABASE;
  const physicalResourceId = `${database}/warehouse-setup`;
  if (e.WAREHOUSE_WORKGROUP && e.WAREHOUSE_CLUSTER_ID)
    fail("set WAREHOUSE_WORKGROUP or WAREHOUSE_CLUSTER_ID, not both");
  if (e.WAREHOUSE_WORKGROUP) {
    if (e.LOADER_SECRET_ARN)
      fail(
        "LOADER_SECRET_ARN: not with WAREHOUSE_WORKGROUP (the Serverless loader signs in through IAM: set LOADER_DB_USER)",
      );
    return {
      connection: { kind: "serverless", database, workgroupName: e.WAREHOUSE_WORKGROUP, secretArn: e.ADMIN_SECRET_ARN },
      readerSecretArn: e.READER_SECRET_ARN,
      loader: { kind: "iam", user: e.LOADER_DB_USER ?? fail("LOADER_DB_USER: required with WAREHOUSE_WORKGROUP") },
      physicalResourceId,
    };
  }
  if (!e.WAREHOUSE_CLUSTER_ID) fail("set WAREHOUSE_WORKGROUP (Serverless) or WAREHOUSE_CLUSTER_ID (provisioned)");
  if (e.LOADER_DB_USER)
    fail("LOADER_DB_USER: not with WAREHOUSE_CLUSTER_ID (the provisioned loader signs in with LOADER_SECRET_ARN)");
  return {
    connection: {
      kind: "provisioned",
      database,
      clusterIdentifier: e.WAREHOUSE_CLUSTER_ID as string,
      secretArn: e.ADMIN_SECRET_ARN,
    },
    readerSecretArn: e.READER_SECRET_ARN,
    loader: {
      kind: "secret",
      secretArn: e.LOADER_SECRET_ARN ?? fail("LOADER_SECRET_ARN: required with WAREHOUSE_CLUSTER_ID"),
    },
    physicalResourceId,
  };
}
