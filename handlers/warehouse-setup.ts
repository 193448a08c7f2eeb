/**
 * Lambda entry point of the warehouse setup: the onEvent handler of a CloudFormation custom resource under the
 * CDK Provider framework. Only what runs in AWS lives here: module-level clients, the cold-start config, the
 * logger's Lambda context. The handler itself is handlers/warehouse-setup/build.ts.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { CloudFormationCustomResourceEvent, Context } from "aws-lambda";
import { buildWarehouseSetupHandler, type SetupResponse, type WarehouseSetupHandler } from "./warehouse-setup/build.js";
import { loadWarehouseSetupConfig } from "./warehouse-setup/config.js";

const logger = new Logger();
const data = new RedshiftDataClient({ maxAttempts: 5 });
const secrets = new SecretsManagerClient({ maxAttempts: 5 });
let built: WarehouseSetupHandler | undefined;

/** The onEvent handler the Provider framework invokes for Create, Update and Delete. */
export const handler = async (event: CloudFormationCustomResourceEvent, context: Context): Promise<SetupResponse> => {
  logger.addContext(context);
  // A bad environment throws on every invocation with the variable's name: the deploy fails and says why.
  built ??= buildWarehouseSetupHandler({ data, secrets, config: loadWarehouseSetupConfig(process.env), log: logger });
  return built(event, context);
};
