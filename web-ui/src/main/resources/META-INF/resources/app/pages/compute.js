// Accuracy against compute: every configuration's final metric against its mean training time, per
// dataset, with the Pareto front (no other configuration is both better and cheaper) marked.

import {api, query} from '../api.js';
import {h, replace, empty} from '../dom.js';
import {pct, pctSummary, duration, shortHash} from '../format.js';
import {scatterChart, color} from '../charts.js';

const METRICS = [['linear-probe/top1', 'linear probe top-1'], ['knn/top1', 'kNN top-1'], ['label-efficiency/top1@1%', '1 % labels']];

export async function render(main, _params, ctx) {
  const metric = ctx.query.get('metric') ?? METRICS[0][0];
  const choose = h('select', {id: 'compute-metric', 'aria-label': 'Metric'}, METRICS.map(([m, l]) => h('option', {value: m, selected: m === metric}, l)));
  choose.addEventListener('change', () => { location.hash = `#/compute?metric=${encodeURIComponent(choose.value)}`; });
  const data = await api.get(`/compute${query({metric})}`);
  const datasets = [...new Set(data.points.map((p) => p.dataset))];
  replace(main,
    h('div', {class: 'page-head'}, h('div', {}, h('h1', {}, 'Accuracy against compute'),
      h('div', {class: 'muted'}, `${data.metric} (${data.protocol}) against mean training time per run; filled points are on the Pareto front.`)),
    h('div', {class: 'toolbar', style: 'margin:0'}, h('label', {}, 'Metric', choose))),
    datasets.length ? datasets.map((d) => board(d, data.points.filter((p) => p.dataset === d)))
      : empty('No succeeded configuration has this metric and a training time yet.'));
  datasets.forEach((d) => {
    const points = data.points.filter((p) => p.dataset === d);
    scatterChart(document.getElementById(`chart-compute-${d}`), points.map((p, i) => ({
      label: `${p.method} ${shortHash(p.config_hash)}`, x: p.train_seconds_mean, y: p.value.mean, filled: p.pareto, color: color(i),
    })), {xTitle: 'mean training time per run (s)', yTitle: data.metric, percent: true, logX: true});
  });
}

function board(dataset, points) {
  return h('div', {class: 'card', dataset: {dataset}}, h('h2', {}, dataset),
    h('div', {class: 'grid2'},
      h('div', {class: 'chart-box tall'}, h('canvas', {id: `chart-compute-${dataset}`, 'aria-label': `Accuracy against training time on ${dataset}`})),
      h('div', {class: 'table-wrap'}, h('table', {class: 'data'},
        h('thead', {}, h('tr', {}, ['configuration', 'n', 'value', 'train time', 'GPU-hours', 'Pareto'].map((c) => h('th', {}, c)))),
        h('tbody', {}, points.map((p) => h('tr', {dataset: {configHash: p.config_hash, pareto: String(p.pareto)}},
          h('td', {}, `${p.method} `, h('span', {class: 'mono muted'}, shortHash(p.config_hash))), h('td', {class: 'num'}, p.runs),
          h('td', {class: 'num', title: `95 % interval ${pct(p.value.ci95_low)} to ${pct(p.value.ci95_high)}`}, pctSummary(p.value.mean, p.value.std)),
          h('td', {class: 'num'}, duration(p.train_seconds_mean)), h('td', {class: 'num'}, p.gpu_hours_mean === null ? '–' : p.gpu_hours_mean.toFixed(3)),
          h('td', {}, p.pareto ? 'yes' : ''))))))));
}
