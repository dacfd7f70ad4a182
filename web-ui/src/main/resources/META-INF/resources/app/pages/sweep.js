// A sweep: progress, more seeds, cancel, and a parallel-coordinates view of its axes against a metric.

import {api, query, ApiError} from '../api.js';
import {h, replace, progressBar, badge, empty} from '../dom.js';
import {pct, duration, value} from '../format.js';
import {parallelChart, update} from '../charts.js';
import {dangerButton} from '../actions.js';
import {onSubmit} from '../forms.js';

const METRIC = 'linear-probe/top1';

export async function render(main, [id], ctx) {
  let sweep;
  let runs;
  try {
    [sweep, runs] = await Promise.all([api.get(`/sweeps/${id}`), allRuns(id)]);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      replace(main, h('h1', {}, `Sweep #${id}`), h('div', {class: 'alert info'},
        `No sweep #${id} here${e.problem?.type?.endsWith('not-found') ? '' : ' (this platform may have no sweeps API yet)'}.`));
      return;
    }
    throw e;
  }
  const head = h('div', {});
  const canvas = h('canvas', {id: 'chart-parallel', 'aria-label': 'Parallel coordinates'});
  const table = h('div', {});
  replace(main,
    h('div', {class: 'crumbs'}, h('a', {href: '#/'}, 'Experiments'), ' / ',
      h('a', {href: `#/experiments/${sweep.experiment_id}`}, `experiment #${sweep.experiment_id}`), ' / ', `sweep #${id}`),
    head,
    h('div', {class: 'card'}, h('h2', {}, `Hyperparameters against ${METRIC}`),
      h('div', {class: 'muted small'}, 'One line per finished run; each axis runs from its smallest to its largest value. Colour: better runs are darker.'),
      h('div', {class: 'chart-box tall'}, canvas)),
    h('div', {class: 'card'}, h('h2', {}, 'Runs'), table));
  const chart = parallelChart(canvas, [], []);
  const show = () => {
    renderHead(head, sweep);
    const {axes, items} = parallel(runs);
    chart.options.plugins.umbraParallelAxes.axes = axes;
    update(chart, items.map((item) => ({label: item.label, data: item.values, raw: item.raw, borderColor: item.color,
      backgroundColor: item.color, borderWidth: 1.4, pointRadius: 2, tension: 0})), axes.map((a) => a.label));
    renderRuns(table, runs);
  };
  show();
  ctx.poll(async () => {
    [sweep, runs] = await Promise.all([api.get(`/sweeps/${id}`), allRuns(id)]);
    show();
  }, 3000, () => !sweep.cancelled && sweep.finished_runs < sweep.total_runs);
}

