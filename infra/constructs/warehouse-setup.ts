/**
 * WarehouseSetup: the warehouse's schemas, tables, schema evolution, views, users and grants, kept in step
 * with the column catalog by CloudFormation. A custom resource (Provider framework) whose onEvent handler is
 * the setup Lambda (handlers/warehouse-setup.ts) in the VPC's isolated subnets: it runs the setup through the
 * Data API (and reads the user secrets) over the VPC interface endpoints, signed in with the admin secret.
 * The resource's `Fingerprint` is a hash of the setup's plan for an empty warehouse (core/load/setup-plan.ts),
 * so a catalog, view or grant change makes CloudFormation send an Update on the next deploy.
 */
import { createHash } from "node:crypto";
import { CustomResource, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct, type IDependable } from "constructs";
import { DEFAULT_WAREHOUSE_NAMES } from "../../core/load/names.js";
import { EMPTY_WAREHOUSE } from "../../core/load/setup-catalog.js";
import { type SetupStep, warehouseSetupPlan } from "../../core/load/setup-plan.js";
import { grantDataApiStatements, grantSecretValues } from "./data-api-access.js";
import { acknowledgeControls, acknowledgeShortLogRetention, acknowledgeWildcards } from "./nag.js";
import { PipelineFunction, type PipelineLogLevel } from "./pipeline-function.js";
import type { DataApiEndpoint } from "./warehouse-compute.js";

/** How the loader signs in, hence which user the setup creates (or only grants to). */
export type SetupLoader =
  /** Provisioned: a database user created from this secret (username and password). */
  | { readonly kind: "secret"; readonly secretArn: string; readonly username: string }
  /** Serverless: the Data API maps the loader's role to `IAMR:<role name>`; the setup grants to it. */
  | { readonly kind: "iam"; readonly dbUser: string };

/** Props of {@link WarehouseSetup}. */
export interface WarehouseSetupProps {
  readonly dataApi: DataApiEndpoint;
  readonly databaseName: string;
  /** The admin credentials the setup signs in with (owner of every object it creates); complete ARN. */
  readonly adminSecretArn: string;
  /** Power BI's login: the setup creates this user from the secret's username and password. */
  readonly readerSecretArn: string;
  readonly readerUsername: string;
  readonly loader: SetupLoader;
  /** The key that encrypts the three secrets (decrypted through Secrets Manager only) and the logs. */
  readonly key: kms.IKey;
  readonly vpc: ec2.IVpc;
  /** Literal VPC CIDR (egress rule; a token would defeat static checks). */
  readonly vpcCidr: string;
  /** What must exist before the setup runs: the cluster or workgroup, the user secrets. */
  readonly dependsOn: readonly IDependable[];
  readonly metricsNamespace: string;
  /** @default "INFO" */
  readonly logLevel?: PipelineLogLevel;
  readonly logRetention: logs.RetentionDays;
  /** Of the log groups. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * sha256 (hex) of the statements, in order: what tells CloudFormation that the setup has something new to
 * do. Statements are joined with a separator no SQL statement here contains.
 */
export function setupFingerprint(statements: readonly string[]): string {
  return createHash("sha256").update(statements.join("\n;\n")).digest("hex");
}

/**
 * What the fingerprint covers: the setup's plan for an empty warehouse (the handler's own planner), a step
 * that carries a password by its name only (the password is not known at synth, and never in a template).
 */
export function fingerprintedStatements(steps: readonly SetupStep[]): string[] {
  return steps.map((step) => (step.sensitive ? step.name : step.sql));
}

/** The setup function, its Provider and the custom resource. */
export class WarehouseSetup extends Construct {
  readonly function: PipelineFunction;
  readonly provider: cr.Provider;
  readonly resource: CustomResource;
  /** See {@link setupFingerprint}. */
  readonly fingerprint: string;

