/** The operations stack: alarm topic and e-mails, every alarm and its threshold, the DLQ archiver, the reprocess Lambda, the dashboard. */
import { App, Duration, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSUMPTIONS } from "../../core/cost/model.js";
import { loadConfig } from "../../infra/config/index.js";
import { lakeNames } from "../../infra/config/names.js";
import { OperationsStack } from "../../infra/stacks/operations-stack.js";
import { cdkJsonContext, type SynthResult, synthStage } from "./support.js";

let dev: SynthResult;
let template: Template;

beforeAll(() => {
  dev = synthStage("dev", {
    bundle: false,
    overrides: { alarmEmails: ["onboarding-ops@example.com", "oncall@example.com"] },
  });
  template = dev.templates.operations;
});
afterAll(() => dev.dispose());

type Resource = { Properties: Record<string, unknown> };
const alarms = (t: Template) => Object.values(t.findResources("AWS::CloudWatch::Alarm")) as Resource[];
const alarmNamed = (t: Template, name: string) => alarms(t).find((a) => a.Properties.AlarmName === name)?.Properties;

describe("alarm topic", () => {
  it("is encrypted with its own rotating CMK and subscribes the stage's alarm e-mails", () => {
    template.hasResourceProperties("AWS::SNS::Topic", {
      TopicName: "loglake-dev-alarms",
      KmsMasterKeyId: Match.anyValue(),
    });
    const subscriptions = Object.values(template.findResources("AWS::SNS::Subscription")) as Resource[];
    expect(subscriptions.map((s) => [s.Properties.Protocol, s.Properties.Endpoint])).toEqual([
      ["email", "onboarding-ops@example.com"],
      ["email", "oncall@example.com"],
    ]);
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("lets CloudWatch use the key, and refuses publishing without TLS", () => {
    template.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: "CloudWatchAlarmsPublishToTheEncryptedTopic",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          }),
        ]),
      }),
    });
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      }),
    });
  });
});

