/**
 * PipelineDashboard: one CloudWatch dashboard per stage with the same signals as the alarms: an
 * alarm-status strip on top, then each alarm's metric against its threshold, plus the throughput.
 */
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { Construct } from "constructs";
import type { PipelineAlarm } from "./pipeline-alarms.js";

/** Props of {@link PipelineDashboard}. */
export interface PipelineDashboardProps {
  readonly dashboardName: string;
  readonly alarms: readonly PipelineAlarm[];
  /** Throughput graphs (events transformed, rows loaded) shown beside the alarms. */
  readonly throughput: readonly cloudwatch.IMetric[];
}

/** Alarm widgets per row. */
const PER_ROW = 4;

/** The stage's dashboard. */
export class PipelineDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", { dashboardName: props.dashboardName });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: props.alarms.map((a) => a.alarm), width: 24 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: "Throughput", left: [...props.throughput], width: 24 }),
    );
    for (let i = 0; i < props.alarms.length; i += PER_ROW) {
      const row = props.alarms
        .slice(i, i + PER_ROW)
        .map((a) => new cloudwatch.AlarmWidget({ alarm: a.alarm, title: a.name, width: 24 / PER_ROW }));
      this.dashboard.addWidgets(...row);
    }
  }
}
