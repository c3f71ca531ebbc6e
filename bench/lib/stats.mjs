// Order statistics over timing samples (ms).

/** The q-quantile (0..1) with linear interpolation between order statistics. */
export function quantile(samples, q) {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (s) => quantile(s, 0.5);
export const p90 = (s) => quantile(s, 0.9);

/** Median of the per-round differences a[i] - b[i] (both series come from the same rounds). */
export function pairedMedianDiff(a, b) {
  const n = Math.min(a.length, b.length);
  const d = [];
  for (let i = 0; i < n; i++) d.push(a[i] - b[i]);
  return median(d);
}

export function summary(samples) {
  return { n: samples.length, median: median(samples), p90: p90(samples), min: Math.min(...samples) };
}
