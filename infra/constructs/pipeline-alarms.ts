/**
 * PipelineAlarms: every alarm of the pipeline, each publishing ALARM and OK to one action (the alarm
 * topic). Firehose freshness and delivery, the transform's failed records and re-ingest failures, Lambda
 * errors/throttles/duration near the timeout, DLQ depth, the loader's lag and failed batches, the
 * archiver's own failures, new objects under errors/, and the warehouse's health. Thresholds come
 * from the stage config (`alarms`); no business logic here.
 */
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** Per-stage thresholds (infra/config `alarms`). */
export interface AlarmThresholds {
  readonly periodMinutes: number;
  readonly firehoseFreshnessSeconds: number;
  readonly loadLagSeconds: number;
  readonly durationOfTimeoutPercent: number;
  readonly redshiftDiskPercent: number;
  readonly redshiftCpuPercent: number;
  readonly serverlessComputeSecondsPerHour: number;
}

/** A Lambda to watch, with the timeout its duration alarm is measured against. */
export interface WatchedFunction {
  /** Short name used in alarm names: `transform`, `loader`, `dlq-archiver`, `reprocess`. */
  readonly label: string;
  readonly function: lambda.IFunction;
  readonly timeout: Duration;
}

/** One alarm of the pipeline. */
export interface PipelineAlarm {
  /** Short name, e.g. `firehose-freshness` (the alarm is `<namePrefix>-<name>`). */
  readonly name: string;
  readonly description: string;
  readonly alarm: cloudwatch.Alarm;
}

/** Props of {@link PipelineAlarms}. */
export interface PipelineAlarmsProps {
  /** Stem of every alarm name, e.g. `loglake-dev`. */
  readonly namePrefix: string;
  readonly action: cloudwatch.IAlarmAction;
  readonly thresholds: AlarmThresholds;
  /** Namespace of the pipeline's EMF metrics (`service` dimension per function). */
  readonly metricsNamespace: string;
  readonly deliveryStreamName: string;
  readonly functions: readonly WatchedFunction[];
  /** Every dead-letter queue, by label. */
  readonly deadLetterQueues: readonly { readonly label: string; readonly queue: sqs.IQueue }[];
  /** Lake bucket and the S3 request-metrics filter on `errors/`. */
  readonly errorObjects: { readonly bucketName: string; readonly filterId: string };
  readonly warehouse: { readonly kind: "provisioned" | "serverless"; readonly name: string };
  /** Whether the loader is deployed (its LoadLagSeconds and BatchesFailed get alarms). @default false */
  readonly loader?: boolean;
}

/** The pipeline's alarms. */
export class PipelineAlarms extends Construct {
  /** Every alarm with its short name and description, in creation order (the dashboard's order). */
  readonly alarms: PipelineAlarm[] = [];
  private readonly props: PipelineAlarmsProps;
  private readonly period: Duration;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.props = props;
    const t = props.thresholds;
    this.period = Duration.minutes(t.periodMinutes);
    const stream = { DeliveryStreamName: props.deliveryStreamName };

