import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Annotations, Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsOf, policyStatements, type SynthResult, synthStage, type TemplateStatement } from "./support.js";

/** Dev with bundling on: proves the transform bundles with the local esbuild (no Docker). */
let result: SynthResult;
let template: Template;
const LOG_GROUPS = [
  { name: "/aws/lambda/onboarding-api", filterPattern: "" },
  { name: "/aws/lambda/onboarding-kyc", filterPattern: "?ERROR ?WARN" },
];

beforeAll(() => {
  result = synthStage("dev", { bundle: true, overrides: { logGroups: LOG_GROUPS } });
  template = result.templates.ingestion;
});
afterAll(() => result?.dispose());

/** The stream's properties (assertions below navigate the CloudFormation shape). */
// biome-ignore lint/suspicious/noExplicitAny: free navigation of a synthesized CloudFormation document
type Cfn = Record<string, any>;
const stream = (): Cfn => {
  const [resource] = Object.values(template.findResources("AWS::KinesisFirehose::DeliveryStream"));
  return resource?.Properties as Cfn;
};

describe("Ingestion: Firehose", () => {
  it("names the stream and encrypts it with a customer-managed key", () => {
    expect(stream().DeliveryStreamName).toBe("loglake-dev-log-events");
    expect(stream().DeliveryStreamEncryptionConfigurationInput).toMatchObject({ KeyType: "CUSTOMER_MANAGED_CMK" });
  });

  it("runs the transform Lambda with a 0.25 MB / 60 s input buffer", () => {
    const [processor] = stream().ExtendedS3DestinationConfiguration.ProcessingConfiguration.Processors;
    const parameters = Object.fromEntries(
      processor.Parameters.map((p: { ParameterName: string; ParameterValue: unknown }) => [
        p.ParameterName,
        p.ParameterValue,
      ]),
    );

    expect(processor.Type).toBe("Lambda");
    expect(parameters).toMatchObject({ BufferSizeInMBs: "0.25", BufferIntervalInSeconds: "60", NumberOfRetries: "3" });
    expect(parameters.LambdaArn).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^IngestionTransformFunction/), "Arn"],
    });
  });

  it("partitions dynamically by the Lambda's dt/hour keys, with the error prefix", () => {
    const destination = stream().ExtendedS3DestinationConfiguration;

    expect(destination.DynamicPartitioningConfiguration).toMatchObject({ Enabled: true });
    expect(destination.Prefix).toBe(
      "curated/log_events/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/",
    );
    expect(destination.ErrorOutputPrefix).toBe("errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/");
    // Dynamic partitioning and format conversion need a 64-128 MiB destination buffer, >= 60 s.
    expect(destination.BufferingHints).toEqual({ SizeInMBs: 64, IntervalInSeconds: 60 });
  });

  it("converts JSON rows to Parquet with the Glue table's schema", () => {
    const conversion = stream().ExtendedS3DestinationConfiguration.DataFormatConversionConfiguration;

    expect(conversion).toMatchObject({
      Enabled: true,
      InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: "SNAPPY" } } },
      SchemaConfiguration: { DatabaseName: "loglake_dev", VersionId: "LATEST" },
    });
  });

  it("backs the source records up to the raw zone and encrypts both outputs with the lake key", () => {
    const destination = stream().ExtendedS3DestinationConfiguration;

    expect(destination.S3BackupMode).toBe("Enabled");
    expect(destination.S3BackupConfiguration).toMatchObject({
      Prefix: "raw/cwl/!{timestamp:yyyy/MM/dd/HH}/",
      ErrorOutputPrefix: "errors/raw-backup-!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
      EncryptionConfiguration: { KMSEncryptionConfig: expect.any(Object) },
    });
    expect(destination.EncryptionConfiguration).toMatchObject({ KMSEncryptionConfig: expect.any(Object) });
  });

  it("gives the Firehose role exactly the S3 actions delivery needs, on the prefixes it writes", () => {
    const role = Object.entries(template.findResources("AWS::IAM::Role")).find(
      ([, r]) => r.Properties.RoleName === "loglake-dev-firehose",
    );
    const [policy] = Object.values(
      template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: role?.[0] }] } }),
    );
    const statements = policy?.Properties.PolicyDocument.Statement as TemplateStatement[];
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

    expect(statements.filter((st) => actionsOf(st).some((a) => a.startsWith("s3:")))).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:AbortMultipartUpload", "s3:PutObject"],
        Resource: [lake("/curated/log_events/*"), lake("/errors/*"), lake("/raw/cwl/*")],
      },
      { Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucket"], Resource: lake() },
    ]);
    expect(statements.filter((st) => actionsOf(st).some((a) => a.startsWith("kms:")))).toEqual([
      {
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: { "Fn::ImportValue": expect.stringMatching(/^loglake-dev-lake:ExportsOutputFnGetAttLakeKey/) },
        Condition: {
          StringEquals: {
            "kms:ViaService": { "Fn::Join": ["", ["s3.", { Ref: "AWS::Region" }, ".amazonaws.com"]] },
            "kms:EncryptionContext:aws:s3:arn": lake(),
          },
        },
      },
    ]);
    expect(statements.filter((st) => actionsOf(st).some((a) => a.startsWith("lambda:")))).toEqual([
      {
        Effect: "Allow",
        Action: ["lambda:GetFunctionConfiguration", "lambda:InvokeFunction"],
        Resource: { "Fn::GetAtt": [expect.stringMatching(/^IngestionTransformFunction/), "Arn"] },
      },
    ]);
    expect(stream().ExtendedS3DestinationConfiguration.RoleARN).toEqual({ "Fn::GetAtt": [role?.[0], "Arn"] });
  });

  it("logs delivery errors to CloudWatch Logs", () => {
    expect(stream().ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions).toMatchObject({ Enabled: true });
  });
});