  constructor(scope: Construct, id: string, props: WarehouseSetupProps) {
    super(scope, id);
    // The names are fixed by the design (logs, log_events, load_ledger, bi): the setup Lambda plans with the same
    // constant, so the fingerprint can only cover what the Lambda will do.
    const names = DEFAULT_WAREHOUSE_NAMES;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const loaderUser = props.loader.kind === "secret" ? props.loader.username : props.loader.dbUser;
    const plan = warehouseSetupPlan(EMPTY_WAREHOUSE, {
      names,
      users: {
        // Passwords come from the secrets at run time; their steps are fingerprinted by name.
        reader: { name: props.readerUsername, password: "" },
        loader:
          props.loader.kind === "secret"
            ? { name: loaderUser, password: "" }
            : { name: loaderUser, passwordDisabled: true },
      },
    });
    this.fingerprint = setupFingerprint(fingerprintedStatements(plan));

    const securityGroup = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc: props.vpc,
      description: "Warehouse setup: HTTPS to the VPC interface endpoints only",
      allowAllOutbound: false,
    });
    // The Data API and Secrets Manager interface endpoints live in the VPC CIDR; the setup needs nothing else.
    securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(443), "VPC interface endpoints");

    const w = props.dataApi;
    this.function = new PipelineFunction(this, "Setup", {
      entry: "handlers/warehouse-setup.ts",
      description: "Onboarding Log Lake: warehouse setup (users, schemas, tables, evolution, views, grants)",
      serviceName: "warehouse-setup",
      metricsNamespace: props.metricsNamespace,
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      logEncryptionKey: props.key,
      logRemovalPolicy: removalPolicy,
      // The framework Lambda waits for it synchronously and has 15 minutes itself: a minute less leaves it
      // the time to report a timeout to CloudFormation instead of leaving the stack waiting for an hour.
      timeout: Duration.minutes(14),
      memorySize: 256,
      vpc: props.vpc,
      securityGroups: [securityGroup],
      environment: {
        WAREHOUSE_DATABASE: props.databaseName,
        ...(w.kind === "serverless"
          ? { WAREHOUSE_WORKGROUP: w.workgroupName }
          : { WAREHOUSE_CLUSTER_ID: w.clusterIdentifier }),
        ADMIN_SECRET_ARN: props.adminSecretArn,
        READER_SECRET_ARN: props.readerSecretArn,
        ...(props.loader.kind === "secret"
          ? { LOADER_SECRET_ARN: props.loader.secretArn }
          : { LOADER_DB_USER: props.loader.dbUser }),
      },
    });
    acknowledgeControls(
      this.function.function,
      "The warehouse setup runs in the VPC's isolated subnets with its own security group (see VpcConfig); the subnet ids are imports from the network stack, which the offline rule cannot resolve.",
      "lambda_inside_vpc_check",
    );
    const role = this.function.role;
    // ExecuteStatement only (one statement per step); SecretArn sign-in needs no GetClusterCredentials or
    // redshift-serverless:GetCredentials ("Authorizing access to the Amazon Redshift Data API").
    grantDataApiStatements(role, w, ["redshift-data:ExecuteStatement"]);
    grantSecretValues(
      role,
      [
        props.adminSecretArn,
        props.readerSecretArn,
        ...(props.loader.kind === "secret" ? [props.loader.secretArn] : []),
      ],
      props.key,
    );

    this.provider = this.frameworkProvider(props, removalPolicy);
    this.resource = new CustomResource(this, "Resource", {
      serviceToken: this.provider.serviceToken,
      resourceType: "Custom::WarehouseSetup",
      properties: {
        Fingerprint: this.fingerprint,
        // The bundle's asset key: a fix in the planner (how live state is compared) re-runs the setup on the
        // next deploy even when the statements for an empty warehouse stay the same.
        SetupCode: (
          (this.function.function.node.defaultChild as lambda.CfnFunction).code as lambda.CfnFunction.CodeProperty
        ).s3Key,
        ReaderUser: props.readerUsername,
        LoaderUser: loaderUser,
      },
    });
    this.resource.node.addDependency(...props.dependsOn);
  }

  /**
   * The Provider framework's Lambda, outside the VPC: it answers CloudFormation on a pre-signed S3 URL, which
   * the isolated subnets cannot reach (their S3 gateway endpoint allows the lake bucket only). Its own role
   * (no AWS managed policy) may write its log group and invoke the setup function, nothing else.
   */
  private frameworkProvider(props: WarehouseSetupProps, removalPolicy: RemovalPolicy): cr.Provider {
    const logGroup = new logs.LogGroup(this, "ProviderLogs", {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy,
    });
    acknowledgeShortLogRetention(logGroup, props.logRetention);
    const role = new iam.Role(this, "ProviderRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "Warehouse setup custom resource: Provider framework (execution role)",
    });
    logGroup.grantWrite(role);
    const provider = new cr.Provider(this, "Provider", {
      onEventHandler: this.function.function,
      frameworkOnEventRole: role,
      logGroup,
    });
    acknowledgeWildcards(
      role,
      "lambda:InvokeFunction on the setup function's versions and aliases (the Provider framework's grantInvoke).",
      { resources: [`${this.function.function.functionArn}:*`] },
    );
    acknowledgeControls(
      provider,
      "The Provider framework's Lambda answers CloudFormation on a pre-signed S3 URL: the isolated subnets cannot reach it (no NAT; the S3 gateway endpoint allows the lake bucket only). It holds no data and may only invoke the setup function, which runs in the VPC.",
      "lambda_inside_vpc_check",
    );
    return provider;
  }
}
