/**
 * Long series made short enough for a page: consecutive samples are grouped and each group keeps
 * its lowest and its highest value (in time order), so peaks and troughs (the exhaustion
 * moment, the worst throttling) survive. The CSVs keep every sample.
 */

/** The most points a drawn series keeps. */
export const POINTS_MAX = 600;

/** `values` sampled every `stepS` as (time, value) points, at most about `limit` of them. */
export function downsample(
  values: readonly number[],
  stepS: number,
  limit: number = POINTS_MAX,
): [number, number][] {
  if (values.length <= limit) return values.map((value, index) => [index * stepS, value]);
  const group = Math.ceil(values.length / (limit / 2));
  const points: [number, number][] = [];
  for (let start = 0; start < values.length; start += group) {
    let low = start;
    let high = start;
    const end = Math.min(values.length, start + group);
    for (let index = start; index < end; index++) {
      if ((values[index] ?? 0) < (values[low] ?? 0)) low = index;
      if ((values[index] ?? 0) > (values[high] ?? 0)) high = index;
    }
    for (const index of low <= high ? [low, high] : [high, low]) {
      if (points.length > 0 && points[points.length - 1]?.[0] === index * stepS) continue;
      points.push([index * stepS, values[index] ?? 0]);
    }
  }
  return points;
}
