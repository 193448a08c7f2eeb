/** NetworkStack: the VPC the warehouse (and VPC Lambdas) live in. Composes {@link Network} only. */
import { CfnOutput, Fn, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { StageConfig } from "../config/index.js";
import { Network } from "../constructs/network.js";

/** Props of {@link NetworkStack}. */
export interface NetworkStackProps extends StackProps {
  readonly config: StageConfig;
}

/** VPC with isolated subnets, endpoints and flow logs. */
export class NetworkStack extends Stack {
  readonly network: Network;
  private readonly azCount: number;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.azCount = config.network.maxAzs;
    this.network = new Network(this, "Network", {
      cidr: config.network.cidr,
      subnetMask: config.network.subnetMask,
      maxAzs: config.network.maxAzs,
      interfaceEndpoints: config.network.interfaceEndpoints,
      flowLogRetention: config.retention.logDays as RetentionDays,
      removalPolicy: config.removalPolicy === "retain" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    new CfnOutput(this, "VpcId", { value: this.network.vpc.vpcId, description: "VPC of the warehouse" });
  }

  /**
   * AZs as `Fn::GetAZs` selections, with or without an explicit env: no context lookup, so synth
   * works offline, and more than two AZs are possible (the default for env-agnostic stacks is 2).
   */
  override get availabilityZones(): string[] {
    return Array.from({ length: this.azCount ?? 2 }, (_, i) => Fn.select(i, Fn.getAzs()));
  }
}
