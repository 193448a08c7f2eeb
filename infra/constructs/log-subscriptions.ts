/**
 * LogsToFirehose: one CloudWatch Logs subscription filter per configured onboarding log group,
 * all delivering to the pipeline's stream through one role that may put records to that stream only.
 */
import { Annotations, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as firehose from "aws-cdk-lib/aws-kinesisfirehose";
import * as logs from "aws-cdk-lib/aws-logs";
import * as destinations from "aws-cdk-lib/aws-logs-destinations";
import { Construct } from "constructs";

/** One subscribed log group. */
export interface SubscribedLogGroup {
  /** Exact log group name. */
  readonly name: string;
  /** CloudWatch Logs filter pattern; "" forwards every event. */
  readonly filterPattern: string;
}

/** Props of {@link LogsToFirehose}. */
export interface LogsToFirehoseProps {
  readonly deliveryStream: firehose.IDeliveryStream;
  readonly logGroups: readonly SubscribedLogGroup[];
  /** Subscription filter name (unique per log group). @default "onboarding-log-lake" */
  readonly filterName?: string;
}

/** A construct-id-safe form of a log group name. */
export function logGroupConstructId(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "root";
}

/** Subscription filters from the onboarding log groups to Firehose. */
export class LogsToFirehose extends Construct {
  /** The role CloudWatch Logs assumes to put records. */
  readonly role: iam.Role;
  readonly filters: logs.SubscriptionFilter[];

  constructor(scope: Construct, id: string, props: LogsToFirehoseProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, "Role", {
      description: "CloudWatch Logs puts subscription records to the onboarding log lake stream",
      assumedBy: new iam.ServicePrincipal("logs.amazonaws.com", {
        conditions: {
          StringEquals: { "aws:SourceAccount": stack.account },
          StringLike: { "aws:SourceArn": stack.formatArn({ service: "logs", resource: "*" }) },
        },
      }),
    });
    if (props.logGroups.length === 0) {
      // A warning, not an error: the rest of the stage deploys, and filters follow once logGroups is set.
      Annotations.of(this).addWarningV2(
        "loglake:no-log-groups",
        "logGroups is empty: no subscription filters are created. Set loglake.<stage>.logGroups in cdk.json to the onboarding app's existing log groups.",
      );
    }
    // The destination grants firehose:PutRecord(Batch) on this stream only.
    const destination = new destinations.FirehoseDestination(props.deliveryStream, { role: this.role });
    this.filters = props.logGroups.map(
      (group) =>
        new logs.SubscriptionFilter(this, logGroupConstructId(group.name), {
          logGroup: logs.LogGroup.fromLogGroupName(this, `${logGroupConstructId(group.name)}-Group`, group.name),
          destination,
          filterPattern: logs.FilterPattern.literal(group.filterPattern),
          filterName: props.filterName ?? "onboarding-log-lake",
        }),
    );
  }
}
