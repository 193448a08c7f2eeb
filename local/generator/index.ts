/**
 * The deterministic traffic generator: onboarding applicants → log events → gzip'd CloudWatch Logs
 * subscription payloads, produced in chunks so a million events never sit in memory as objects at once.
 */
import { OnboardingApp } from "./journey.js";
import { controlMessage, corruptRecords, Packer } from "./pack.js";
import { type Applicant, makeApplicant } from "./pii.js";
import { Prng } from "./prng.js";

/** Options of a generation run. */
export interface TrafficOptions {
  /** Exact number of log events (DATA_MESSAGE events) to generate. */
  readonly events: number;
  readonly seed: string | number;
  /**
   * Time of the first event. Fixed by default so a seed fully determines every event and id, and set
   * two minutes before an hour so even small runs span two hourly partitions.
   * @default 2025-06-02T09:58:00Z
   */
  readonly startMs?: number;
  /** Applicants simulated per chunk (bounds memory). @default 250 */
  readonly applicantsPerChunk?: number;
}

/** One chunk of Firehose records (raw bytes) and how many log events they carry. */
export interface TrafficChunk {
  readonly records: Uint8Array[];
  readonly events: number;
}

/** Personal data the generator planted, kept for the masking check (bounded sample). */
export interface PlantedPii {
  emails: string[];
  cards: string[];
  cuits: string[];
  dnis: string[];
}

/** Default first-event time; see {@link TrafficOptions.startMs}. */
export const DEFAULT_START_MS = Date.UTC(2025, 5, 2, 9, 58, 0);
const PLANTED_SAMPLE = 200;

/** Generates traffic; iterate {@link TrafficGenerator.chunks}, then read the counters. */
export class TrafficGenerator {
  private readonly rng: Prng;
  /** Log events generated so far. */
  events = 0;
  /** Firehose records generated so far (data, control and corrupt). */
  records = 0;
  readonly controlRecords = 1;
  corruptRecords = 0;
  readonly planted: PlantedPii = { emails: [], cards: [], cuits: [], dnis: [] };
  /** The corrupt records' bytes, to compare with the error prefix's rawData. */
  readonly corrupt: Uint8Array[] = [];

  constructor(private readonly options: TrafficOptions) {
    if (!Number.isInteger(options.events) || options.events < 0)
      throw new RangeError("events must be a non-negative integer");
    this.rng = new Prng(options.seed);
  }

  /** Yields chunks until the event budget is spent. */
  *chunks(): Generator<TrafficChunk> {
    const rng = this.rng;
    const packer = new Packer(rng, this.options.events);
    const app = new OnboardingApp(rng, packer);
    let t = this.options.startMs ?? DEFAULT_START_MS;
    const perChunk = this.options.applicantsPerChunk ?? 250;
    // What CloudWatch Logs writes into a vended log group when the subscription is created.
    packer.emit(
      "/aws/vendedlogs/states/onboarding-workflow-Logs",
      "log_stream_created_by_aws_to_validate_log_delivery_subscriptions",
      t,
      "Permissions are set correctly to allow AWS CloudWatch Logs to write into your logs while creating a subscription.",
    );
    let first = true;
    while (!packer.full) {
      for (let i = 0; i < perChunk && !packer.full; i++) {
        const who = makeApplicant(rng);
        this.plant(who);
        app.applicant(t, who);
        t += rng.int(500, 6_500);
      }
      const records = packer.flush();
      const events = packer.accepted - this.events;
      this.events = packer.accepted;
      if (first) {
        // The subscription's health check arrives first; a few corrupt records ride along in the first chunk.
        records.unshift(controlMessage(this.options.startMs ?? DEFAULT_START_MS));
        const bad = corruptRecords(rng, t);
        this.corrupt.push(...bad);
        this.corruptRecords = bad.length;
        records.splice(Math.min(records.length, 3), 0, ...bad);
        first = false;
      }
      this.records += records.length;
      yield { records, events };
    }
  }

  private plant(who: Applicant): void {
    if (this.planted.emails.length >= PLANTED_SAMPLE) return;
    this.planted.emails.push(who.email);
    this.planted.cards.push(who.card);
    this.planted.cuits.push(who.cuit);
    this.planted.dnis.push(who.dni);
  }
}
