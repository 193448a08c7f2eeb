import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actionsOf,
  type BothKinds,
  policyStatements,
  type SynthResult,
  synthBothKinds,
  synthStage,
} from "./support.js";

let kinds: BothKinds;
let serverless: SynthResult;
let warehouse: Template;
let network: Template;

beforeAll(() => {
  kinds = synthBothKinds({ warehouse: { allowedCidrs: ["192.168.10.0/24"] } });
  serverless = kinds.serverless;
  warehouse = kinds.provisioned.templates.warehouse;
  network = kinds.provisioned.templates.network;
});
afterAll(() => kinds?.dispose());

describe("Warehouse: provisioned cluster", () => {
  it("is CMK-encrypted, private, enhanced-VPC-routed and audit-logged", () => {
    warehouse.hasResourceProperties("AWS::Redshift::Cluster", {
      ClusterType: "multi-node",
      NumberOfNodes: 2,
      Encrypted: true,
      KmsKeyId: Match.anyValue(),
      PubliclyAccessible: false,
      EnhancedVpcRouting: true,
      ManageMasterPassword: true,
      MasterUsername: "loglake_admin",
      Port: 5440,
      AutomatedSnapshotRetentionPeriod: 1,
      AllowVersionUpgrade: true,
      LoggingProperties: {
        LogDestinationType: "cloudwatch",
        LogExports: ["connectionlog", "userlog", "useractivitylog"],
      },
      ClusterSubnetGroupName: Match.anyValue(),
    });
  });

  it("requires SSL and logs user activity through its parameter group", () => {
    warehouse.hasResourceProperties("AWS::Redshift::ClusterParameterGroup", {
      Parameters: Match.arrayWith([
        { ParameterName: "require_ssl", ParameterValue: "true" },
        { ParameterName: "enable_user_activity_logging", ParameterValue: "true" },
      ]),
    });
  });

  it("gives the audit log groups a retention", () => {
    warehouse.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/aws/redshift/cluster/loglake-dev-warehouse/useractivitylog",
      RetentionInDays: 14,
    });
  });

  it("admits SQL only from the VPC and the configured networks", () => {
    const [sg] = Object.values(warehouse.findResources("AWS::EC2::SecurityGroup"));
    const ingress = (sg?.Properties.SecurityGroupIngress ?? []) as Array<{ CidrIp: string; FromPort: number }>;
    const cidrs = ingress.map((r) => [r.CidrIp, r.FromPort]);

    expect(cidrs).toEqual([
      ["10.41.0.0/24", 5440],
      ["192.168.10.0/24", 5440],
    ]);
  });

  it("may only call out over HTTPS", () => {
    const [sg] = Object.values(warehouse.findResources("AWS::EC2::SecurityGroup"));

    expect(sg?.Properties.SecurityGroupEgress).toEqual([
      {
        CidrIp: "0.0.0.0/0",
        Description: "HTTPS to S3 and the VPC endpoints",
        FromPort: 443,
        IpProtocol: "tcp",
        ToPort: 443,
      },
    ]);
  });

  it("creates the audit log groups before the cluster", () => {
    const [cluster] = Object.values(warehouse.findResources("AWS::Redshift::Cluster"));
    const groups = Object.keys(
      warehouse.findResources("AWS::Logs::LogGroup", {
        Properties: { LogGroupName: Match.stringLikeRegexp("^/aws/redshift/") },
      }),
    );

    expect(groups).toHaveLength(3);
    expect(cluster?.DependsOn).toEqual(expect.arrayContaining(groups));
  });

  it("lets the COPY role read the curated zone and the loader's manifests only", () => {
    const statements = policyStatements(warehouse);
    const reads = statements.filter((s) => s.Action === "s3:GetObject");
    const lists = statements.filter((s) => s.Action === "s3:ListBucket");

    const objects = reads
      .flatMap((r) => [r.Resource].flat())
      .map((r) => JSON.stringify(r).match(/\/([a-z/_]+\/\*)"/)?.[1]);
    expect(objects.sort()).toEqual(["analytics/manifests/*", "curated/*"]);
    expect(lists.map((l) => l.Condition)).toEqual([
      { StringLike: { "s3:prefix": ["curated/*"] } },
      { StringLike: { "s3:prefix": ["analytics/manifests/*"] } },
    ]);
    expect(
      statements.flatMap(actionsOf).filter((a) => a.startsWith("s3:") && a !== "s3:GetObject" && a !== "s3:ListBucket"),
    ).toEqual([]);
  });

  it("keeps the BI reader's credentials in a CMK-encrypted secret with host, port and database", () => {
    warehouse.hasResourceProperties("AWS::SecretsManager::Secret", {
      KmsKeyId: Match.anyValue(),
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: "password",
        SecretStringTemplate: {
          "Fn::Join": ["", Match.arrayWith([Match.stringLikeRegexp('"username":"bi_reader"')])],
        },
      }),
    });
  });

  it("outputs what Power BI and the loader need", () => {
    for (const id of [
      "WarehouseEndpoint",
      "WarehousePort",
      "WarehouseDatabase",
      "WarehouseAdminSecretArn",
      "WarehouseReaderSecretArn",
      "WarehouseCopyRoleArn",
    ]) {
      warehouse.hasOutput(id, Match.anyValue());
    }
  });
});

