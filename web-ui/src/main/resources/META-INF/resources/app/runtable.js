// Column definitions shared by the experiment page's run and group tables.

import {h, badge, progressBar} from './dom.js';
import {pct, pctSummary, num, value, shortHash, time} from './format.js';
import {metricOf, protocolOf, labelFractions, summary} from './stats.js';

/** Headline metrics: evaluation results where they exist, the latest series value otherwise. */
export function metricColumns(runs) {
  const cols = [
    {metric: 'linear-probe/top1', label: 'linear probe', protocol: 'linear-probe/v1', percent: true},
    {metric: 'knn/top1', label: 'kNN', protocol: 'knn/v1', percent: true},
  ];
  for (const fraction of labelFractions(runs)) {
    cols.push({metric: `label-efficiency/top1@${fraction}`, label: `${fraction} labels`, protocol: 'label-efficiency/v1', percent: true});
  }
  cols.push({metric: 'train/loss', label: 'loss', protocol: 'latest epoch', percent: false});
  return cols;
}

/** A hyperparameter path's column title: its last segment, with the full path as tooltip. */
const LABELS = {'optimizer.name': 'optimizer', 'optimizer.lr': 'lr', 'batch_size': 'batch', 'augmentation.recipe': 'recipe',
  'max_steps_per_epoch': 'max steps'};

export function paramLabel(path) {
  if (LABELS[path]) return LABELS[path];
  const parts = path.split('.');
  const last = parts[parts.length - 1];
  return parts[0] === 'augmentation' && last !== 'recipe' ? `${parts[parts.length - 2]}.${last}` : last.replace(/_/g, ' ');
}

function metricCell(run, col) {
  const v = metricOf(run, col.metric);
  const protocol = protocolOf(run, col.metric);
  return h('td', {class: 'num', title: protocol ? `${col.metric} (${protocol})` : col.metric, dataset: {metric: col.metric}},
    col.percent ? pct(v) : num(v));
}

function statusCell(run) {
  const fraction = run.progress?.fraction;
  return h('td', {class: 'status'}, badge(run.status),
    run.status === 'RUNNING' && fraction !== undefined ? progressBar(fraction, true) : null,
    run.status === 'RUNNING' && run.progress?.epoch ? h('span', {class: 'pm'}, ` e${run.progress.epoch}`) : null);
}

/** Columns of the run table: {key, label, title, sortValue(run), cell(run)}. */
export function runColumns(paths, metrics, hidden = new Set()) {
  return [
    {key: 'id', label: '#', num: true, sortValue: (r) => r.id,
      cell: (r) => h('td', {class: 'num'}, h('a', {href: `#/runs/${r.id}`}, r.id))},
    {key: 'status', label: 'status', sortValue: (r) => r.status, cell: statusCell},
    {key: 'method', label: 'method', sortValue: (r) => r.method, cell: (r) => h('td', {}, r.method)},
    {key: 'backbone', label: 'backbone', sortValue: (r) => r.backbone, cell: (r) => h('td', {}, r.backbone)},
    {key: 'dataset', label: 'dataset', sortValue: (r) => r.dataset, cell: (r) => h('td', {}, r.dataset)},
    {key: 'seed', label: 'seed', num: true, sortValue: (r) => r.seed, cell: (r) => h('td', {class: 'num'}, r.seed)},
    ...paths.map((path) => ({key: `p:${path}`, label: paramLabel(path), title: path, num: true,
      sortValue: (r) => r.hyperparameters[path], cell: (r) => h('td', {class: 'num'}, value(r.hyperparameters[path]))})),
    ...metrics.map((col) => ({key: `m:${col.metric}`, label: col.label, sub: col.protocol, title: col.metric, num: true,
      sortValue: (r) => metricOf(r, col.metric), cell: (r) => metricCell(r, col)})),
    {key: 'config', label: 'config', sortValue: (r) => r.config_hash,
      cell: (r) => h('td', {class: 'mono', title: r.config_hash}, shortHash(r.config_hash))},
    {key: 'created', label: 'created', sortValue: (r) => r.created_at, cell: (r) => h('td', {class: 'muted'}, time(r.created_at))},
  ].filter((c) => !hidden.has(c.key));
}

