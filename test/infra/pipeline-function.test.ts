import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { beforeAll, describe, expect, it } from "vitest";
import { allowCloudWatchLogs, PipelineKey } from "../../infra/constructs/keys.js";
import { PipelineFunction } from "../../infra/constructs/pipeline-function.js";
import { cdkJsonContext, scanIam, unacknowledgedNagFindings } from "./support.js";

/** A VPC-attached PipelineFunction (the loader's shape), bundling skipped. */
let app: App;
let template: Template;

beforeAll(() => {
  app = new App({ context: { ...cdkJsonContext(), "aws:cdk:bundling-stacks": [] } });
  const stack = new Stack(app, "Fn");
  const vpc = new ec2.Vpc(stack, "Vpc", {
    natGateways: 0,
    subnetConfiguration: [{ name: "isolated", subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    flowLogs: {},
    restrictDefaultSecurityGroup: false,
  });
  const key = new PipelineKey(stack, "LogKey", { alias: "test-logs", description: "test log group key" }).key;
  allowCloudWatchLogs(key);
  new PipelineFunction(stack, "Loader", {
    entry: "handlers/transform.ts",
    description: "VPC function",
    serviceName: "loader",
    metricsNamespace: "Test",
    logLevel: "WARN",
    logRetention: RetentionDays.ONE_MONTH,
    logEncryptionKey: key,
    vpc,
  });
  app.synth();
  template = Template.fromStack(stack);
});

describe("PipelineFunction in a VPC", () => {
  it("runs in the isolated subnets with the shared runtime defaults", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      LoggingConfig: Match.objectLike({ LogFormat: "JSON", ApplicationLogLevel: "WARN" }),
      Environment: { Variables: Match.objectLike({ POWERTOOLS_LOG_LEVEL: "WARN" }) },
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
  });

  it("uses no AWS managed policies and only the ENI actions on Resource *", () => {
    for (const role of Object.values(template.findResources("AWS::IAM::Role"))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    expect(scanIam("Fn", template.toJSON())).toEqual([]);
  });

  it("passes cdk-nag with the ENI wildcard acknowledged", () => {
    const findings = unacknowledgedNagFindings(app).filter((f) => f.includes("/Loader/"));

    expect(findings).toEqual([]);
  });
});
