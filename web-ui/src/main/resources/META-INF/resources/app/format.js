// Number, time and metric formatting shared by the pages.

export const ACTIVE = new Set(['QUEUED', 'LEASED', 'RUNNING']);

export function isActive(status) {
  return ACTIVE.has(status);
}

/** Accuracies are fractions in [0, 1]; shown as percentages. */
export function pct(value, digits = 1) {
  return value === undefined || value === null || Number.isNaN(value) ? '–' : `${(value * 100).toFixed(digits)} %`;
}

/**
 * A summary of accuracies over seeds, the one format every page uses: "72.0 ± 2.0 %" (the sample std
 * in percentage points), "72.0 %" for a single value.
 */
export function pctSummary(mean, std) {
  if (mean === undefined || mean === null || Number.isNaN(mean)) return '–';
  return std ? `${(mean * 100).toFixed(1)} ± ${(std * 100).toFixed(1)} %` : pct(mean);
}

/** A 95 % interval of accuracies: "67.0 to 77.0 %". */
export function pctInterval(low, high) {
  return low === undefined || low === null ? '–' : `${(low * 100).toFixed(1)} to ${(high * 100).toFixed(1)} %`;
}

/** Percentage points between two accuracies, signed: "+8.0 pts". */
export function points(difference) {
  return `${difference >= 0 ? '+' : '−'}${Math.abs(difference * 100).toFixed(1)} pts`;
}

export function num(value, digits = 4) {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en');
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(digits)));
}

export function value(v) {
  if (v === undefined || v === null) return '–';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function duration(seconds) {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function time(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString('en-GB', {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'});
}

export function ago(iso) {
  if (!iso) return '–';
  return `${duration((Date.now() - new Date(iso).getTime()) / 1000)} ago`;
}

export function shortHash(hash) {
  return hash ? hash.slice(0, 8) : '–';
}
