// Compare runs or groups of seeds: linear-probe accuracy with error bars (std over seeds),
// label-efficiency curves, overlaid loss and kNN curves, and a diff of the specs.
// #/compare?runs=1,2,3  or  #/compare?experiment=5&groups=<config_hash>,<config_hash>

import {api, query} from '../api.js';
import {h, replace, empty} from '../dom.js';
import {pct, value, shortHash} from '../format.js';
import {summary, metricOf, protocolOf, labelFractions, mean} from '../stats.js';
import {barChart, lineChart, line, color} from '../charts.js';

const SERIES_BATCH = 100; // the bulk series endpoint's limit per request

export async function render(main, _params, ctx) {
  const t0 = performance.now();
  const runIds = (ctx.query.get('runs') ?? '').split(',').filter((x) => /^\d+$/.test(x));
  const experimentId = ctx.query.get('experiment');
  const groupHashes = (ctx.query.get('groups') ?? '').split(',').filter(Boolean);

  const items = await loadItems(runIds, experimentId, groupHashes);
  const head = h('div', {class: 'page-head'},
    h('div', {}, h('h1', {}, 'Compare'),
      h('div', {class: 'muted'}, items.length ? `${items.length} ${groupHashes.length ? 'configurations (seeds grouped)' : 'runs'}` : 'Pick runs or configurations')),
    h('div', {class: 'actions'}, picker(runIds)));
  if (!items.length) {
    replace(main, head, empty('Nothing to compare yet. Enter run ids above, or select runs (or configurations, with seeds grouped) on an experiment page and press "Compare selected".'));
    return;
  }

  const allRuns = items.flatMap((i) => i.runs);
  const [seriesByRun, specs] = await Promise.all([loadSeries(allRuns.map((r) => r.id)), loadSpecs(items)]);

  const canvases = {
    linear: h('canvas', {id: 'chart-linear-probe', 'aria-label': 'Linear-probe accuracy'}),
    labels: h('canvas', {id: 'chart-label-efficiency', 'aria-label': 'Label efficiency'}),
    loss: h('canvas', {id: 'chart-compare-loss', 'aria-label': 'Training loss'}),
    knn: h('canvas', {id: 'chart-compare-knn', 'aria-label': 'kNN accuracy by epoch'}),
  };
  const fractions = labelFractions(allRuns);
  replace(main, head,
    h('div', {class: 'pill-list', style: 'margin-bottom:14px'}, items.map((item, i) =>
      h('span', {class: 'pill', style: `border-left: 4px solid ${color(i)}`}, item.label,
        h('a', {href: item.href, class: 'small'}, 'open')))),
    h('div', {class: 'grid2'},
      h('div', {class: 'card'}, h('h2', {}, 'Linear-probe top-1'),
        h('div', {class: 'muted small'}, 'linear-probe/v1, final epoch, test split; bars are means, whiskers ± one std over seeds'),
        h('div', {class: 'chart-box tall'}, canvases.linear)),
      h('div', {class: 'card'}, h('h2', {}, 'Label efficiency'),
        h('div', {class: 'muted small'}, 'label-efficiency/v1: linear probe trained on a fraction of the labels'),
        h('div', {class: 'chart-box tall'}, fractions.length ? canvases.labels : empty('No label-efficiency results among these runs.')))),
    h('div', {class: 'grid2'},
      h('div', {class: 'card'}, h('h2', {}, 'Training loss by epoch'), h('div', {class: 'chart-box'}, canvases.loss)),
      h('div', {class: 'card'}, h('h2', {}, 'kNN top-1 by epoch'), h('div', {class: 'chart-box'}, canvases.knn))),
    h('div', {class: 'card'}, h('h2', {}, 'Results'), resultsTable(items, fractions)),
    h('div', {class: 'card'}, h('h2', {}, 'Spec differences'), specDiff(items, specs)));

  const linear = items.map((i) => summary(i.runs.map((r) => metricOf(r, 'linear-probe/top1'))));
  barChart(canvases.linear, items.map((i) => i.label), linear.map((s) => (s.n ? s.mean : null)),
    linear.map((s) => (s.n > 1 ? s.std : 0)), {percent: true, yTitle: 'top-1', label: 'linear-probe/top1'});
  if (fractions.length) {
    lineChart(canvases.labels, items.map((item, i) => line(item.label, fractions.map((f) => ({
      x: parseFloat(f), y: summary(item.runs.map((r) => metricOf(r, `label-efficiency/top1@${f}`))).mean,
    })).filter((p) => Number.isFinite(p.y)), i, {pointRadius: 3})),
    {percent: true, logX: true, xTitle: 'labelled fraction of the training set', yTitle: 'top-1', legend: true, xTicks: (v) => (fractions.includes(`${v}%`) ? `${v} %` : null)});
  }
  lineChart(canvases.loss, items.map((item, i) => line(item.label, meanCurve(item.runs, seriesByRun, 'train/loss'), i)),
    {xTitle: 'epoch', yTitle: 'loss', legend: true});
  lineChart(canvases.knn, items.map((item, i) => line(item.label, meanCurve(item.runs, seriesByRun, 'knn/top1'), i, {pointRadius: 2})),
    {xTitle: 'epoch', yTitle: 'top-1', percent: true, legend: true});
  main.dataset.renderMs = String(Math.round(performance.now() - t0));
}

