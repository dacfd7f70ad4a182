// One run: live progress, loss and kNN curves, collapse diagnostics, evaluation results with
// their protocol, environment, artifacts and the log tail. Polls every 2 s while the run is active.

import {api, query} from '../api.js';
import {h, replace, badge, progressBar, empty, kvTable} from '../dom.js';
import {isActive, pct, num, duration, time, value, shortHash} from '../format.js';
import {lineChart, line, update} from '../charts.js';

const SERIES = ['train/loss_step', 'train/loss', 'train/lr', 'knn/top1', 'diag/embedding_std', 'diag/rankme', 'diag/energy_gap'];
const DIAGNOSTICS = [
  ['diag/embedding_std', 'Embedding std', 'per-dimension std of normalised embeddings; near 0 means collapse', 'chart-diag-std'],
  ['diag/rankme', 'Effective rank (RankMe)', 'effective rank of the embeddings; low means dimensional collapse', 'chart-diag-rankme'],
  ['diag/energy_gap', 'Energy gap', 'distance of non-matching pairs minus matching pairs; 0 means no discrimination', 'chart-diag-energy'],
];

async function fetchAll(id) {
  const [run, series, results, artifacts] = await Promise.all([
    api.get(`/runs/${id}`),
    api.get(`/runs/${id}/metrics${query({keys: SERIES.join(','), max_points: 500})}`),
    api.get(`/runs/${id}/results`),
    api.get(`/runs/${id}/artifacts`),
  ]);
  return {run, series: Object.fromEntries(series.map((s) => [s.key, s])), results, artifacts};
}

function points(series) {
  return series ? series.steps.map((x, i) => ({x, y: series.values[i]})) : [];
}

export async function render(main, [id], ctx) {
  let data = await fetchAll(id);
  const head = h('div', {class: 'page-head'});
  const progress = h('div', {class: 'card', id: 'run-progress'});
  const charts = {
    loss: h('canvas', {id: 'chart-loss', 'aria-label': 'Training loss'}),
    knn: h('canvas', {id: 'chart-knn', 'aria-label': 'kNN accuracy by epoch'}),
  };
  const diagCanvases = DIAGNOSTICS.map(([, , , canvasId]) => h('canvas', {id: canvasId}));
  const results = h('div', {id: 'run-results'});
  const environment = h('div', {id: 'run-environment'});
  const artifacts = h('div', {id: 'run-artifacts'});
  const log = h('pre', {class: 'log', id: 'run-log', tabindex: 0, 'aria-label': 'Log tail'});
  const specs = h('div', {});

  replace(main,
    h('div', {class: 'crumbs'}, h('a', {href: '#/'}, 'Experiments'), ' / ',
      h('a', {href: `#/experiments/${data.run.experiment_id}`}, `experiment #${data.run.experiment_id}`), ' / ', `run #${id}`),
    head, progress,
    h('div', {class: 'grid2'},
      h('div', {class: 'card'}, h('h2', {}, 'Training loss'), h('div', {class: 'chart-box'}, charts.loss)),
      h('div', {class: 'card'}, h('h2', {}, 'kNN top-1 by epoch'), h('div', {class: 'chart-box'}, charts.knn))),
    h('div', {class: 'card'}, h('h2', {}, 'Collapse diagnostics'),
      h('div', {class: 'grid3'}, DIAGNOSTICS.map(([, title, hint], i) => h('div', {},
        h('h3', {title: hint}, title), h('div', {class: 'chart-box small'}, diagCanvases[i]))))),
    h('div', {class: 'card'}, h('h2', {}, 'Evaluation results'), results),
    h('div', {class: 'grid2'},
      h('div', {class: 'card'}, h('h2', {}, 'Environment'), environment),
      h('div', {class: 'card'}, h('h2', {}, 'Artifacts'), artifacts)),
    h('div', {class: 'card'}, h('h2', {}, 'Log tail'), log),
    h('div', {class: 'card'}, h('h2', {}, 'Spec'), specs));

  const lossChart = lineChart(charts.loss, [], {xTitle: 'step', yTitle: 'loss', legend: true,
    extraScales: {x2: {type: 'linear', position: 'top', title: {display: true, text: 'epoch'}, ticks: {precision: 0}, grid: {display: false}}}});
  const knnChart = lineChart(charts.knn, [], {xTitle: 'epoch', yTitle: 'top-1', percent: true});
  const diagCharts = diagCanvases.map((c) => lineChart(c, [], {xTitle: 'epoch'}));

  const show = () => {
    const {run, series} = data;
    renderHead(head, run, () => api.post(`/runs/${id}/cancel`).then(async () => { data = await fetchAll(id); show(); }));
    renderProgress(progress, run, series);
    // Epoch means sit at the step that ends their epoch when the step count is known; else on an epoch axis.
    const stepsPerEpoch = run.progress?.total_steps && run.resolved_spec?.epochs ? run.progress.total_steps / run.resolved_spec.epochs : null;
    const epochLoss = points(series['train/loss']);
    lossChart.options.scales.x2.display = !stepsPerEpoch && epochLoss.length > 0;
    update(lossChart, [
      line('loss per step', points(series['train/loss_step']), 0, {borderWidth: 1, borderColor: '#3b5bdb88'}),
      stepsPerEpoch
        ? line('loss per epoch (mean)', epochLoss.map((p) => ({x: p.x * stepsPerEpoch, y: p.y})), 1, {pointRadius: 3})
        : line('loss per epoch (mean)', epochLoss, 1, {xAxisID: 'x2', pointRadius: 3}),
    ]);
    update(knnChart, [line('kNN top-1', points(series['knn/top1']), 2, {pointRadius: 3})]);
    DIAGNOSTICS.forEach(([key, title], i) => update(diagCharts[i], [line(title, points(series[key]), 3 + i, {pointRadius: 2})]));
    renderResults(results, data.results);
    replace(environment, run.environment ? kvTable(Object.entries(run.environment).map(([k, v]) => [k, value(v)]))
      : h('p', {class: 'muted'}, 'Not reported yet: the runner sends it with its first heartbeat.'));
    renderArtifacts(artifacts, run.id, data.artifacts);
    log.textContent = run.log_tail || (isActive(run.status) ? 'No log yet.' : 'No log.');
    log.scrollTop = log.scrollHeight;
    replace(specs, h('details', {}, h('summary', {}, 'Resolved spec (every default filled in)'), h('pre', {class: 'json'}, JSON.stringify(run.resolved_spec, null, 2))),
      h('details', {}, h('summary', {}, 'As submitted'), h('pre', {class: 'json', id: 'run-spec'}, JSON.stringify(run.spec, null, 2))));
  };
  show();
  ctx.poll(async () => { data = await fetchAll(id); show(); }, 2000, () => isActive(data.run.status));
}

