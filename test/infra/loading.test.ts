/** The loading stack (LakeLoader): rule → queue → event source mapping → loader, its VPC placement and IAM. */
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actionsOf,
  type BothKinds,
  type policyStatements,
  scanIam,
  synthBothKinds,
  unacknowledgedNagFindings,
} from "./support.js";

let kinds: BothKinds;
let loading: Template;

beforeAll(() => {
  kinds = synthBothKinds();
  loading = kinds.provisioned.templates.loading;
});
afterAll(() => kinds?.dispose());

const LAKE_BUCKET = { "Fn::Join": ["", ["loglake-dev-lake-", { Ref: "AWS::AccountId" }, "-", { Ref: "AWS::Region" }]] };
/** The loader role's statements (the maintenance role has its own policy). */
const loaderStatements = (t: Template) =>
  Object.entries(t.findResources("AWS::IAM::Policy"))
    .filter(([id]) => id.startsWith("LoaderRole"))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as ReturnType<typeof policyStatements>);
const bySid = (t: Template, sid: string) => loaderStatements(t).find((s) => (s as { Sid?: string }).Sid === sid);

describe("LakeLoader: wiring", () => {
  it("routes Object Created events of curated/log_events/ in the lake bucket to the load queue", () => {
    loading.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: { bucket: { name: [LAKE_BUCKET] }, object: { key: [{ prefix: "curated/log_events/" }] } },
      },
      Targets: [
        {
          Id: "LoadQueue",
          Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^LoaderQueue"), "Arn"] },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^LoaderDeadLetterQueue"), "Arn"] } },
        },
      ],
    });
  });

  it("encrypts the queue with a CMK, redrives after 3 receives and hides messages for 6× the loader's timeout", () => {
    loading.hasResourceProperties("AWS::SQS::Queue", {
      KmsMasterKeyId: { "Fn::GetAtt": [Match.stringLikeRegexp("^LoaderKey"), "Arn"] },
      VisibilityTimeout: 1800,
      MessageRetentionPeriod: 1_209_600,
      RedrivePolicy: {
        deadLetterTargetArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^LoaderDeadLetterQueue"), "Arn"] },
        maxReceiveCount: 3,
      },
    });
    loading.hasResourceProperties("AWS::Lambda::Function", { Timeout: 300, MemorySize: 512 });
  });

  it("names the queues after the stage and lets only the load queue redrive into the DLQ", () => {
    loading.hasResourceProperties("AWS::SQS::Queue", { QueueName: "loglake-dev-load" });
    loading.hasResourceProperties("AWS::IAM::Role", { RoleName: "loglake-dev-loader" });
    loading.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "loglake-dev-load-dlq",
      RedriveAllowPolicy: {
        redrivePermission: "byQueue",
        sourceQueueArns: [
          {
            "Fn::Join": [
              "",
              [
                "arn:",
                { Ref: "AWS::Partition" },
                ":sqs:",
                { Ref: "AWS::Region" },
                ":",
                { Ref: "AWS::AccountId" },
                ":loglake-dev-load",
              ],
            ],
          },
        ],
      },
    });
  });

  it("accepts only TLS, and messages from the rule only, on both queues", () => {
    const policies = Object.values(loading.findResources("AWS::SQS::QueuePolicy"));
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toEqual([
        expect.objectContaining({
          Effect: "Deny",
          Action: "sqs:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
        expect.objectContaining({
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Condition: {
            ArnEquals: {
              "aws:SourceArn": { "Fn::GetAtt": [expect.stringMatching(/^LoaderCuratedObjectCreated/), "Arn"] },
            },
          },
        }),
      ]);
    }
  });

  it("invokes the loader with up to 10,000 messages per 60 s window, partial failures, at most 2 at once", () => {
    loading.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 10_000,
      MaximumBatchingWindowInSeconds: 60,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it("runs the loader in the isolated subnets with HTTPS egress only", () => {
    loading.hasResourceProperties("AWS::Lambda::Function", {
      VpcConfig: {
        SubnetIds: [
          { "Fn::ImportValue": Match.stringLikeRegexp("isolatedSubnet1") },
          { "Fn::ImportValue": Match.stringLikeRegexp("isolatedSubnet2") },
        ],
        SecurityGroupIds: Match.anyValue(),
      },
    });
    const [sg] = Object.values(loading.findResources("AWS::EC2::SecurityGroup"));
    const egress = (sg?.Properties.SecurityGroupEgress ?? []) as { CidrIp: string; FromPort: number; ToPort: number }[];
    expect(egress.map((e) => [e.CidrIp, e.FromPort, e.ToPort])).toEqual([
      ["10.41.0.0/24", 443, 443],
      ["0.0.0.0/0", 443, 443],
    ]);
  });

  it("configures the loader for the provisioned cluster through its own user's secret, not the admin's", () => {
    const [fn] = Object.values(loading.findResources("AWS::Lambda::Function"));
    const env = fn?.Properties.Environment.Variables;
    expect(Object.keys(env).sort()).toEqual([
      "COPY_ROLE_ARN",
      "MANIFEST_BUCKET",
      "MANIFEST_PREFIX",
      "NODE_OPTIONS",
      "POWERTOOLS_LOG_LEVEL",
      "POWERTOOLS_METRICS_NAMESPACE",
      "POWERTOOLS_SERVICE_NAME",
      "TARGET_TABLE",
      "WAREHOUSE_CLUSTER_ID",
      "WAREHOUSE_DATABASE",
      "WAREHOUSE_SCHEMA",
      "WAREHOUSE_SECRET_ARN",
    ]);
    expect(env).toMatchObject({
      WAREHOUSE_DATABASE: "loglake",
      MANIFEST_BUCKET: LAKE_BUCKET,
      MANIFEST_PREFIX: "analytics/manifests/",
      WAREHOUSE_SCHEMA: "logs",
      TARGET_TABLE: "log_events",
      POWERTOOLS_SERVICE_NAME: "loader",
      POWERTOOLS_METRICS_NAMESPACE: "OnboardingLogLake",
      WAREHOUSE_CLUSTER_ID: { "Fn::ImportValue": expect.stringMatching(/^loglake-dev-warehouse:.*Cluster/) },
      WAREHOUSE_SECRET_ARN: {
        "Fn::ImportValue": expect.stringMatching(/^loglake-dev-warehouse:ExportsOutputRefWarehouseLoaderSecret/),
      },
    });
  });
});

describe("LakeLoader: least privilege", () => {
  it("runs statements on this cluster only and reads only its own statements' results", () => {
    expect(bySid(loading, "RunStatementsOnTheWarehouse")).toEqual({
      Sid: "RunStatementsOnTheWarehouse",
      Effect: "Allow",
      Action: ["redshift-data:BatchExecuteStatement", "redshift-data:ExecuteStatement"],
      Resource: {
        "Fn::Join": [
          "",
          [
            "arn:",
            { Ref: "AWS::Partition" },
            ":redshift:",
            { Ref: "AWS::Region" },
            ":",
            { Ref: "AWS::AccountId" },
            ":cluster:",
            { "Fn::ImportValue": expect.stringMatching(/^loglake-dev-warehouse:.*Cluster/) },
          ],
        ],
      },
    });
    expect(bySid(loading, "OwnStatements")).toEqual({
      Sid: "OwnStatements",
      Effect: "Allow",
      Action: ["redshift-data:CancelStatement", "redshift-data:DescribeStatement", "redshift-data:GetStatementResult"],
      Resource: "*",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
      Condition: { StringEquals: { "redshift-data:statement-owner-iam-userid": "${aws:userid}" } },
    });
  });

  it("reads only the loader secret, decrypted through Secrets Manager only", () => {
    expect(bySid(loading, "ReadWarehouseSecrets")).toEqual({
      Sid: "ReadWarehouseSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: {
        "Fn::ImportValue": expect.stringMatching(/^loglake-dev-warehouse:ExportsOutputRefWarehouseLoaderSecret/),
      },
    });
    expect(bySid(loading, "DecryptWarehouseSecrets")).toEqual({
      Sid: "DecryptWarehouseSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: {
        "Fn::ImportValue": expect.stringMatching(/^loglake-dev-warehouse:ExportsOutputFnGetAttWarehouseKey/),
      },
      Condition: {
        StringEquals: {
          "kms:ViaService": { "Fn::Join": ["", ["secretsmanager.", { Ref: "AWS::Region" }, ".amazonaws.com"]] },
        },
      },
    });
    const secretActions = loaderStatements(loading)
      .flatMap(actionsOf)
      .filter((a) => a.startsWith("secretsmanager:"));
    expect(secretActions).toEqual(["secretsmanager:GetSecretValue"]);
  });

  it("writes manifests under analytics/manifests/ only, encrypted through S3 with the lake key", () => {
    const puts = loaderStatements(loading).filter((s) => actionsOf(s).some((a) => a.startsWith("s3:")));
    expect(puts).toEqual([
      {
        Sid: "WriteManifests",
        Effect: "Allow",
        Action: "s3:PutObject",
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              ":s3:::loglake-dev-lake-",
              { Ref: "AWS::AccountId" },
              "-",
              { Ref: "AWS::Region" },
              "/analytics/manifests/*",
            ],
          ],
        },
      },
    ]);
    expect(bySid(loading, "EncryptManifests")).toMatchObject({
      Action: "kms:GenerateDataKey",
      Condition: {
        StringEquals: { "kms:ViaService": { "Fn::Join": ["", ["s3.", { Ref: "AWS::Region" }, ".amazonaws.com"]] } },
      },
    });
  });

  it("uses no wildcard action", () => {
    const actions = loaderStatements(loading).flatMap(actionsOf);
    expect(actions.filter((a) => a.includes("*"))).toEqual([]);
  });

  it("lets EventBridge encrypt load messages for this account only", () => {
    loading.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: "EventBridgeEncryptsLoadMessages",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
          },
        ]),
      },
    });
  });
});

