// Seed statistics and the run metrics the tables and charts show.

export function mean(values) {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** Sample standard deviation (n - 1); 0 for a single value. */
export function std(values) {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}

export function summary(values) {
  const v = values.filter((x) => x !== undefined && x !== null && Number.isFinite(x));
  return {n: v.length, mean: mean(v), std: std(v), min: v.length ? Math.min(...v) : NaN, max: v.length ? Math.max(...v) : NaN};
}

/** A run overview's value of a metric: its evaluation result if any, else the latest of its series. */
export function metricOf(run, metric) {
  const result = run.results?.find((r) => r.metric === metric);
  if (result) return result.value;
  return run.latest?.[metric];
}

/** The protocol a result metric came from, e.g. linear-probe/v1; undefined for series-only values. */
export function protocolOf(run, metric) {
  return run.results?.find((r) => r.metric === metric)?.protocol;
}

/** Groups run overviews by config_hash (the seeds of one configuration), in first-seen order. */
export function groupByConfig(runs) {
  const groups = new Map();
  for (const run of runs) {
    if (!groups.has(run.config_hash)) groups.set(run.config_hash, []);
    groups.get(run.config_hash).push(run);
  }
  return [...groups.entries()].map(([configHash, members]) => ({configHash, runs: members}));
}

/** Label fractions of the label-efficiency protocol found in runs' results, ascending (e.g. ['1%', '10%', '100%']). */
export function labelFractions(runs) {
  const found = new Set();
  for (const run of runs) {
    for (const r of run.results ?? []) {
      const m = /^label-efficiency\/top1@([0-9.]+%)$/.exec(r.metric);
      if (m) found.add(m[1]);
    }
  }
  return [...found].sort((a, b) => parseFloat(a) - parseFloat(b));
}