/** Every position of the sweep, page by page. */
async function allRuns(id) {
  const runs = [];
  let cursor = '';
  do {
    const page = await api.get(`/sweeps/${id}/runs${query({limit: 500, cursor})}`);
    runs.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return runs;
}

function renderHead(el, sweep) {
  // Redrawn only when the sweep changed, and never under someone typing seeds.
  const key = JSON.stringify([sweep.total_runs, sweep.finished_runs, sweep.cancelled, sweep.runs_by_state, Math.round(sweep.eta_seconds ?? 0)]);
  if (el.dataset.key === key || el.contains(document.activeElement)) return;
  el.dataset.key = key;
  const cancel = !sweep.cancelled && sweep.finished_runs < sweep.total_runs
    ? dangerButton('Cancel sweep', `Cancel sweep #${sweep.id}? Its queued runs end; running ones stop at their next heartbeat.`,
      async () => { await api.post(`/sweeps/${sweep.id}/cancel`); location.reload(); }, {id: 'cancel-sweep'})
    : null;
  replace(el,
    h('div', {class: 'page-head'},
      h('div', {}, h('h1', {}, sweep.name || `Sweep #${sweep.id}`, ' ', h('span', {class: 'tag'}, sweep.kind)),
        h('div', {class: 'muted'}, `${sweep.total_runs} runs (${sweep.reused_runs} reused) · ${sweep.cancelled ? 'cancelled' : sweep.finished_runs >= sweep.total_runs ? 'finished' : `ETA ${duration(sweep.eta_seconds)}`}`)),
      h('div', {class: 'actions'}, sweep.cancelled ? null : addSeedsForm(sweep),
        h('a', {class: 'button', href: `#/experiments/${sweep.experiment_id}?group=1`}, 'Grouped results'), cancel)),
    h('div', {class: 'card'},
      h('div', {class: 'stat-row', style: 'margin-bottom:10px'},
        h('div', {class: 'stat'}, h('div', {class: 'v'}, `${Math.round(sweep.progress * 100)} %`), h('div', {class: 'l'}, 'finished')),
        Object.entries(sweep.runs_by_state).map(([s, n]) => h('div', {class: 'stat'}, h('div', {class: 'v'}, n), h('div', {class: 'l'}, s.toLowerCase())))),
      progressBar(sweep.progress)));
}

/** More seeds for every configuration of the sweep ("4, 5"); the API's errors show beside the field. */
function addSeedsForm(sweep) {
  const seeds = h('input', {type: 'text', id: 'sweep-more-seeds', placeholder: 'e.g. 4, 5', size: 10, dataset: {field: 'seeds'},
    'aria-label': 'Seeds to add'});
  const button = h('button', {type: 'submit'}, 'Add');
  const form = h('form', {class: 'toolbar', id: 'add-seeds', style: 'margin:0', novalidate: true},
    h('div', {class: 'form-errors', tabindex: '-1'}), h('label', {}, 'More seeds', seeds), button);
  onSubmit(form, button, async () => {
    const list = seeds.value.split(/[\s,]+/).filter(Boolean).map((v) => (Number.isNaN(Number(v)) ? v : Number(v)));
    await api.post(`/sweeps/${sweep.id}/seeds`, {seeds: list});
    location.reload();
  });
  return form;
}

/** Axes: every swept path, then the metric; values normalised to [0, 1] per axis. */
function parallel(runs) {
  const done = runs.filter((r) => r.results?.[METRIC] !== undefined);
  const paths = [...new Set(runs.flatMap((r) => Object.keys(r.params ?? {})))];
  const columns = [...paths.map((p) => ({label: p.split('.').at(-1), get: (r) => r.params[p]})),
    {label: METRIC, get: (r) => r.results[METRIC], percent: true}];
  const axes = columns.map((c) => {
    const raw = done.map(c.get);
    const numeric = raw.every((v) => typeof v === 'number');
    const cats = numeric ? null : [...new Set(raw.map((v) => JSON.stringify(v)))].sort();
    const min = numeric ? Math.min(...raw) : 0;
    const max = numeric ? Math.max(...raw) : Math.max(1, cats.length - 1);
    const fmt = (v) => (c.percent ? pct(v) : value(v));
    return {...c, numeric, cats, min, max, minLabel: done.length ? (numeric ? fmt(min) : cats[0]) : '', maxLabel: done.length ? (numeric ? fmt(max) : cats.at(-1)) : ''};
  });
  const norm = (axis, v) => {
    const x = axis.numeric ? v : axis.cats.indexOf(JSON.stringify(v));
    return axis.max === axis.min ? 0.5 : (x - axis.min) / (axis.max - axis.min);
  };
  const metricAxis = axes.at(-1);
  const items = done.map((r) => {
    const shade = norm(metricAxis, r.results[METRIC]);
    return {label: `run #${r.run_id}`, values: axes.map((a) => norm(a, a.get(r))), raw: axes.map((a) => (a.percent ? pct(a.get(r)) : value(a.get(r)))),
      color: `rgba(59, 91, 219, ${(0.15 + 0.85 * shade).toFixed(2)})`};
  });
  return {axes, items};
}

function renderRuns(el, runs) {
  if (!runs.length) {
    replace(el, empty('This sweep has no runs.'));
    return;
  }
  const paths = [...new Set(runs.flatMap((r) => Object.keys(r.params ?? {})))];
  replace(el, h('div', {class: 'table-wrap'}, h('table', {class: 'data'},
    h('thead', {}, h('tr', {}, h('th', {class: 'num'}, '#'), h('th', {}, 'run'), h('th', {}, 'status'), paths.map((p) => h('th', {class: 'num', title: p}, p.split('.').at(-1))),
      h('th', {class: 'num'}, 'seed'), h('th', {class: 'num'}, 'linear probe'), h('th', {class: 'num'}, 'kNN'))),
    h('tbody', {}, runs.map((r) => h('tr', {},
      h('td', {class: 'num'}, r.position), h('td', {}, h('a', {href: `#/runs/${r.run_id}`}, `#${r.run_id}`), r.reused ? h('span', {class: 'pm'}, ' reused') : null),
      h('td', {}, badge(r.status)), paths.map((p) => h('td', {class: 'num'}, value(r.params[p]))),
      h('td', {class: 'num'}, r.seed), h('td', {class: 'num'}, pct(r.results?.['linear-probe/top1'])), h('td', {class: 'num'}, pct(r.results?.['knn/top1']))))))));
}
