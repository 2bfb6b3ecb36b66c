/**
 * Lead times as a DDSketch (Masson et al., 2019): a duration is counted in the bucket whose value it
 * is within 2% of, so percentiles over millions of moves are read from a few thousand counts. The
 * database assigns buckets (`report_duration_bucket` in Migration20261215000000_report_rollups);
 * this file turns buckets back into durations. Bucket 0 holds everything under a second.
 */
const RELATIVE_ACCURACY = 0.02;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);

/** The bucket of a duration, as the database computes it (tests hold the two to the same answer). */
export function durationBucket(seconds: number): number {
  return seconds < 1 ? 0 : Math.ceil(Math.log(seconds) / Math.log(GAMMA)) + 1;
}

/** The duration a bucket stands for: within 2% of every duration counted in it. */
export function bucketSeconds(bucket: number): number {
  return bucket <= 0 ? 0 : (2 * GAMMA ** (bucket - 1)) / (GAMMA + 1);
}

export interface BucketCount {
  bucket: number;
  moves: number;
}

/**
 * Percentiles interpolated between the two nearest ranks, as PostgreSQL's `percentile_cont` does
 * over the raw durations — each rank's duration known to within 2%. Buckets with no moves (a deleted
 * case taken back) are skipped.
 */
export function sketchPercentiles(
  counts: BucketCount[],
  quantiles: number[],
): { count: number; seconds: number[] } {
  const buckets = counts.filter((each) => each.moves > 0).sort((a, b) => a.bucket - b.bucket);
  const count = buckets.reduce((total, each) => total + each.moves, 0);
  const atRank = (rank: number) => {
    let seen = 0;
    for (const each of buckets) {
      seen += each.moves;
      if (rank < seen) return bucketSeconds(each.bucket);
    }
    return bucketSeconds(buckets.at(-1)?.bucket ?? 0);
  };
  const seconds = quantiles.map((q) => {
    if (count === 0) return 0;
    const rank = q * (count - 1);
    const low = atRank(Math.floor(rank));
    return low + (atRank(Math.ceil(rank)) - low) * (rank - Math.floor(rank));
  });
  return { count, seconds };
}