describe("Ingestion: transform Lambda (PipelineFunction)", () => {
  it("uses the newest Node.js runtime on ARM64 with JSON logging", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      LoggingConfig: Match.objectLike({ LogFormat: "JSON", LogGroup: Match.anyValue() }),
    });
  });

  it("bundles an ESM handler with a require shim and a linked source map (local esbuild)", () => {
    const outdir = result.app.outdir;
    const asset = readdirSync(outdir).find((d) => d.startsWith("asset.") && existsSync(join(outdir, d, "index.mjs")));
    const code = readFileSync(join(outdir, asset ?? "missing", "index.mjs"), "utf8");

    expect(code.startsWith("import { createRequire as __loglakeCreateRequire } from 'node:module';")).toBe(true);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    expect(existsSync(join(outdir, asset ?? "missing", "index.mjs.map"))).toBe(true);
  });

  it("passes the transform's configuration and the Powertools environment", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: Match.objectLike({
          PARTITION_TIME_ZONE: "UTC",
          MASKING_KEY_SECRET_ARN: Match.anyValue(),
          DELIVERY_STREAM_NAME: "loglake-dev-log-events",
          POWERTOOLS_SERVICE_NAME: "transform",
          POWERTOOLS_METRICS_NAMESPACE: "OnboardingLogLake",
          POWERTOOLS_LOG_LEVEL: "DEBUG",
          NODE_OPTIONS: "--enable-source-maps",
        }),
      },
    });
  });

  it("writes to its own log group with the stage's retention", () => {
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: result.config.retention.logDays });
  });

  it("may PutRecordBatch to its own stream only", () => {
    const reingest = policyStatements(template).filter((s) => actionsOf(s).join() === "firehose:PutRecordBatch");

    expect(reingest).toHaveLength(1);
    expect(JSON.stringify(reingest[0]?.Resource)).toContain(":deliverystream/loglake-dev-log-events");
  });

  it("creates a generated, CMK-encrypted masking key secret", () => {
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      KmsKeyId: Match.anyValue(),
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });
});

describe("Ingestion: LogsToFirehose", () => {
  it("subscribes one filter per configured log group", () => {
    const filters = Object.values(template.findResources("AWS::Logs::SubscriptionFilter"));

    expect(filters.map((f) => [f.Properties.LogGroupName, f.Properties.FilterPattern])).toEqual(
      LOG_GROUPS.map((g) => [g.name, g.filterPattern]),
    );
  });

  it("lets CloudWatch Logs put records to this stream only", () => {
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: "logs.amazonaws.com" } })],
      }),
    });
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: [
          {
            Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
            Effect: "Allow",
            Resource: { "Fn::GetAtt": [Match.stringLikeRegexp("^IngestionStream"), "Arn"] },
          },
        ],
        Version: "2012-10-17",
      },
    });
  });
});

describe("Ingestion: a stage without logGroups, an existing masking secret under a customer key", () => {
  const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:loglake/masking-AbC123";
  const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  let bare: SynthResult;

  beforeAll(() => {
    bare = synthStage("dev", {
      bundle: false,
      overrides: { masking: { source: "existing", secretArn: SECRET, keyArn: KEY } },
    });
  });
  afterAll(() => bare?.dispose());

  it("creates no subscription filter and warns naming the field", () => {
    bare.templates.ingestion.resourceCountIs("AWS::Logs::SubscriptionFilter", 0);
    Annotations.fromStack(bare.stacks.ingestion).hasWarning(
      "/loglake-dev-ingestion/LogsToFirehose",
      Match.stringLikeRegexp("^logGroups is empty: no subscription filters are created\\."),
    );
  });

  it("lets the transform read the existing secret and decrypt it with its key through Secrets Manager only", () => {
    const statements = policyStatements(bare.templates.ingestion);

    expect(statements).toContainEqual({
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      Resource: SECRET,
    });
    expect(statements).toContainEqual({
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: KEY,
      Condition: {
        StringEquals: {
          "kms:ViaService": { "Fn::Join": ["", ["secretsmanager.", { Ref: "AWS::Region" }, ".amazonaws.com"]] },
        },
      },
    });
    bare.templates.ingestion.resourceCountIs("AWS::SecretsManager::Secret", 0);
  });
});
