/**
 * Warehouse (LakeToRedshift): Redshift provisioned or Serverless in the isolated subnets, its CMK,
 * the COPY role that reads only the lake's curated zone, the BI reader secret Power BI uses and (provisioned)
 * the loader user's secret. The users themselves are created by the warehouse setup (warehouse-setup.ts).
 */
import { type CfnResource, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import { allowCloudWatchLogs, PipelineKey } from "./keys.js";
import { acknowledge, acknowledgeWildcards } from "./nag.js";
import {
  type ComputeEndpoint,
  type DataApiEndpoint,
  provisionedCluster,
  serverlessWorkgroup,
} from "./warehouse-compute.js";

/** Kind-specific settings (mirrors config `warehouse.compute`). */
export type WarehouseCompute =
  | {
      readonly kind: "provisioned";
      readonly nodeType: string;
      readonly numberOfNodes: number;
      readonly snapshotRetentionDays: number;
      readonly maintenanceWindow: string;
    }
  | { readonly kind: "serverless"; readonly baseRpu: number };

/** Props of {@link Warehouse}. */
export interface WarehouseProps {
  /** Cluster identifier / namespace / workgroup name. */
  readonly name: string;
  readonly compute: WarehouseCompute;
  readonly vpc: ec2.IVpc;
  readonly lakeBucket: s3.IBucket;
  /** The lake CMK (COPY decrypts curated objects with it). */
  readonly lakeKey: kms.IKey;
  readonly databaseName: string;
  readonly adminUsername: string;
  readonly readerUsername: string;
  /** Provisioned only: the loader's database user (its secret is {@link Warehouse.loaderSecret}). */
  readonly loaderUsername: string;
  readonly port: number;
  /** Literal CIDRs allowed to connect: the VPC's own plus VPN / Power BI gateway networks. */
  readonly clientCidrs: readonly string[];
  /** Where the warehouse may connect on 443: the S3 prefix list, or any address in isolated subnets. */
  readonly egressPeer: ec2.IPeer;
  readonly keyAlias: string;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN (clusters: SNAPSHOT) */
  readonly removalPolicy?: RemovalPolicy;
}

/** The Redshift warehouse and its access (COPY role, reader secret). */
export class Warehouse extends Construct {
  readonly key: kms.Key;
  readonly securityGroup: ec2.SecurityGroup;
  /** Role Redshift assumes for COPY; reads the curated zone only (see `allowCopyFrom`). */
  readonly copyRole: iam.Role;
  /** Power BI's login: username, password, host, port, dbname. */
  readonly readerSecret: secretsmanager.Secret;
  /**
   * Provisioned only: the loader's login (the Data API's SecretArn sign-in); Serverless loaders sign in
   * with their role instead (`IAMR:<role name>`).
   */
  readonly loaderSecret?: secretsmanager.Secret;
  readonly endpointAddress: string;
  readonly endpointPort: string;
  readonly adminSecretArn: string;
  readonly databaseName: string;
  /** Where the Data API runs statements (the loader, the setup). */
  readonly dataApi: DataApiEndpoint;
  /** The cluster or Serverless workgroup (statements can run once it is available). */
  readonly compute: CfnResource;
  private readonly lakeBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: WarehouseProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.databaseName = props.databaseName;
    this.lakeBucket = props.lakeBucket;
    this.key = new PipelineKey(this, "Key", {
      alias: `${props.keyAlias}-warehouse`,
      description: "Onboarding Log Lake: Redshift storage and warehouse secrets",
      removalPolicy,
    }).key;
    // The audit log groups (connections, users, every query's text) are encrypted with it.
    allowCloudWatchLogs(this.key);

    this.securityGroup = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc: props.vpc,
      description: `${props.name}: SQL clients inside the VPC and allowed networks`,
      allowAllOutbound: false,
    });
    // Redshift itself only calls out over HTTPS: COPY/UNLOAD to S3 (enhanced VPC routing) and AWS APIs.
    this.securityGroup.addEgressRule(props.egressPeer, ec2.Port.tcp(443), "HTTPS to S3 and the VPC endpoints");
    const port = ec2.Port.tcp(props.port);
    for (const cidr of props.clientCidrs)
      this.securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), port, `SQL from ${cidr}`);

    const principals: iam.IPrincipal[] = [new iam.ServicePrincipal("redshift.amazonaws.com")];
    if (props.compute.kind === "serverless")
      principals.push(new iam.ServicePrincipal("redshift-serverless.amazonaws.com"));
    this.copyRole = new iam.Role(this, "CopyRole", {
      assumedBy: new iam.CompositePrincipal(...principals),
      description: "Redshift COPY from the lake's curated zone",
    });
    this.allowCopyFrom(LAKE_PREFIXES.curated);
    props.lakeKey.grantDecrypt(this.copyRole);

    const common = {
      name: props.name,
      vpc: props.vpc,
      subnets: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnets,
      securityGroup: this.securityGroup,
      key: this.key,
      copyRole: this.copyRole,
      databaseName: props.databaseName,
      adminUsername: props.adminUsername,
      port: props.port,
      logRetention: props.logRetention,
      removalPolicy,
    };
    const endpoint: ComputeEndpoint =
      props.compute.kind === "provisioned"
        ? provisionedCluster(this, { ...common, ...props.compute })
        : serverlessWorkgroup(this, { ...common, ...props.compute });
    this.endpointAddress = endpoint.endpointAddress;
    this.endpointPort = endpoint.endpointPort;
    this.adminSecretArn = endpoint.adminSecretArn;
    this.dataApi = endpoint.dataApi;
    this.compute = endpoint.resource;

    const userSecret = (id: string, description: string, username: string) => {
      const secret = new secretsmanager.Secret(this, id, {
        description: `${props.name}: ${description}`,
        encryptionKey: this.key,
        generateSecretString: {
          secretStringTemplate: Stack.of(this).toJsonString({
            engine: "redshift",
            username,
            host: endpoint.endpointAddress,
            port: props.port,
            dbname: props.databaseName,
          }),
          generateStringKey: "password",
          passwordLength: 32,
          // Characters Redshift refuses in a password or that would need quoting in CREATE USER.
          excludeCharacters: "\"'\\/@ ",
          requireEachIncludedType: true,
        },
        removalPolicy,
      });
      acknowledge(
        secret,
        "The user is created by the warehouse setup (custom resource), not by CloudFormation; rotation (Redshift single-user rotation in the VPC) is enabled once that user exists.",
        "AwsSolutions-SMG4",
      );
      return secret;
    };
    this.readerSecret = userSecret("ReaderSecret", "read-only BI login (Power BI)", props.readerUsername);
    if (props.compute.kind === "provisioned")
      this.loaderSecret = userSecret("LoaderSecret", "loader login (Data API)", props.loaderUsername);
  }

  /** Lets COPY read one more lake prefix (e.g. the loader's manifests under analytics/manifests/). */
  allowCopyFrom(prefix: string): void {
    const objects = this.lakeBucket.arnForObjects(`${prefix}*`);
    this.copyRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [objects] }));
    this.copyRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["s3:ListBucket"],
        resources: [this.lakeBucket.bucketArn],
        conditions: { StringLike: { "s3:prefix": [`${prefix}*`] } },
      }),
    );
    acknowledgeWildcards(
      this.copyRole,
      `COPY reads every object under ${prefix} (keys are generated per partition and batch).`,
      {
        resources: [objects],
      },
    );
  }
}