describe("alarms", () => {
  it("creates every alarm of the issue, named after the stage", () => {
    expect(alarms(template).map((a) => a.Properties.AlarmName)).toEqual([
      "loglake-dev-firehose-freshness",
      "loglake-dev-firehose-delivery",
      "loglake-dev-firehose-processing",
      "loglake-dev-transform-failed-records",
      "loglake-dev-transform-reingest-failures",
      "loglake-dev-error-objects",
      "loglake-dev-transform-errors",
      "loglake-dev-transform-throttles",
      "loglake-dev-transform-duration",
      "loglake-dev-dlq-archiver-errors",
      "loglake-dev-dlq-archiver-throttles",
      "loglake-dev-dlq-archiver-duration",
      "loglake-dev-reprocess-errors",
      "loglake-dev-reprocess-throttles",
      "loglake-dev-reprocess-duration",
      "loglake-dev-loader-errors",
      "loglake-dev-loader-throttles",
      "loglake-dev-loader-duration",
      "loglake-dev-reprocess-dlq-not-empty",
      "loglake-dev-load-dlq-not-empty",
      "loglake-dev-archiver-not-archived",
      "loglake-dev-archiver-summary-failed",
      "loglake-dev-load-lag",
      "loglake-dev-loader-batches-failed",
      "loglake-dev-redshift-health",
      "loglake-dev-redshift-disk",
      "loglake-dev-redshift-cpu",
    ]);
  });

  it("creates as many alarms as the cost model prices (loglake cost)", () => {
    expect(alarms(template)).toHaveLength(ASSUMPTIONS.alarms);
  });

  it("sends ALARM and OK of every alarm to the topic, and treats missing data as fine", () => {
    const topic = { Ref: Object.keys(template.findResources("AWS::SNS::Topic"))[0] };
    for (const alarm of alarms(template)) {
      expect(alarm.Properties.AlarmActions).toEqual([topic]);
      expect(alarm.Properties.OKActions).toEqual([topic]);
      expect(alarm.Properties.TreatMissingData).toBe("notBreaching");
    }
  });

  it("uses the stage's thresholds: freshness, duration near the timeout, Redshift disk and CPU", () => {
    expect(alarmNamed(template, "loglake-dev-firehose-freshness")).toMatchObject({
      Namespace: "AWS/Firehose",
      MetricName: "DeliveryToS3.DataFreshness",
      Dimensions: [{ Name: "DeliveryStreamName", Value: "loglake-dev-log-events" }],
      Statistic: "Maximum",
      Period: 300,
      Threshold: 900,
      ComparisonOperator: "GreaterThanThreshold",
    });
    expect(alarmNamed(template, "loglake-dev-firehose-delivery")).toMatchObject({
      MetricName: "DeliveryToS3.Success",
      Threshold: 1,
      ComparisonOperator: "LessThanThreshold",
      EvaluationPeriods: 2,
    });
    // 80 % of 120 s, 30 s and 900 s.
    expect(alarmNamed(template, "loglake-dev-transform-duration")?.Threshold).toBe(96_000);
    expect(alarmNamed(template, "loglake-dev-dlq-archiver-duration")?.Threshold).toBe(24_000);
    expect(alarmNamed(template, "loglake-dev-reprocess-duration")?.Threshold).toBe(720_000);
    // 80 % of the loader's 300 s (loader.timeoutSeconds).
    expect(alarmNamed(template, "loglake-dev-loader-duration")?.Threshold).toBe(240_000);
    expect(alarmNamed(template, "loglake-dev-load-lag")?.Threshold).toBe(3600);
    expect(alarmNamed(template, "loglake-dev-redshift-disk")).toMatchObject({
      Namespace: "AWS/Redshift",
      MetricName: "PercentageDiskSpaceUsed",
      Dimensions: [{ Name: "ClusterIdentifier", Value: "loglake-dev-warehouse" }],
      Threshold: 80,
    });
    expect(alarmNamed(template, "loglake-dev-redshift-cpu")).toMatchObject({ Threshold: 90, EvaluationPeriods: 3 });
  });

  it("reads the transform's EMF metrics and the S3 request metrics of errors/", () => {
    expect(alarmNamed(template, "loglake-dev-transform-failed-records")).toMatchObject({
      Namespace: "OnboardingLogLake",
      MetricName: "RecordsProcessingFailed",
      Dimensions: [{ Name: "service", Value: "transform" }],
      Statistic: "Sum",
      Threshold: 0,
    });
    expect(alarmNamed(template, "loglake-dev-error-objects")).toMatchObject({
      Namespace: "AWS/S3",
      MetricName: "PutRequests",
      Dimensions: [
        {
          Name: "BucketName",
          Value: { "Fn::Join": ["", ["loglake-dev-lake-", { Ref: "AWS::AccountId" }, "-", { Ref: "AWS::Region" }]] },
        },
        { Name: "FilterId", Value: "errors" },
      ],
    });
    dev.templates.lake.hasResourceProperties("AWS::S3::Bucket", {
      MetricsConfigurations: [{ Id: "errors", Prefix: "errors/" }],
    });
  });

  it("takes prod's tighter thresholds and Serverless's metrics when the warehouse is Serverless", () => {
    const prod = synthStage("prod", {
      bundle: false,
      overrides: { warehouse: { compute: { kind: "serverless", baseRpu: 8 } } },
    });
    try {
      const t = prod.templates.operations;
      expect(alarmNamed(t, "loglake-prod-firehose-freshness")?.Threshold).toBe(1200);
      expect(alarmNamed(t, "loglake-prod-redshift-health")).toBeUndefined();
      expect(alarmNamed(t, "loglake-prod-redshift-queries-failed")?.Metrics).toEqual([
        {
          Id: "expr_1",
          Label: "QueriesFailed",
          Expression:
            "SELECT SUM(QueriesFailed) FROM \"AWS/Redshift-Serverless\" WHERE Workgroup = 'loglake-prod-warehouse'",
          Period: 300,
          ReturnData: true,
        },
      ]);
      expect(alarmNamed(t, "loglake-prod-redshift-compute")).toMatchObject({
        Namespace: "AWS/Redshift-Serverless",
        MetricName: "ComputeSeconds",
        Period: 3600,
        Threshold: 28_800,
      });
    } finally {
      prod.dispose();
    }
  });
});

