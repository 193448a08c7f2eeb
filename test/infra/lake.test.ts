import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../infra/config/index.js";
import { lakeNames } from "../../infra/config/names.js";
import { LakeStack } from "../../infra/stacks/lake-stack.js";
import { cdkJsonContext } from "./support.js";

/** Prod: the stage with CloudTrail on. */
let template: Template;

beforeAll(() => {
  const app = new App({ context: cdkJsonContext() });
  const config = loadConfig("prod");
  const stack = new LakeStack(app, "Lake", { config, names: lakeNames(config) });
  template = Template.fromStack(stack);
});

/** A bucket whose deterministic name starts with `stem` (`<stem><account>-<region>`). */
const bucketNamed = (stem: string) => ({ "Fn::Join": ["", Match.arrayWith([stem])] });

describe("Lake", () => {
  it("creates customer-managed KMS keys with rotation on", () => {
    const keys = template.findResources("AWS::KMS::Key");

    expect(Object.keys(keys).length).toBeGreaterThanOrEqual(1);
    for (const key of Object.values(keys)) expect(key.Properties.EnableKeyRotation).toBe(true);
  });

  it("encrypts the lake bucket with the CMK, versions it and blocks public access", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      BucketName: bucketNamed("loglake-prod-lake-"),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: "aws:kms" }) }),
        ],
      },
      VersioningConfiguration: { Status: "Enabled" },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: "lake/" }),
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    template.resourceCountIs("Custom::S3BucketNotifications", 0);
  });

  it("denies non-TLS access on every bucket", () => {
    const buckets = Object.keys(template.findResources("AWS::S3::Bucket"));
    const policies = Object.values(template.findResources("AWS::S3::BucketPolicy"));

    expect(policies).toHaveLength(buckets.length);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: "Deny",
          Action: "s3:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      );
    }
  });

  it("moves raw data to colder storage and expires errors, manifests and Athena results", () => {
    const [lake] = Object.values(
      template.findResources("AWS::S3::Bucket", {
        Properties: { BucketEncryption: Match.anyValue(), LoggingConfiguration: { LogFilePrefix: "lake/" } },
      }),
    );
    const rules = lake?.Properties.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;
    const byPrefix = (prefix: string) => rules.find((r) => r.Prefix === prefix);

    expect(byPrefix("raw/cwl/")).toMatchObject({
      Transitions: [
        { StorageClass: "STANDARD_IA", TransitionInDays: 30 },
        { StorageClass: "GLACIER_IR", TransitionInDays: 90 },
      ],
      ExpirationInDays: 180,
    });
    expect(byPrefix("errors/")).toMatchObject({ ExpirationInDays: 90 });
    expect(byPrefix("analytics/manifests/")).toMatchObject({ ExpirationInDays: 90 });
    expect(byPrefix("analytics/athena-results/")).toMatchObject({ ExpirationInDays: 30 });
  });

  it.each([
    ["sandbox", 14],
    ["dev", 14],
    ["test", 30],
  ] as const)(
    "expires the unmasked raw zone sooner below prod: %s after %i days, without transitions",
    (stage, days) => {
      const config = loadConfig(stage);
      const stack = new LakeStack(new App({ context: cdkJsonContext() }), "Lake", { config, names: lakeNames(config) });
      const [lake] = Object.values(
        Template.fromStack(stack).findResources("AWS::S3::Bucket", {
          Properties: { LoggingConfiguration: { LogFilePrefix: "lake/" } },
        }),
      );
      const rules = lake?.Properties.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;

      expect(rules.find((r) => r.Prefix === "raw/cwl/")).toEqual({
        Id: "expire-raw",
        Prefix: "raw/cwl/",
        Status: "Enabled",
        ExpirationInDays: days,
      });
    },
  );

  it("denies reading the unmasked zones to every principal but the Firehose role, the reprocess and break-glass roles", () => {
    const config = loadConfig("prod", {
      rawAccess: {
        readerRoleArns: ["arn:aws:iam::111122223333:role/loglake-operator"],
        breakGlassRoleArn: "arn:aws:iam::111122223333:role/break-glass",
      },
    });
    const stack = new LakeStack(new App({ context: cdkJsonContext() }), "Lake", { config, names: lakeNames(config) });
    const [policy] = Object.values(
      Template.fromStack(stack).findResources("AWS::S3::BucketPolicy", {
        Properties: { Bucket: { Ref: Match.stringLikeRegexp("^LakeBucket") } },
      }),
    );
    const statements = policy?.Properties.PolicyDocument.Statement as Array<{ Sid?: string }>;
    const lakeObjects = (prefix: string) => ({
      "Fn::Join": ["", [{ "Fn::GetAtt": [expect.stringMatching(/^LakeBucket/), "Arn"] }, `/${prefix}*`]],
    });
    const role = (name: string) => ({
      "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::", { Ref: "AWS::AccountId" }, `:role/${name}`]],
    });
    const unmasked = ["errors-quarantine/", "errors-reprocessed/", "errors/", "raw/cwl/"].map(lakeObjects);

    expect(statements.find((st) => st.Sid === "DenyUnmaskedReadsExceptPipelineAndBreakGlass")).toEqual({
      Sid: "DenyUnmaskedReadsExceptPipelineAndBreakGlass",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: unmasked,
      Condition: {
        ArnNotLike: {
          "aws:PrincipalArn": [
            role("loglake-prod-firehose"),
            role("loglake-prod-reprocess"),
            "arn:aws:iam::111122223333:role/loglake-operator",
            "arn:aws:iam::111122223333:role/break-glass",
          ],
        },
      },
    });
    expect(statements.find((st) => st.Sid === "DenyUnmaskedReadsThroughAthena")).toEqual({
      Sid: "DenyUnmaskedReadsThroughAthena",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: unmasked,
      Condition: { "ForAnyValue:StringEquals": { "aws:CalledVia": ["athena.amazonaws.com"] } },
    });
  });

  it("keeps an SSE-S3 access-log bucket (server access logs cannot use SSE-KMS)", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      BucketName: bucketNamed("loglake-prod-access-logs-"),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365 })]) },
    });
  });
});

