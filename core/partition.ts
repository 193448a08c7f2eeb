/**
 * Partition keys by EVENT time: { dt: YYYY-MM-DD, hour: HH } in UTC or a configured IANA zone.
 */

/** Firehose dynamic-partitioning keys the transform returns per record. */
export interface PartitionKeys {
  readonly dt: string;
  readonly hour: string;
}

/** Something that maps an epoch-ms instant to its partition. */
export type Partitioner = (epochMs: number) => PartitionKeys;

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/**
 * Builds a partitioner for a time zone. For zones other than UTC, results are cached per
 * quarter hour: every zone's offset is a multiple of 15 minutes, so all instants of one
 * quarter hour share a local date and hour, and Intl runs once per quarter, not per event.
 * @throws RangeError naming the zone when it is not a valid IANA zone.
 */
export function createPartitioner(timeZone = "UTC"): Partitioner {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return utcPartitioner();
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
    });
  } catch {
    throw new RangeError(`PARTITION_TIME_ZONE: "${timeZone}" is not a valid IANA time zone`);
  }
  const cache = new Map<number, PartitionKeys>();
  return (epochMs) => {
    const quarter = Math.floor(epochMs / QUARTER_HOUR_MS);
    let keys = cache.get(quarter);
    if (!keys) {
      const parts = Object.fromEntries(format.formatToParts(epochMs).map((p) => [p.type, p.value]));
      keys = { dt: `${parts.year}-${parts.month}-${parts.day}`, hour: String(parts.hour).padStart(2, "0") };
      if (cache.size > 10_000) cache.clear();
      cache.set(quarter, keys);
    }
    return keys;
  };
}

/** UTC needs no Intl; the last hour is cached because consecutive events share it. */
function utcPartitioner(): Partitioner {
  let lastHour = Number.NaN;
  let last: PartitionKeys = { dt: "", hour: "" };
  return (epochMs) => {
    const hour = Math.floor(epochMs / 3_600_000);
    if (hour !== lastHour) {
      const iso = new Date(hour * 3_600_000).toISOString();
      last = { dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
      lastHour = hour;
    }
    return last;
  };
}

/** A stable string key for grouping rows by partition. */
export const partitionId = (keys: PartitionKeys): string => `${keys.dt}/${keys.hour}`;
