/**
 * PipelineFunction: the one way this app builds a Lambda. Latest Node.js runtime, ARM64, its own
 * log group with retention and a CMK, JSON logging, Powertools environment, an ESM bundle with source maps
 * built by the local esbuild (no Docker), and a role with no AWS managed policies.
 */
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { acknowledgeShortLogRetention, acknowledgeWildcards } from "./nag.js";

/** The repository root (entries and the lock file are resolved from here, whatever the cwd). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The newest Node.js runtime this aws-cdk-lib knows (cdk-nag L1 checks the same list). */
export const PIPELINE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Log levels Powertools and Lambda's advanced logging controls share. */
export type PipelineLogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** Props of {@link PipelineFunction}. */
export interface PipelineFunctionProps {
  /** Handler file relative to the repository root, e.g. `handlers/transform.ts`; exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** POWERTOOLS_SERVICE_NAME. */
  readonly serviceName: string;
  /** POWERTOOLS_METRICS_NAMESPACE. */
  readonly metricsNamespace: string;
  /** @default "INFO" */
  readonly logLevel?: PipelineLogLevel;
  /** Retention of the function's log group. */
  readonly logRetention: logs.RetentionDays;
  /**
   * CMK of the function's log group (its logs can carry request data). The key's policy must let
   * CloudWatch Logs use it: `allowCloudWatchLogs(key)` in keys.ts.
   */
  readonly logEncryptionKey: kms.IKey;
  /** Extra environment variables. @default {} */
  readonly environment?: Record<string, string>;
  /** @default Duration.minutes(1) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** Run inside this VPC (adds the ENI permissions Lambda needs). @default - not in a VPC */
  readonly vpc?: ec2.IVpc;
  /** @default - the VPC's isolated subnets */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** @default - a new security group */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /** @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /** Removal policy of the log group. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** A Lambda with the pipeline's shared defaults. */
export class PipelineFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const logLevel = props.logLevel ?? "INFO";
    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    acknowledgeShortLogRetention(this.logGroup, props.logRetention);
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);
    if (props.vpc) {
      // Lambda creates and removes its ENIs with the execution role; these EC2 calls take no resource ARNs.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
          ],
          resources: ["*"],
        }),
      );
      acknowledgeWildcards(this.role, "Lambda VPC networking: EC2 ENI actions do not support resource-level ARNs.", {
        resources: ["*"],
      });
    }

    this.function = new nodejs.NodejsFunction(this, "Function", {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      description: props.description,
      runtime: PIPELINE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.minutes(1),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? (props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }) : undefined,
      securityGroups: props.securityGroups,
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: logLevel,
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: "node24",
        mainFields: ["module", "main"],
        // ESM bundles have no `require`; CommonJS dependencies bundled into them still call it.
        banner:
          "import { createRequire as __loglakeCreateRequire } from 'node:module';const require = __loglakeCreateRequire(import.meta.url);",
        minify: true,
        keepNames: true,
        sourceMap: true,
        // Linked maps (sourceMappingURL comment) so NODE_OPTIONS=--enable-source-maps finds them.
        sourceMapMode: nodejs.SourceMapMode.DEFAULT,
        sourcesContent: false,
        externalModules: ["@aws-sdk/*"],
      },
    });
  }
}