describe("WarehouseMaintenance", () => {
  it("runs VACUUM SORT ONLY at 02:00 and ANALYZE at 04:00 UTC, one Data API statement each, as the admin", () => {
    const rules = Object.values(loading.findResources("AWS::Events::Rule"))
      .filter((r) => r.Properties.ScheduleExpression)
      .map((r) => [r.Properties.ScheduleExpression, r.Properties.Targets[0].RedshiftDataParameters]);
    const params = (sql: string, name: string) => ({
      Database: "loglake",
      SecretManagerArn: { "Fn::ImportValue": expect.stringMatching(/MasterPasswordSecretArn/) },
      Sql: sql,
      StatementName: name,
    });
    expect(rules).toEqual([
      ["cron(0 2 * * ? *)", params('VACUUM SORT ONLY "logs"."log_events"', "loglake-vacuum")],
      ["cron(0 4 * * ? *)", params('ANALYZE "logs"."log_events"', "loglake-analyze")],
    ]);
  });

  it("may run statements on this cluster and read the admin secret, nothing else", () => {
    const [policy] = Object.entries(loading.findResources("AWS::IAM::Policy"))
      .filter(([id]) => id.startsWith("MaintenanceRole"))
      .map(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]);
    expect(policy?.map((s) => s.Action)).toEqual([
      ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      "kms:Decrypt",
      "redshift-data:ExecuteStatement",
    ]);
  });
});

