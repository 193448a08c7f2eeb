/** NetworkStack: the VPC the warehouse (and VPC Lambdas) live in. Composes {@link Network} only. */
import { CfnOutput, Fn, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { logRetentionOf, removalPolicyOf } from "../config/cdk.js";
import type { StageConfig } from "../config/index.js";
import type { LakeNames } from "../config/names.js";
import { Network } from "../constructs/network.js";

/** Props of {@link NetworkStack}. */
export interface NetworkStackProps extends StackProps {
  readonly config: StageConfig;
  readonly names: LakeNames;
}

/** VPC with isolated subnets, endpoints and flow logs. */
export class NetworkStack extends Stack {
  readonly network: Network;
  private readonly azCount: number;
  private readonly azNames?: readonly string[];

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config, names } = props;
    this.azCount = config.network.maxAzs;
    this.azNames = config.network.availabilityZones;
    this.network = new Network(this, "Network", {
      cidr: config.network.cidr,
      subnetMask: config.network.subnetMask,
      maxAzs: config.network.maxAzs,
      interfaceEndpoints: config.network.interfaceEndpoints,
      flowLogRetention: logRetentionOf(config),
      keyAlias: names.stem,
      s3BucketNames: [names.lakeBucket],
      removalPolicy: removalPolicyOf(config),
    });
    new CfnOutput(this, "VpcId", { value: this.network.vpc.vpcId, description: "VPC of the warehouse" });
  }

  /**
   * `network.availabilityZones` when set, else `Fn::GetAZs` selections, with or without an explicit env:
   * no context lookup, so synth works offline, and more than two AZs are possible (the default for
   * env-agnostic stacks is 2).
   */
  override get availabilityZones(): string[] {
    if (this.azNames) return [...this.azNames];
    return Array.from({ length: this.azCount ?? 2 }, (_, i) => Fn.select(i, Fn.getAzs()));
  }
}
