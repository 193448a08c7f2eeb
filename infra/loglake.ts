/**
 * Composes one stage of the Onboarding Log Lake into an App: its stacks, tags, and two synth-time
 * policy validations, cdk-nag's AwsSolutions pack and AWS Control Tower's proactive controls
 * (cfn-guard): a finding of either without an acknowledgement next to its resource fails synth.
 */

import { CfnGuardValidator } from "@cdklabs/cdk-validator-cfnguard";
import { type App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { LAKE_PREFIXES } from "../schemas/lake-layout.js";
import type { StageConfig } from "./config/index.js";
import { lakeNames } from "./config/names.js";
import { IngestionStack } from "./stacks/ingestion-stack.js";
import { LakeStack } from "./stacks/lake-stack.js";
import { LoadingStack } from "./stacks/loading-stack.js";
import { NetworkStack } from "./stacks/network-stack.js";
import { OperationsStack } from "./stacks/operations-stack.js";
import { WarehouseStack } from "./stacks/warehouse-stack.js";

/** The stacks of one stage. */
export interface LogLakeStacks {
  readonly network: NetworkStack;
  readonly lake: LakeStack;
  readonly ingestion: IngestionStack;
  readonly warehouse: WarehouseStack;
  readonly loading: LoadingStack;
  readonly operations: OperationsStack;
}

/** Adds the stage's stacks to `app`. */
export function addLogLake(app: App, config: StageConfig): LogLakeStacks {
  const names = lakeNames(config);
  const common = {
    config,
    names,
    env: config.env ? { account: config.env.account, region: config.env.region } : undefined,
    terminationProtection: config.stage === "prod",
  };
  const network = new NetworkStack(app, `${names.stem}-network`, {
    ...common,
    description: "Onboarding Log Lake: VPC, endpoints, flow logs",
  });
  const lake = new LakeStack(app, `${names.stem}-lake`, {
    ...common,
    description: "Onboarding Log Lake: lake bucket, KMS key, Glue catalog, Athena workgroup",
  });
  const ingestion = new IngestionStack(app, `${names.stem}-ingestion`, {
    ...common,
    description: "Onboarding Log Lake: CloudWatch Logs subscriptions, Firehose, transform Lambda",
    lakeKey: lake.lake.key,
    table: lake.catalog.table,
  });
  ingestion.addStackDependency(lake, "writes to the lake bucket by name");
  const warehouse = new WarehouseStack(app, `${names.stem}-warehouse`, {
    ...common,
    description: "Onboarding Log Lake: Redshift warehouse, COPY role, BI reader secret",
    vpc: network.network.vpc,
    lakeKey: lake.lake.key,
  });
  warehouse.addStackDependency(lake, "COPY reads the lake bucket by name");
  // COPY reads the loader's manifests as well as the curated objects they list.
  warehouse.warehouse.allowCopyFrom(LAKE_PREFIXES.manifests);
  const loading = new LoadingStack(app, `${names.stem}-loading`, {
    ...common,
    description: "Onboarding Log Lake: curated objects to SQS to the loader Lambda to Redshift",
    vpc: network.network.vpc,
    lakeKey: lake.lake.key,
    warehouse: warehouse.warehouse,
  });
  loading.addStackDependency(lake, "the rule and the manifests address the lake bucket by name");
  // Composed last: it watches what the other stacks deploy.
  const operations = new OperationsStack(app, `${names.stem}-operations`, {
    ...common,
    description: "Onboarding Log Lake: alarms and e-mail, DLQ archiver, reprocess Lambda, dashboard",
    lakeKey: lake.lake.key,
    transform: ingestion.ingestion.transform.function,
    loader: { function: loading.loader.function.function, deadLetterQueue: loading.loader.deadLetterQueue },
  });
  operations.addStackDependency(lake, "archives and reprocesses in the lake bucket by name");
  operations.addStackDependency(ingestion, "reprocess puts to the delivery stream by name");
  operations.addStackDependency(warehouse, "alarms on the warehouse by name");
  operations.addStackDependency(loading, "archives the load DLQ, watches the loader");
  // A tag change on a Serverless namespace replaces it, which fails on its fixed name: never tag it app-wide.
  const tagged = { excludeResourceTypes: ["AWS::RedshiftServerless::Namespace"] };
  Tags.of(app).add("project", "onboarding-log-lake", tagged);
  Tags.of(app).add("stage", config.stage, tagged);
  return { network, lake, ingestion, warehouse, loading, operations };
}

/**
 * Runs cdk-nag's AwsSolutions pack and the Control Tower proactive controls (bundled with the
 * cfn-guard validator, run offline) at synth: an unacknowledged finding fails synthesis.
 */
export function addPolicyValidations(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CfnGuardValidator());
}
