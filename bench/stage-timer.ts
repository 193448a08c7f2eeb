/**
 * The benchmark's view of a local run: wall time per stage and the plumbing ratio, collected through the
 * {@link RunTimer} hooks `runLocal` offers (the run itself keeps no timing). `loglake local run --json`
 * uses it too, so the engineering figures stay out of the human summary.
 */
import type { ComponentTimes, RunStage, RunTimer } from "../local/run.js";

/** Seconds per stage, as seen from inside one run. */
export interface StageSeconds {
  readonly generate_s: number;
  /** Inside the transform handler (Firehose's own measure of the invocations). */
  readonly transform_s: number;
  /** The rest of the ingest loop: the local Firehose, raw backup, partition buffers. */
  readonly firehose_s: number;
  /** Waiting for Parquet conversions after the handler was done. */
  readonly flush_s: number;
  /** Waiting for the last loads and the checkpoint. */
  readonly load_s: number;
  /** DuckDB busy converting and loading, mostly beside the handler. */
  readonly parquet_busy_s: number;
  readonly load_busy_s: number;
}

const s = (ms: number): number => Math.round(ms) / 1000;

/** Collects stage times; read {@link StageTimer.stages} and {@link StageTimer.plumbingRatio} after the run. */
export class StageTimer implements RunTimer {
  private readonly ms: Record<RunStage, number> = { generate: 0, ingest: 0, flush: 0, load: 0 };
  private times: ComponentTimes = { handlerMs: 0, parquetBusyMs: 0, loadBusyMs: 0 };

  time<T>(stage: RunStage, work: () => T): T {
    const started = performance.now();
    const add = (): void => {
      this.ms[stage] += performance.now() - started;
    };
    const result = work();
    if (result instanceof Promise) return result.finally(add) as T;
    add();
    return result;
  }

  components(times: ComponentTimes): void {
    this.times = times;
  }

  /** The ingest loop minus the generator and the handler: what the local Firehose itself cost, ms. */
  private firehoseMs(): number {
    return Math.max(0, this.ms.ingest - this.ms.generate - this.times.handlerMs);
  }

  /** Seconds per stage. */
  stages(): StageSeconds {
    return {
      generate_s: s(this.ms.generate),
      transform_s: s(this.times.handlerMs),
      firehose_s: s(this.firehoseMs()),
      flush_s: s(this.ms.flush),
      load_s: s(this.ms.load),
      parquet_busy_s: s(this.times.parquetBusyMs),
      load_busy_s: s(this.times.loadBusyMs),
    };
  }

  /**
   * (firehose + flush + load) / transform from inside the run: an estimate that misses the handler's
   * slowdown from sharing the cores; the paired figure of bench/local.ts is the one judged.
   */
  plumbingRatio(): number {
    const handler = this.times.handlerMs;
    if (handler <= 0) return 0;
    return Math.round(((this.firehoseMs() + this.ms.flush + this.ms.load) / handler) * 1000) / 1000;
  }
}