describe("DLQ archiver and reprocess Lambda", () => {
  it("configures the archiver from the environment and feeds it the DLQs with partial-batch responses", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Timeout: 30,
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: "dlq-archiver",
          ARCHIVE_PREFIX: "analytics/pipeline_failures/",
          ARCHIVE_BUCKET: {
            "Fn::Join": ["", ["loglake-dev-lake-", { Ref: "AWS::AccountId" }, "-", { Ref: "AWS::Region" }]],
          },
          ALERT_TOPIC_ARN: { Ref: Match.stringLikeRegexp("^AlertingTopic") },
        }),
      },
    });
    template.resourceCountIs("AWS::Lambda::EventSourceMapping", 2);
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::ImportValue": Match.stringLikeRegexp("^loglake-dev-loading:.*DeadLetterQueue") },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 20,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });

  it("deploys the reprocess Lambda with the full timeout, no async retries and its own encrypted DLQ", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Timeout: 900,
      DeadLetterConfig: {
        TargetArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^ErrorReprocessorInvocationDlq"), "Arn"] },
      },
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: "reprocess",
          DELIVERY_STREAM_NAME: "loglake-dev-log-events",
        }),
      },
    });
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", { MaximumRetryAttempts: 0 });
    template.hasResourceProperties("AWS::SQS::Queue", { KmsMasterKeyId: Match.anyValue() });
  });
});

describe("dashboard", () => {
  it("is one per stage with the alarm strip, the throughput and a widget per alarm", () => {
    template.hasResourceProperties("AWS::CloudWatch::Dashboard", { DashboardName: "loglake-dev" });
    const [dashboard] = Object.values(template.findResources("AWS::CloudWatch::Dashboard")) as Resource[];
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    expect(body).toContain('\\"title\\":\\"Alarms\\"');
    expect(body).toContain('\\"title\\":\\"Throughput\\"');
    expect(body.match(/\\"alarms\\":\[/g)?.length).toBe(28);
  });
});

describe("wiring the loader in", () => {
  it("archives the load DLQ and alarms on its depth, the load lag and the loader's Lambda", () => {
    // Prepare: a stand-in for issue 7's loader (a function and its DLQ) in a stack of its own.
    const app = new App({ context: { ...cdkJsonContext(), "aws:cdk:bundling-stacks": [] } });
    const config = loadConfig("dev");
    const names = lakeNames(config);
    const loading = new Stack(app, "Loading");
    const loaderFn = new lambda.Function(loading, "Loader", {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: "index.handler",
      code: lambda.Code.fromInline("exports.handler = async () => ({})"),
      timeout: Duration.minutes(5),
    });
    const dlq = new sqs.Queue(loading, "LoadDlq");
    const keys = new Stack(app, "Keys");
    const key = new kms.Key(keys, "K");
    const transform = new lambda.Function(keys, "Transform", {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: "index.handler",
      code: lambda.Code.fromInline("exports.handler = async () => ({})"),
      timeout: Duration.minutes(2),
    });
    // Act
    const ops = new OperationsStack(app, "Ops", {
      config,
      names,
      lakeKey: key,
      transform,
      loader: { function: loaderFn, deadLetterQueue: dlq },
    });
    const t = Template.fromStack(ops);
    // Assess
    expect(alarmNamed(t, "loglake-dev-load-lag")).toMatchObject({
      Namespace: "OnboardingLogLake",
      MetricName: "LoadLagSeconds",
      Dimensions: [{ Name: "service", Value: "loader" }],
      Statistic: "Maximum",
      Threshold: 3600,
    });
    expect(alarmNamed(t, "loglake-dev-loader-duration")?.Threshold).toBe(240_000);
    expect(alarmNamed(t, "loglake-dev-load-dlq-not-empty")).toMatchObject({
      MetricName: "ApproximateNumberOfMessagesVisible",
      Threshold: 0,
    });
    expect(alarmNamed(t, "loglake-dev-loader-batches-failed")?.MetricName).toBe("BatchesFailed");
    t.resourceCountIs("AWS::Lambda::EventSourceMapping", 2);
  });
});