/** Items to compare: single runs, or the seeds of one configuration each. */
async function loadItems(runIds, experimentId, groupHashes) {
  if (experimentId && groupHashes.length) {
    const overview = await api.get(`/experiments/${experimentId}/overview`);
    return groupHashes.map((hash) => {
      // A configuration's numbers are those of its succeeded seeds (as on the experiment page).
      const runs = overview.runs.filter((r) => r.config_hash === hash && r.status === 'SUCCEEDED');
      return runs.length ? {label: `${runs[0].method} ${shortHash(hash).slice(0, 6)} (n=${runs.length})`, runs,
        href: `#/experiments/${experimentId}?group=1`, protocolOf: (m) => protocolOf(runs[0], m)} : null;
    }).filter(Boolean);
  }
  if (!runIds.length) return [];
  const overview = await api.get(`/runs/overview${query({ids: runIds.join(',')})}`);
  const byId = new Map(overview.runs.map((r) => [String(r.id), r]));
  return runIds.map((id) => byId.get(id)).filter(Boolean)
    .map((r) => ({label: `#${r.id} ${r.method}`, runs: [r], href: `#/runs/${r.id}`}));
}

/** The resolved spec of each item's first run, in one request. */
async function loadSpecs(items) {
  const ids = items.map((i) => i.runs[0].id);
  const overview = await api.get(`/runs/overview${query({ids: ids.join(','), specs: true})}`);
  const byId = new Map(overview.runs.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

async function loadSeries(ids) {
  const batches = [];
  for (let i = 0; i < ids.length; i += SERIES_BATCH) batches.push(ids.slice(i, i + SERIES_BATCH));
  const results = await Promise.all(batches.map((batch) =>
    api.get(`/runs/series${query({ids: batch.join(','), keys: 'train/loss,knn/top1', max_points: 1000})}`)));
  return new Map(results.flat().map((r) => [r.run_id, Object.fromEntries(r.series.map((s) => [s.key, s]))]));
}

/** The mean over runs of a per-epoch series, at each epoch some run reported. */
function meanCurve(runs, seriesByRun, key) {
  const byStep = new Map();
  for (const run of runs) {
    const s = seriesByRun.get(run.id)?.[key];
    s?.steps.forEach((step, i) => {
      if (!byStep.has(step)) byStep.set(step, []);
      byStep.get(step).push(s.values[i]);
    });
  }
  return [...byStep.entries()].sort((a, b) => a[0] - b[0]).map(([x, v]) => ({x, y: mean(v)}));
}

function resultsTable(items, fractions) {
  const all = items.flatMap((i) => i.runs);
  const metrics = [['linear-probe/top1', 'linear probe'], ['linear-probe/top5', 'linear probe top-5'], ['knn/top1', 'kNN'],
    ...fractions.map((f) => [`label-efficiency/top1@${f}`, `${f} labels`])]
    .filter(([m]) => m === 'linear-probe/top1' || all.some((r) => metricOf(r, m) !== undefined));
  const cell = (runs, metric) => {
    const s = summary(runs.map((r) => metricOf(r, metric)));
    if (!s.n) return h('td', {class: 'num'}, '–');
    return h('td', {class: 'num', title: `n=${s.n}`}, pct(s.mean, 2), s.n > 1 ? h('span', {class: 'pm'}, ` ± ${(s.std * 100).toFixed(2)}`) : null);
  };
  const protocols = metrics.map(([m]) => all.map((r) => protocolOf(r, m)).find(Boolean) ?? '');
  return h('div', {class: 'table-wrap', style: 'max-height:none'}, h('table', {class: 'data', id: 'compare-results'},
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {class: 'num'}, 'n'),
      metrics.map(([, label], i) => h('th', {class: 'num'}, label, h('div', {class: 'pm', style: 'font-weight:normal'}, protocols[i]))))),
    h('tbody', {}, items.map((item, i) => h('tr', {},
      h('td', {}, h('span', {style: `color:${color(i)}`}, '■ '), item.label), h('td', {class: 'num'}, item.runs.length),
      metrics.map(([m]) => cell(item.runs, m)))))));
}

function flatten(node, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(node ?? {})) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, path, out);
    else out[path] = v;
  }
  return out;
}

function specDiff(items, runs) {
  const flat = runs.map((r) => {
    const f = flatten(r.resolved_spec);
    delete f.seed; // seeds differ by design; a group holds several
    return f;
  });
  const paths = [...new Set(flat.flatMap(Object.keys))].sort();
  const differing = paths.filter((p) => new Set(flat.map((f) => JSON.stringify(f[p]))).size > 1);
  const table = (shown) => h('div', {class: 'table-wrap'}, h('table', {class: 'data', id: shown === differing ? 'spec-diff' : null},
    h('thead', {}, h('tr', {}, h('th', {}, 'path'), items.map((item, i) => h('th', {style: `color:${color(i)}`}, item.label)))),
    h('tbody', {}, shown.map((p) => h('tr', {dataset: {path: p}}, h('td', {class: 'mono'}, p),
      flat.map((f) => h('td', {class: differing.includes(p) ? 'mono' : 'mono diff-same'}, value(f[p]))))))));
  if (items.length < 2) return h('p', {class: 'muted'}, 'Add a second run or configuration to see how the specs differ.');
  return h('div', {},
    differing.length ? table(differing) : h('p', {class: 'muted'}, 'The specs are identical (seeds aside).'),
    h('details', {}, h('summary', {}, `All ${paths.length} resolved-spec values`), table(paths)));
}

function picker(runIds) {
  const input = h('input', {type: 'text', id: 'compare-run-ids', value: runIds.join(','), placeholder: 'run ids, e.g. 12,13,20', size: 28,
    'aria-label': 'Run ids to compare'});
  const form = h('form', {class: 'toolbar', style: 'margin:0'}, h('label', {}, 'Runs', input),
    h('button', {type: 'submit'}, 'Compare'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const ids = input.value.split(/[\s,]+/).filter((x) => /^\d+$/.test(x));
    location.hash = `#/compare?runs=${ids.join(',')}`;
  });
  return form;
}
