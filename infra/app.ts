/**
 * CDK app entry (`cdk.json`: `npx tsx infra/app.ts`). `-c stage=dev` picks the stage (default
 * sandbox); `loglake.<stage>` in cdk.json context overrides its defaults. Synth needs no AWS
 * credentials, no Docker and no context lookups.
 */
import { App } from "aws-cdk-lib";
import { configFromContext } from "./config/index.js";
import { addLogLake, addPolicyValidations } from "./loglake.js";

const app = new App();
const config = configFromContext((key) => app.node.tryGetContext(key));
addLogLake(app, config);
addPolicyValidations(app);
app.synth();