describe("Warehouse: serverless", () => {
  it("creates a private, enhanced-VPC-routed workgroup that requires SSL", () => {
    const t = serverless.templates.warehouse;

    t.resourceCountIs("AWS::Redshift::Cluster", 0);
    t.hasResourceProperties("AWS::RedshiftServerless::Workgroup", {
      BaseCapacity: 8,
      EnhancedVpcRouting: true,
      PubliclyAccessible: false,
      ConfigParameters: Match.arrayWith([{ ParameterKey: "require_ssl", ParameterValue: "true" }]),
    });
    const [workgroup] = Object.values(t.findResources("AWS::RedshiftServerless::Workgroup"));
    expect(workgroup?.Properties.SubnetIds).toHaveLength(3);
    t.hasResourceProperties("AWS::RedshiftServerless::Namespace", {
      KmsKeyId: Match.anyValue(),
      LogExports: ["connectionlog", "userlog", "useractivitylog"],
    });
  });
});

describe("Warehouse: serverless namespace and deploy order", () => {
  it("keeps app-wide tags off the namespace (a tag change would replace it) but tags the workgroup", () => {
    const t = serverless.templates.warehouse;
    const [namespace] = Object.values(t.findResources("AWS::RedshiftServerless::Namespace"));
    const [workgroup] = Object.values(t.findResources("AWS::RedshiftServerless::Workgroup"));

    expect(namespace?.Properties.Tags).toBeUndefined();
    expect(workgroup?.Properties.Tags).toEqual([
      { Key: "project", Value: "onboarding-log-lake" },
      { Key: "stage", Value: "test" },
    ]);
  });

  it("creates the Serverless audit log groups before the namespace", () => {
    const t = serverless.templates.warehouse;
    const [namespace] = Object.values(t.findResources("AWS::RedshiftServerless::Namespace"));
    const groups = Object.entries(
      t.findResources("AWS::Logs::LogGroup", {
        Properties: { LogGroupName: Match.stringLikeRegexp("^/aws/redshift/") },
      }),
    );

    expect(groups.map(([, g]) => g.Properties.LogGroupName).sort()).toEqual([
      "/aws/redshift/loglake-test-warehouse/connectionlog",
      "/aws/redshift/loglake-test-warehouse/useractivitylog",
      "/aws/redshift/loglake-test-warehouse/userlog",
    ]);
    expect(namespace?.DependsOn).toEqual(expect.arrayContaining(groups.map(([id]) => id)));
  });
});

describe("Network", () => {
  it("has only isolated /26 subnets in two AZs", () => {
    const subnets = Object.values(network.findResources("AWS::EC2::Subnet"));

    expect(subnets).toHaveLength(2);
    for (const subnet of subnets) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
      expect(subnet.Properties.CidrBlock).toMatch(/\/26$/);
    }
    network.resourceCountIs("AWS::EC2::InternetGateway", 0);
    network.resourceCountIs("AWS::EC2::NatGateway", 0);
  });

  it("has an S3 gateway endpoint and the interface endpoints the VPC Lambdas call", () => {
    network.hasResourceProperties("AWS::EC2::VPCEndpoint", {
      VpcEndpointType: "Gateway",
      ServiceName: Match.objectLike({ "Fn::Join": ["", Match.arrayWith([".s3"])] }),
    });
    const interfaces = Object.values(
      network.findResources("AWS::EC2::VPCEndpoint", { Properties: { VpcEndpointType: "Interface" } }),
    );
    const services = interfaces.map((e) => JSON.stringify(e.Properties.ServiceName).match(/\.([a-z-]+)"\]/)?.[1]);

    expect(services.sort()).toEqual(["redshift-data", "secretsmanager", "sns", "sqs"]);
  });

  it("records flow logs for all traffic through a role only this account's flow logs can assume", () => {
    network.hasResourceProperties("AWS::EC2::FlowLog", { TrafficType: "ALL", ResourceType: "VPC" });
    network.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Condition: {
              StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
              ArnLike: {
                "aws:SourceArn": {
                  "Fn::Join": [
                    "",
                    [
                      "arn:",
                      { Ref: "AWS::Partition" },
                      ":ec2:",
                      { Ref: "AWS::Region" },
                      ":",
                      { Ref: "AWS::AccountId" },
                      ":vpc-flow-log/*",
                    ],
                  ],
                },
              },
            },
          },
        ],
      },
    });
  });

  it("lets the S3 gateway endpoint reach the lake bucket only", () => {
    const [gateway] = Object.values(
      network.findResources("AWS::EC2::VPCEndpoint", { Properties: { VpcEndpointType: "Gateway" } }),
    );
    const lake = (suffix?: string) => ({
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":s3:::loglake-dev-lake-",
          { Ref: "AWS::AccountId" },
          "-",
          { Ref: "AWS::Region" },
          ...(suffix ? [suffix] : []),
        ],
      ],
    });

    expect(gateway?.Properties.PolicyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PipelineBucketsOnly",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: [
            "s3:AbortMultipartUpload",
            "s3:DeleteObject",
            "s3:GetBucketLocation",
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:ListBucket",
            "s3:ListBucketMultipartUploads",
            "s3:ListMultipartUploadParts",
            "s3:PutObject",
          ],
          Resource: [lake("/*"), lake()],
        },
      ],
    });
  });

  it("places the subnets in the configured AZs", () => {
    const azs = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
    const pinned = synthStage("prod", { bundle: false, overrides: { network: { availabilityZones: azs } } });
    try {
      const subnets = Object.values(pinned.templates.network.findResources("AWS::EC2::Subnet"));

      expect(subnets.map((sn) => sn.Properties.AvailabilityZone)).toEqual(azs);
    } finally {
      pinned.dispose();
    }
  });

  it("spreads over three AZs when configured, without context lookups", () => {
    const prodSubnets = serverless.templates.network.findResources("AWS::EC2::Subnet");

    expect(Object.keys(prodSubnets)).toHaveLength(3);
  });
});