const GLUE_COLUMNS = [
  ["event_id", "string"],
  ["event_time", "timestamp"],
  ["ingest_time", "timestamp"],
  ["account_id", "string"],
  ["log_group", "string"],
  ["log_stream", "string"],
  ["source", "string"],
  ["log_format", "string"],
  ["service", "string"],
  ["level", "string"],
  ["request_id", "string"],
  ["trace_id", "string"],
  ["message", "string"],
  ["duration_ms", "double"],
  ["billed_duration_ms", "double"],
  ["init_duration_ms", "double"],
  ["memory_size_mb", "int"],
  ["max_memory_used_mb", "int"],
  ["http_method", "string"],
  ["http_route", "string"],
  ["http_status", "int"],
  ["response_bytes", "bigint"],
  ["client_ip", "string"],
  ["sfn_execution_arn", "string"],
  ["sfn_event_type", "string"],
  ["sfn_state_name", "string"],
  ["error_type", "string"],
  ["onboarding_id", "string"],
  ["onboarding_step", "string"],
  ["onboarding_status", "string"],
  ["attributes", "string"],
]; // DESIGN.md's catalog with Glue's type names

describe("Catalog", () => {
  it("generates the Glue columns from the catalog, in catalog order", () => {
    const table = Object.values(template.findResources("AWS::Glue::Table")).find(
      (t) => t.Properties.TableInput.Name === "log_events",
    );
    const columns = table?.Properties.TableInput.StorageDescriptor.Columns as Array<{ Name: string; Type: string }>;

    expect(columns.map((c) => [c.Name, c.Type])).toEqual(GLUE_COLUMNS);
  });

  it("uses the Parquet SerDe and partitions by dt/hour with partition projection", () => {
    template.hasResourceProperties("AWS::Glue::Table", {
      TableInput: Match.objectLike({
        Name: "log_events",
        TableType: "EXTERNAL_TABLE",
        PartitionKeys: [
          { Name: "dt", Type: "string", Comment: "Event date, YYYY-MM-DD" },
          { Name: "hour", Type: "string", Comment: "Event hour, HH" },
        ],
        Parameters: Match.objectLike({
          classification: "parquet",
          "projection.enabled": "true",
          "projection.dt.type": "date",
          "projection.dt.format": "yyyy-MM-dd",
          "projection.hour.type": "enum",
        }),
        StorageDescriptor: Match.objectLike({
          SerdeInfo: Match.objectLike({
            SerializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
          }),
          InputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        }),
      }),
    });
  });

  it("catalogs the DLQ archive as pipeline_failures: JSON lines by dt, with projection", () => {
    template.hasResourceProperties("AWS::Glue::Table", {
      TableInput: Match.objectLike({
        Name: "pipeline_failures",
        PartitionKeys: [{ Name: "dt", Type: "string", Comment: "day the message was first sent (UTC)" }],
        Parameters: Match.objectLike({
          classification: "json",
          "projection.dt.type": "date",
          "projection.dt.range": "2024-01-01,NOW",
          "storage.location.template": {
            "Fn::Join": ["", ["s3://", Match.anyValue(), `/analytics/pipeline_failures/dt=\${dt}/`]],
          },
        }),
        StorageDescriptor: Match.objectLike({
          SerdeInfo: { SerializationLibrary: "org.openx.data.jsonserde.JsonSerDe" },
          InputFormat: "org.apache.hadoop.mapred.TextInputFormat",
          Columns: [
            { Name: "queue", Type: "string", Comment: "dead-letter queue the message was archived from" },
            { Name: "message_id", Type: "string", Comment: "SQS message id (the archive key)" },
            { Name: "source_queue_arn", Type: "string", Comment: "queue the message was moved from, when SQS says" },
            { Name: "sent_time", Type: "timestamp", Comment: "SentTimestamp (UTC)" },
            { Name: "first_receive_time", Type: "timestamp", Comment: "ApproximateFirstReceiveTimestamp (UTC)" },
            { Name: "last_receive_time", Type: "timestamp", Comment: "when the archiver received it (UTC)" },
            { Name: "receive_count", Type: "int", Comment: "ApproximateReceiveCount at archiving" },
            {
              Name: "error",
              Type: "string",
              Comment: "the failure as the message states it, else how it reached the DLQ",
            },
            { Name: "body", Type: "string", Comment: "the message body as received" },
          ],
        }),
      }),
    });
  });

  it("gives analysts a workgroup with KMS-encrypted results and a scan cutoff", () => {
    template.hasResourceProperties("AWS::Athena::WorkGroup", {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10_240 * 1024 * 1024,
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: Match.objectLike({ EncryptionOption: "SSE_KMS" }),
        }),
      }),
    });
  });
});