function renderHead(el, run, cancel) {
  const cancelButton = isActive(run.status) && !run.cancel_requested
    ? h('button', {type: 'button', class: 'danger', id: 'cancel-run', onclick: async (e) => { e.target.disabled = true; await cancel(); }}, 'Cancel run')
    : null;
  replace(el,
    h('div', {},
      h('h1', {}, `Run #${run.id} `, h('span', {id: 'run-status'}, badge(run.status)),
        run.cancel_requested && isActive(run.status) ? h('span', {class: 'pm'}, ' cancel requested') : null),
      h('div', {class: 'muted'}, `${run.method} · ${run.backbone} · ${run.dataset} · seed ${run.seed} · config `,
        h('a', {href: `#/experiments/${run.experiment_id}?group=1`, class: 'mono', title: run.config_hash}, shortHash(run.config_hash)),
        ` · attempt ${run.attempt}/${run.max_attempts}`)),
    h('div', {class: 'actions'},
      h('a', {class: 'button', href: `#/compare?runs=${run.id}`}, 'Compare…'), cancelButton));
}

function renderProgress(el, run, series) {
  const p = run.progress ?? {};
  const epochs = run.resolved_spec?.epochs;
  const fraction = run.status === 'SUCCEEDED' ? 1 : p.fraction ?? 0;
  const stats = [
    ['progress', `${(fraction * 100).toFixed(fraction < 1 ? 1 : 0)} %`],
    ['epoch', p.epoch ? `${p.epoch} / ${epochs}` : `– / ${epochs}`],
    ['step', p.global_step ? `${p.global_step.toLocaleString('en')} / ${p.total_steps?.toLocaleString('en') ?? '?'}` : '–'],
    ['loss', num(p.loss ?? series['train/loss']?.values.at(-1))],
    ['images / s', p.images_per_sec ? Math.round(p.images_per_sec).toLocaleString('en') : '–'],
    [isActive(run.status) ? 'eta' : 'took', isActive(run.status) ? duration(p.eta_seconds)
      : run.started_at && run.finished_at ? duration((new Date(run.finished_at) - new Date(run.started_at)) / 1000) : '–'],
  ];
  replace(el,
    h('div', {class: 'stat-row', style: 'margin-bottom:10px'}, stats.map(([l, v]) =>
      h('div', {class: 'stat', dataset: {stat: l}}, h('div', {class: 'v'}, v), h('div', {class: 'l'}, l)))),
    progressBar(fraction),
    h('div', {class: 'muted small', style: 'margin-top:8px'},
      `created ${time(run.created_at)} · started ${time(run.started_at)} · finished ${time(run.finished_at)}`,
      run.runner_id ? ` · runner #${run.runner_id}` : ''),
    run.error ? h('div', {class: 'alert error', style: 'margin-top:10px'}, run.error) : null);
}

function renderResults(el, results) {
  if (!results.length) {
    replace(el, h('p', {class: 'muted'}, 'No results yet: protocols run on the final encoder when training ends.'));
    return;
  }
  replace(el, h('table', {class: 'data'},
    h('thead', {}, h('tr', {}, ['protocol', 'metric', 'epoch', 'value', 'parameters'].map((c) => h('th', {class: c === 'value' || c === 'epoch' ? 'num' : ''}, c)))),
    h('tbody', {}, results.map((r) => h('tr', {dataset: {metric: r.metric}},
      h('td', {}, r.protocol), h('td', {}, r.metric), h('td', {class: 'num'}, r.epoch),
      h('td', {class: 'num'}, /top\d|top1/.test(r.metric) ? pct(r.value) : num(r.value)),
      h('td', {class: 'mono', style: 'white-space:normal'}, h('details', {}, h('summary', {}, Object.keys(r.protocol_params ?? {}).length + ' parameters'),
        h('pre', {class: 'json'}, JSON.stringify(r.protocol_params, null, 1)))))))));
}

function renderArtifacts(el, runId, artifacts) {
  if (!artifacts.length) {
    replace(el, h('p', {class: 'muted'}, 'No artifacts yet.'));
    return;
  }
  replace(el, h('table', {class: 'data'},
    h('thead', {}, h('tr', {}, h('th', {}, 'kind'), h('th', {}, 'name'), h('th', {class: 'num'}, 'size'))),
    h('tbody', {}, artifacts.map((a) => h('tr', {},
      h('td', {}, a.kind),
      h('td', {}, h('a', {href: `/api/v1/runs/${runId}/artifacts/${a.id}/content`, download: a.name}, a.name)),
      h('td', {class: 'num'}, size(a.size_bytes)))))));
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
