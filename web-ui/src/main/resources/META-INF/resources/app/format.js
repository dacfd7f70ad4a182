// Number, time and metric formatting shared by the pages.

export const ACTIVE = new Set(['QUEUED', 'LEASED', 'RUNNING']);

export function isActive(status) {
  return ACTIVE.has(status);
}

/** Accuracies are fractions in [0, 1]; shown as percentages. */
export function pct(value, digits = 1) {
  return value === undefined || value === null || Number.isNaN(value) ? '–' : `${(value * 100).toFixed(digits)} %`;
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