describe("Catalog on a retained stage", () => {
  it("keeps the Glue database and tables when the stack is deleted (prod retains)", () => {
    for (const type of ["AWS::Glue::Database", "AWS::Glue::Table"]) {
      const resources = Object.values(template.findResources(type));

      expect(resources.length).toBeGreaterThanOrEqual(1);
      for (const r of resources) expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(["Retain", "Retain"]);
    }
  });
});

describe("AuditTrail (on for prod)", () => {
  it("lets CloudTrail write to its bucket for this trail only (aws:SourceArn)", () => {
    const trailArn = {
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":cloudtrail:",
          { Ref: "AWS::Region" },
          ":",
          { Ref: "AWS::AccountId" },
          ":trail/loglake-prod-trail",
        ],
      ],
    };
    const [policy] = Object.values(
      template.findResources("AWS::S3::BucketPolicy", {
        Properties: { Bucket: { Ref: Match.stringLikeRegexp("^AuditTrailBucket") } },
      }),
    );
    const statements = policy?.Properties.PolicyDocument.Statement as Array<{ Principal?: unknown }>;
    const forCloudTrail = statements.filter((st) => JSON.stringify(st.Principal).includes("cloudtrail"));

    expect(forCloudTrail).toEqual([
      {
        Sid: "CloudTrailChecksAcl",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: { "Fn::GetAtt": [expect.stringMatching(/^AuditTrailBucket/), "Arn"] },
        Condition: { StringEquals: { "aws:SourceArn": trailArn } },
      },
      {
        Sid: "CloudTrailWritesLogFiles",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: {
          "Fn::Join": [
            "",
            [
              { "Fn::GetAtt": [expect.stringMatching(/^AuditTrailBucket/), "Arn"] },
              "/AWSLogs/",
              { Ref: "AWS::AccountId" },
              "/*",
            ],
          ],
        },
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
      },
    ]);
  });

  it("logs all regions, validates log files and encrypts them with a CMK", () => {
    template.hasResourceProperties("AWS::CloudTrail::Trail", {
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
      EventSelectors: Match.arrayWith([
        Match.objectLike({ DataResources: [Match.objectLike({ Type: "AWS::S3::Object" })] }),
      ]),
    });
  });
});