describe("LakeLoader: Serverless", () => {
  it("signs in with IAM to the workgroup, scoped to its ARN, and names the workgroup", () => {
    const t = kinds.serverless.templates.loading;
    const workgroupArn = { "Fn::ImportValue": expect.stringMatching(/WorkgroupWorkgroupArn/) };
    expect(bySid(t, "RunStatementsOnTheWarehouse")?.Resource).toEqual(workgroupArn);
    expect(bySid(t, "ServerlessIamCredentials")).toEqual({
      Sid: "ServerlessIamCredentials",
      Effect: "Allow",
      Action: "redshift-serverless:GetCredentials",
      Resource: workgroupArn,
    });
    const [fn] = Object.values(t.findResources("AWS::Lambda::Function"));
    expect(fn?.Properties.Environment.Variables).toMatchObject({
      WAREHOUSE_WORKGROUP: { "Fn::ImportValue": expect.stringMatching(/^loglake-test-warehouse:.*Workgroup/) },
    });
    expect(fn?.Properties.Environment.Variables).not.toHaveProperty("WAREHOUSE_SECRET_ARN");
    expect(loaderStatements(t).flatMap(actionsOf)).not.toContain("secretsmanager:GetSecretValue");
  });

  it("passes cdk-nag and the IAM scan with a Serverless warehouse too", () => {
    expect(unacknowledgedNagFindings(kinds.serverless.app)).toEqual([]);
    expect(scanIam("loading", kinds.serverless.templates.loading.toJSON())).toEqual([]);
  });
});
