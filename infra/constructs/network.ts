/**
 * Network: a VPC with private isolated subnets only (no NAT, no internet gateway), an S3 gateway
 * endpoint (Redshift enhanced VPC routing sends COPY traffic through it), interface endpoints for
 * what the VPC's Lambdas call, and flow logs to CloudWatch Logs.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
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
          destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
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
}