function meanStdCell(values, col) {
  const s = summary(values);
  if (!s.n) return h('td', {class: 'num'}, '–');
  const fmt = col.percent ? pct : (x) => num(x, 3);
  return h('td', {class: 'num', title: `n=${s.n}, min ${fmt(s.min)}, max ${fmt(s.max)}`, dataset: {metric: col.metric}},
    col.percent ? pctSummary(s.mean, s.std) : [fmt(s.mean), s.n > 1 ? h('span', {class: 'pm'}, ` ± ${fmt(s.std)}`) : null]);
}

function statusSummary(runs) {
  const counts = {};
  runs.forEach((r) => { counts[r.status] = (counts[r.status] ?? 0) + 1; });
  return h('td', {}, Object.entries(counts).map(([s, n]) => h('span', {class: `badge ${s}`, style: 'margin-right:3px'}, `${n} ${s.toLowerCase()}`)));
}

/** A group's statistics cover its succeeded runs only: a failed or unfinished run's numbers are not final. */
function succeeded(group) {
  return group.runs.filter((r) => r.status === 'SUCCEEDED');
}

/** Columns of the grouped table; a group is {configHash, runs}. */
export function groupColumns(paths, metrics, hidden = new Set()) {
  const first = (g) => g.runs[0];
  return [
    {key: 'config', label: 'config', sortValue: (g) => g.configHash,
      cell: (g) => h('td', {class: 'mono', title: g.configHash}, shortHash(g.configHash))},
    {key: 'method', label: 'method', sortValue: (g) => first(g).method, cell: (g) => h('td', {}, first(g).method)},
    {key: 'backbone', label: 'backbone', sortValue: (g) => first(g).backbone, cell: (g) => h('td', {}, first(g).backbone)},
    {key: 'dataset', label: 'dataset', sortValue: (g) => first(g).dataset, cell: (g) => h('td', {}, first(g).dataset)},
    {key: 'seeds', label: 'seeds', num: true, sortValue: (g) => g.runs.length,
      cell: (g) => h('td', {class: 'num', title: g.runs.map((r) => r.seed).join(', ')}, g.runs.length)},
    {key: 'status', label: 'runs', sortValue: (g) => g.runs.filter((r) => r.status === 'SUCCEEDED').length, cell: (g) => statusSummary(g.runs)},
    ...paths.map((path) => ({key: `p:${path}`, label: paramLabel(path), title: path, num: true,
      sortValue: (g) => first(g).hyperparameters[path], cell: (g) => h('td', {class: 'num'}, value(first(g).hyperparameters[path]))})),
    ...metrics.map((col) => ({key: `m:${col.metric}`, label: col.label, sub: `${col.protocol}, mean ± std`,
      title: `${col.metric}: mean ± sample std over the succeeded runs`, num: true,
      sortValue: (g) => summary(succeeded(g).map((r) => metricOf(r, col.metric))).mean,
      cell: (g) => meanStdCell(succeeded(g).map((r) => metricOf(r, col.metric)), col)})),
  ].filter((c) => !hidden.has(c.key));
}

/** Dataset and backbone columns are left out when every run shares them (the page header names them). */
export function uniformColumns(runs) {
  const hidden = new Set();
  for (const key of ['dataset', 'backbone']) {
    if (new Set(runs.map((r) => r[key])).size === 1) hidden.add(key);
  }
  return hidden;
}

/** Sorts rows by a column; missing values always last. */
export function sortRows(rows, column, dir) {
  const sign = dir === 'asc' ? 1 : -1;
  return rows.slice().sort((a, b) => {
    const x = column.sortValue(a);
    const y = column.sortValue(b);
    const xm = x === undefined || x === null || Number.isNaN(x);
    const ym = y === undefined || y === null || Number.isNaN(y);
    if (xm || ym) return xm === ym ? 0 : xm ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * sign;
    return String(x).localeCompare(String(y), 'en', {numeric: true}) * sign;
  });
}