    this.add("firehose-freshness", "Oldest record not yet in S3 is older than the threshold (seconds)", {
      metric: this.aws("AWS/Firehose", "DeliveryToS3.DataFreshness", stream, "Maximum"),
      threshold: t.firehoseFreshnessSeconds,
    });
    this.add("firehose-delivery", "Firehose deliveries to S3 failed (success rate below 1)", {
      metric: this.aws("AWS/Firehose", "DeliveryToS3.Success", stream, "Average"),
      threshold: 1,
      below: true,
      evaluationPeriods: 2,
    });
    this.add("firehose-processing", "Firehose could not invoke the transform (success rate below 1)", {
      metric: this.aws("AWS/Firehose", "ExecuteProcessing.Success", stream, "Average"),
      threshold: 1,
      below: true,
      evaluationPeriods: 2,
    });
    this.add("transform-failed-records", "The transform marked records ProcessingFailed (now under errors/)", {
      metric: this.emf("transform", "RecordsProcessingFailed"),
    });
    this.add("transform-reingest-failures", "The transform could not re-ingest oversize batches", {
      metric: this.emf("transform", "ReingestFailures"),
    });
    this.add("error-objects", "New objects under errors/ (run loglake reprocess)", {
      metric: this.aws(
        "AWS/S3",
        "PutRequests",
        { BucketName: props.errorObjects.bucketName, FilterId: props.errorObjects.filterId },
        "Sum",
      ),
    });
    for (const f of props.functions) this.addFunction(f);
    for (const q of props.deadLetterQueues) {
      this.add(`${q.label}-not-empty`, `Dead letters in ${q.label} (the archiver could not persist them)`, {
        metric: q.queue.metricApproximateNumberOfMessagesVisible({ period: this.period, statistic: "Maximum" }),
      });
    }
    this.add("archiver-not-archived", "The DLQ archiver could not persist dead letters", {
      metric: this.emf("dlq-archiver", "DeadLettersNotArchived"),
    });
    this.add("archiver-summary-failed", "The DLQ archiver could not publish its e-mail summary", {
      metric: this.emf("dlq-archiver", "SummariesFailed"),
    });
    if (props.loader) {
      this.add("load-lag", "Newest event loaded into Redshift is older than the threshold (seconds)", {
        metric: this.emf("loader", "LoadLagSeconds", "Maximum"),
        threshold: t.loadLagSeconds,
      });
      this.add("loader-batches-failed", "Load batches failed (their messages retry, then reach the DLQ)", {
        metric: this.emf("loader", "BatchesFailed"),
      });
    }
    if (props.warehouse.kind === "provisioned") this.addProvisioned(props.warehouse.name);
    else this.addServerless(props.warehouse.name);
  }

  private addFunction(f: WatchedFunction): void {
    const p = { period: this.period };
    this.add(`${f.label}-errors`, `${f.label} Lambda invocations failed`, {
      metric: f.function.metricErrors({ ...p, statistic: "Sum" }),
    });
    this.add(`${f.label}-throttles`, `${f.label} Lambda invocations were throttled`, {
      metric: f.function.metricThrottles({ ...p, statistic: "Sum" }),
    });
    const pct = this.props.thresholds.durationOfTimeoutPercent;
    this.add(`${f.label}-duration`, `${f.label} Lambda ran longer than ${pct}% of its timeout`, {
      metric: f.function.metricDuration({ ...p, statistic: "Maximum" }),
      threshold: Math.round((f.timeout.toMilliseconds() * pct) / 100),
    });
  }

  private addProvisioned(cluster: string): void {
    const t = this.props.thresholds;
    const dims = { ClusterIdentifier: cluster };
    this.add("redshift-health", "Redshift health check failed (HealthStatus below 1)", {
      metric: this.aws("AWS/Redshift", "HealthStatus", dims, "Minimum"),
      threshold: 1,
      below: true,
    });
    this.add("redshift-disk", `Redshift disk use above ${t.redshiftDiskPercent}%`, {
      metric: this.aws("AWS/Redshift", "PercentageDiskSpaceUsed", dims, "Maximum"),
      threshold: t.redshiftDiskPercent,
    });
    this.add("redshift-cpu", `Redshift CPU above ${t.redshiftCpuPercent}% for three periods`, {
      metric: this.aws("AWS/Redshift", "CPUUtilization", dims, "Average"),
      threshold: t.redshiftCpuPercent,
      evaluationPeriods: 3,
    });
  }

  private addServerless(workgroup: string): void {
    // QueriesFailed carries more dimensions than Workgroup; a Metrics Insights query sums them.
    this.add("redshift-queries-failed", "Redshift Serverless queries failed", {
      metric: new cloudwatch.MathExpression({
        expression: `SELECT SUM(QueriesFailed) FROM "AWS/Redshift-Serverless" WHERE Workgroup = '${workgroup}'`,
        label: "QueriesFailed",
        period: this.period,
      }),
    });
    this.add("redshift-compute", "Redshift Serverless compute seconds in an hour above the threshold", {
      metric: new cloudwatch.Metric({
        namespace: "AWS/Redshift-Serverless",
        metricName: "ComputeSeconds",
        dimensionsMap: { Workgroup: workgroup },
        statistic: "Sum",
        period: Duration.hours(1),
      }),
      threshold: this.props.thresholds.serverlessComputeSecondsPerHour,
    });
  }

  private aws(namespace: string, metricName: string, dims: Record<string, string>, statistic: string) {
    return new cloudwatch.Metric({ namespace, metricName, dimensionsMap: dims, statistic, period: this.period });
  }

  private emf(service: string, metricName: string, statistic = "Sum") {
    return this.aws(this.props.metricsNamespace, metricName, { service }, statistic);
  }

  /** One alarm: above `threshold` (default 0), or below it; missing data is not a breach. */
  private add(
    name: string,
    description: string,
    o: { metric: cloudwatch.IMetric; threshold?: number; below?: boolean; evaluationPeriods?: number },
  ): void {
    const alarm = new cloudwatch.Alarm(this, name, {
      alarmName: `${this.props.namePrefix}-${name}`,
      alarmDescription: description,
      metric: o.metric,
      threshold: o.threshold ?? 0,
      comparisonOperator: o.below
        ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD
        : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: o.evaluationPeriods ?? 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.props.action);
    alarm.addOkAction(this.props.action);
    this.alarms.push({ name, description, alarm });
  }
}
