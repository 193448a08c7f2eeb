/**
 * Network: a VPC with private isolated subnets only (no NAT, no internet gateway), an S3 gateway
 * endpoint (Redshift enhanced VPC routing sends COPY traffic through it), interface endpoints for
 * what the VPC's Lambdas call, and flow logs to CloudWatch Logs.
 */
import { Aws, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { allowCloudWatchLogs, PipelineKey } from "./keys.js";
import { acknowledgeShortLogRetention } from "./nag.js";

/** Interface endpoint names → AWS services. */
const ENDPOINT_SERVICES: Readonly<Record<string, ec2.InterfaceVpcEndpointAwsService>> = {
  secretsmanager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  "redshift-data": ec2.InterfaceVpcEndpointAwsService.REDSHIFT_DATA,
  sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
  sns: ec2.InterfaceVpcEndpointAwsService.SNS,
  kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  firehose: ec2.InterfaceVpcEndpointAwsService.KINESIS_FIREHOSE,
  sts: ec2.InterfaceVpcEndpointAwsService.STS,
};

/** What the VPC's users (Redshift COPY/UNLOAD, the loader's manifests) do on S3 through the gateway endpoint. */
export const S3_ENDPOINT_ACTIONS = [
  "s3:GetBucketLocation",
  "s3:ListBucket",
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
  "s3:ListBucketMultipartUploads",
];

/** Props of {@link Network}. */
export interface NetworkProps {
  /** VPC CIDR, e.g. 10.41.0.0/24. */
  readonly cidr: string;
  /** Mask of each isolated subnet (the seed used /26). @default 26 */
  readonly subnetMask?: number;
  /** Number of AZs (the stack supplies them without lookups). @default 2 */
  readonly maxAzs?: number;
  /** Interface endpoints to create (keys of the endpoint map). @default [] */
  readonly interfaceEndpoints?: readonly string[];
  readonly flowLogRetention: logs.RetentionDays;
  /** The only buckets reachable through the S3 gateway endpoint. */
  readonly s3BucketNames: readonly string[];
  /** KMS alias stem, e.g. `loglake-dev` (the flow-log key is `<stem>-network`). */
  readonly keyAlias: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** The pipeline's private network. */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /** Security group of the interface endpoints (HTTPS from the VPC). */
  readonly endpointSecurityGroup: ec2.SecurityGroup;
  readonly flowLogGroup: logs.LogGroup;
  /** CMK of the flow-log group (flow logs name every peer the warehouse talked to). */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.key = new PipelineKey(this, "Key", {
      alias: `${props.keyAlias}-network`,
      description: "Onboarding Log Lake: VPC flow logs",
      removalPolicy,
    }).key;
    allowCloudWatchLogs(this.key);
    this.flowLogGroup = new logs.LogGroup(this, "FlowLogs", {
      retention: props.flowLogRetention,
      encryptionKey: this.key,
      removalPolicy,
    });
    acknowledgeShortLogRetention(this.flowLogGroup, props.flowLogRetention);
    const stack = Stack.of(this);
    // The confused-deputy guard the flow-logs docs recommend: only this account's flow logs assume it.
    const flowLogRole = new iam.Role(this, "FlowLogRole", {
      description: "VPC flow logs deliver to their CloudWatch Logs group",
      assumedBy: new iam.ServicePrincipal("vpc-flow-logs.amazonaws.com", {
        conditions: {
          StringEquals: { "aws:SourceAccount": stack.account },
          ArnLike: {
            "aws:SourceArn": stack.formatArn({ service: "ec2", resource: "vpc-flow-log", resourceName: "*" }),
          },
        },
      }),
    });
    this.vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs: props.maxAzs ?? 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: "isolated", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: props.subnetMask ?? 26 },
      ],
      // The restriction is a custom-resource Lambda; nothing is ever placed in the default SG here.
      restrictDefaultSecurityGroup: false,
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      flowLogs: {
        All: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup, flowLogRole),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
    this.limitS3Endpoint(props.s3BucketNames);
    this.endpointSecurityGroup = new ec2.SecurityGroup(this, "EndpointSecurityGroup", {
      vpc: this.vpc,
      description: "HTTPS from inside the VPC to the interface endpoints",
      allowAllOutbound: false,
    });
    // The literal CIDR (not the VPC token) keeps the rule statically checkable (cdk-nag EC23).
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(props.cidr), ec2.Port.tcp(443), "HTTPS from the VPC");
    for (const name of props.interfaceEndpoints ?? []) {
      const service = ENDPOINT_SERVICES[name];
      if (!service) throw new Error(`Network: unknown interface endpoint "${name}"`);
      this.vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        privateDnsEnabled: true,
        open: false,
        securityGroups: [this.endpointSecurityGroup],
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      });
    }
  }

  /**
   * Replaces the S3 gateway endpoint's default full-access policy: from inside the VPC only the
   * pipeline's buckets are reachable (no exfiltration to another bucket through the endpoint).
   */
  private limitS3Endpoint(bucketNames: readonly string[]): void {
    const endpoint = this.vpc.node.findChild("S3") as ec2.GatewayVpcEndpoint;
    const buckets = bucketNames.map((name) => `arn:${Aws.PARTITION}:s3:::${name}`);
    endpoint.addToPolicy(
      new iam.PolicyStatement({
        sid: "PipelineBucketsOnly",
        principals: [new iam.AnyPrincipal()],
        actions: S3_ENDPOINT_ACTIONS,
        resources: [...buckets, ...buckets.map((arn) => `${arn}/*`)],
      }),
    );
  }
}
