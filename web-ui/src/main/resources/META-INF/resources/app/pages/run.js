// One run: live progress (training, then the final evaluation stage by stage), loss and kNN curves,
// collapse diagnostics against the detector's threshold, evaluation results with their protocol,
// environment, artifacts and the whole log, a page at a time. Polls every 2 s while the run is active.

import {api, query} from '../api.js';
import {h, replace, badge, progressBar, empty, kvTable} from '../dom.js';
import {isActive, pct, num, duration, time, value, shortHash} from '../format.js';
import {lineChart, line, update} from '../charts.js';
import {dangerButton, priorityControl} from '../actions.js';

const SERIES = ['train/loss_step', 'train/loss', 'train/lr', 'knn/top1', 'diag/embedding_std', 'diag/rankme', 'diag/energy_gap',
  'diag/collapse_flag', 'diag/collapse_threshold'];
const DIAGNOSTICS = [
  ['diag/embedding_std', 'Embedding std', 'The per-dimension spread of the L2-normalised embeddings of a fixed held-out batch. '
    + 'Healthy is about 1/√d; the dashed line is the collapse detector\'s threshold: below it for evaluation.collapse.patience_epochs epochs flags the run.', 'chart-diag-std'],
  ['diag/rankme', 'Effective rank (RankMe)', 'How many dimensions the embeddings really use (from their singular values). '
    + 'It falls towards 1 when the representation collapses onto a few directions.', 'chart-diag-rankme'],
  ['diag/energy_gap', 'Energy gap', 'Mean distance between embeddings of different images minus that between two views of the same image. '
    + 'Above 0: views of one image sit closer than different images; 0: the encoder does not tell images apart.', 'chart-diag-energy'],
];
const LOG_PAGE = 500;

async function fetchAll(id, logOffset) {
  const [run, series, results, artifacts, log] = await Promise.all([
    api.get(`/runs/${id}`),
    api.get(`/runs/${id}/metrics${query({keys: SERIES.join(','), max_points: 500})}`),
    api.get(`/runs/${id}/results`),
    api.get(`/runs/${id}/artifacts`),
    api.get(`/runs/${id}/log${query({offset: logOffset, limit: LOG_PAGE})}`),
  ]);
  return {run, series: Object.fromEntries(series.map((s) => [s.key, s])), results, artifacts, log};
}

function points(series) {
  return series ? series.steps.map((x, i) => ({x, y: series.values[i]})) : [];
}

export async function render(main, [id], ctx) {
  // The log page shown: null follows the end of the log (and so the live run); a number is a page the user turned to.
  let logOffset = null;
  const load = () => fetchAll(id, logOffset ?? -LOG_PAGE);
  let data = await load();
  const head = h('div', {class: 'page-head'});
  const progress = h('div', {class: 'card', id: 'run-progress'});
  const charts = {
    loss: h('canvas', {id: 'chart-loss', 'aria-label': 'Training loss'}),
    knn: h('canvas', {id: 'chart-knn', 'aria-label': 'kNN accuracy by epoch'}),
  };
  const diagCanvases = DIAGNOSTICS.map(([, , , canvasId]) => h('canvas', {id: canvasId}));
  const boxes = {loss: h('div', {class: 'chart-box'}), knn: h('div', {class: 'chart-box'}), diagnostics: h('div', {})};
  const collapse = h('div', {id: 'collapse-state'});
  const results = h('div', {id: 'run-results'});
  const environment = h('div', {id: 'run-environment'});
  const artifacts = h('div', {id: 'run-artifacts'});
  const log = h('div', {id: 'run-log-card'});
  const specs = h('div', {});
  const about = h('div', {class: 'card', id: 'run-about'});
  const reruns = h('div', {id: 'run-reruns'});

  replace(main,
    h('div', {class: 'crumbs'}, h('a', {href: '#/'}, 'Experiments'), ' / ',
      h('a', {href: `#/experiments/${data.run.experiment_id}`}, `experiment #${data.run.experiment_id}`), ' / ', `run #${id}`),
    head, progress, about,
    h('div', {class: 'grid2'},
      h('div', {class: 'card'}, h('h2', {}, 'Training loss'), boxes.loss),
      h('div', {class: 'card'}, h('h2', {}, 'kNN top-1 by epoch'), boxes.knn)),
    h('div', {class: 'card'}, h('h2', {}, 'Collapse diagnostics'), collapse, boxes.diagnostics),
    h('div', {class: 'card'}, h('h2', {}, 'Evaluation results'), results),
    h('div', {class: 'grid2'},
      h('div', {class: 'card'}, h('h2', {}, 'Environment'), environment),
      h('div', {class: 'card'}, h('h2', {}, 'Artifacts'), artifacts)),
    h('div', {class: 'card'}, h('h2', {}, 'Log'), log),
    h('div', {class: 'card'}, h('h2', {}, 'Reruns'), reruns),
    h('div', {class: 'card'}, h('h2', {}, 'Spec'), specs));
  // Name and notes are edited in place; a poll does not redraw them under the person typing.
  const save = async (patch) => {
    data.run = await api.patch(`/runs/${id}`, patch);
    renderAbout(about, data.run, save);
  };
  renderAbout(about, data.run, save);
  renderReruns(reruns, await api.get(`/runs/${id}/reproducibility`));

  // Charts are made when their box first has data to show; until then the box says why it is empty.
  const made = {};
  const chart = (key, box, canvas, make) => {
    if (!made[key]) {
      replace(box, canvas);
      made[key] = make();
    }
    return made[key];
  };
  const diagnosticsGrid = h('div', {class: 'grid3'}, DIAGNOSTICS.map(([, title, explanation], i) => h('div', {},
    h('h3', {}, title), h('p', {class: 'muted small'}, explanation), h('div', {class: 'chart-box small'}, diagCanvases[i]))));

  const show = () => {
    const {run, series} = data;
    renderHead(head, run, {
      cancel: () => api.post(`/runs/${id}/cancel`).then(async () => { data = await load(); show(); }),
      reprioritise: (priority) => api.patch(`/runs/${id}`, {priority}).then(async () => { data = await load(); show(); }),
    });
    renderProgress(progress, run, series);
    const why = emptyReasons(run);
    // Epoch means sit at the step that ends their epoch when the step count is known; else on an epoch axis.
    const stepsPerEpoch = run.progress?.total_steps && run.resolved_spec?.epochs ? run.progress.total_steps / run.resolved_spec.epochs : null;
    const epochLoss = points(series['train/loss']);
    const stepLoss = points(series['train/loss_step']);
    if (!stepLoss.length && !epochLoss.length) {
      replace(boxes.loss, empty(why.loss));
    } else {
      const lossChart = chart('loss', boxes.loss, charts.loss, () => lineChart(charts.loss, [], {xTitle: 'step', yTitle: 'loss', legend: true,
        extraScales: {x2: {type: 'linear', position: 'top', title: {display: true, text: 'epoch'}, ticks: {precision: 0}, grid: {display: false}}}}));
      lossChart.options.scales.x2.display = !stepsPerEpoch && epochLoss.length > 0;
      update(lossChart, [
        line('loss per step', stepLoss, 0, {borderWidth: 1, borderColor: '#3b5bdb88'}),
        stepsPerEpoch
          ? line('loss per epoch (mean)', epochLoss.map((p) => ({x: p.x * stepsPerEpoch, y: p.y})), 1, {pointRadius: 3})
          : line('loss per epoch (mean)', epochLoss, 1, {xAxisID: 'x2', pointRadius: 3}),
      ]);
    }
    const knn = points(series['knn/top1']);
    if (!knn.length) {
      replace(boxes.knn, empty(why.knn));
    } else {
      update(chart('knn', boxes.knn, charts.knn, () => lineChart(charts.knn, [], {xTitle: 'epoch', yTitle: 'top-1', percent: true})),
        [line('kNN top-1', knn, 2, {pointRadius: 3})]);
    }
    if (!points(series['diag/embedding_std']).length) {
      replace(boxes.diagnostics, empty(why.diagnostics));
      replace(collapse);
    } else {
      const diagCharts = chart('diagnostics', boxes.diagnostics, diagnosticsGrid,
        // The std starts at zero, so a flat healthy curve is not blown up, and the threshold is in view.
        () => diagCanvases.map((c, i) => lineChart(c, [], {xTitle: 'epoch', beginAtZero: i === 0})));
      DIAGNOSTICS.forEach(([key, title], i) => update(diagCharts[i], [line(title, points(series[key]), 3 + i, {pointRadius: 2}),
        ...(i === 0 && series['diag/collapse_threshold'] ? [line('collapse threshold', points(series['diag/collapse_threshold']), 9,
          {borderDash: [5, 4], borderColor: '#c92a2a', backgroundColor: '#c92a2a'})] : [])]));
      renderCollapse(collapse, series['diag/collapse_flag']);
    }
    renderResults(results, data.results);
    replace(environment, run.environment ? kvTable(Object.entries(run.environment).map(([k, v]) => [k, value(v)]))
      : h('p', {class: 'muted'}, 'Not reported yet: the runner sends it with its first heartbeat.'));
    renderArtifacts(artifacts, run.id, data.artifacts);
    renderLog(log, run, data.log, (offset) => {
      logOffset = offset;
      load().then((d) => { data = d; show(); });
    });
    replace(specs, h('details', {}, h('summary', {}, 'Resolved spec (every default filled in)'), h('pre', {class: 'json'}, JSON.stringify(run.resolved_spec, null, 2))),
      h('details', {}, h('summary', {}, 'As submitted'), h('pre', {class: 'json', id: 'run-spec'}, JSON.stringify(run.spec, null, 2))));
  };
  show();
  ctx.poll(async () => { data = await load(); show(); }, 2000, () => isActive(data.run.status));
}

function renderHead(el, run, actions) {
  // Redrawn only when something it shows changed: a poll must not replace the priority input under the user.
  const key = JSON.stringify([run.status, run.cancel_requested, run.name, run.priority, run.attempt]);
  if (el.dataset.key === key) return;
  el.dataset.key = key;
  const cancelButton = isActive(run.status) && !run.cancel_requested
    ? dangerButton('Cancel run', `Cancel run #${run.id}?`, actions.cancel, {id: 'cancel-run'})
    : null;
  const rerunButton = h('button', {type: 'button', id: 'rerun', title: 'Queue the same spec and seed again (a rerun: same run hash)',
    onclick: async (e) => {
      e.target.disabled = true;
      const again = await api.post(`/runs/${run.id}/rerun`);
      location.hash = `#/runs/${again.id}`;
    }}, 'Rerun');
  const deleteButton = isActive(run.status) ? null : dangerButton('Delete',
    `Delete run #${run.id} with its metrics, results and artifacts? This cannot be undone.`, async () => {
      await api.delete(`/runs/${run.id}`);
      location.hash = `#/experiments/${run.experiment_id}`;
    }, {id: 'delete-run'});
  const priority = run.status === 'QUEUED' ? priorityControl(run.priority, actions.reprioritise) : null;
  replace(el,
    h('div', {},
      h('h1', {}, `Run #${run.id} `, run.name ? h('span', {id: 'run-name'}, `${run.name} `) : null, h('span', {id: 'run-status'}, badge(run.status)),
        run.cancel_requested && isActive(run.status) ? h('span', {class: 'pm'}, ' cancel requested') : null),
      h('div', {class: 'muted'}, `${run.method} · ${run.backbone} · ${run.dataset} · seed ${run.seed} · config `,
        h('a', {href: `#/experiments/${run.experiment_id}?group=1`, class: 'mono', title: run.config_hash}, shortHash(run.config_hash)),
        ` · attempt ${run.attempt}/${run.max_attempts} · priority ${run.priority}`)),
    h('div', {class: 'actions'}, priority,
      h('a', {class: 'button', href: `#/compare?runs=${run.id}`}, 'Compare…'),
      h('a', {class: 'button', id: 'clone-run', href: `#/submit/run?experiment=${run.experiment_id}&from=${run.id}`,
        title: 'Open the submit form filled with this run\'s spec'}, 'Clone…'),
      rerunButton, cancelButton, deleteButton));
}

function renderAbout(el, run, save) {
  const name = h('input', {type: 'text', id: 'run-name-input', value: run.name, placeholder: 'a name for this run', maxlength: 200, 'aria-label': 'Run name'});
  const notes = h('textarea', {id: 'run-notes-input', rows: 3, placeholder: 'what this run tries, what came of it', 'aria-label': 'Run notes'});
  notes.value = run.notes;
  const status = h('span', {class: 'muted small', 'aria-live': 'polite'});
  const button = h('button', {type: 'submit', id: 'save-run-notes'}, 'Save');
  const form = h('form', {class: 'stack'}, h('div', {class: 'fields'}, h('div', {class: 'field'}, h('label', {}, 'Name', name))),
    h('div', {class: 'field'}, h('label', {}, 'Notes', notes)), h('div', {class: 'form-actions'}, button, status));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    try {
      await save({name: name.value, notes: notes.value});
    } catch (error) {
      status.textContent = error.message;
      button.disabled = false;
    }
  });
  replace(el, h('h2', {}, 'About this run'), form);
}

/** The run beside its reruns (same spec, same seed): whether every number came out the same. */
function renderReruns(el, report) {
  if (report.runs.length < 2) {
    replace(el, h('p', {class: 'muted'}, 'No rerun yet. "Rerun" queues the same spec and seed again; on a CPU the numbers should come out identical.'));
    return;
  }
  const differing = report.metrics.filter((m) => !m.identical);
  replace(el,
    h('p', {id: 'rerun-verdict', class: report.identical ? '' : 'muted'}, report.identical
      ? `All ${report.runs.length} runs finished with identical numbers (${report.metrics.length} compared).`
      : `${differing.length} of ${report.metrics.length} numbers differ between the runs (or a run has not finished).`),
    h('div', {class: 'table-wrap'}, h('table', {class: 'data', id: 'rerun-table'},
      h('thead', {}, h('tr', {}, h('th', {}, 'metric'), report.runs.map((r) => h('th', {class: 'num'}, h('a', {href: `#/runs/${r.run_id}`}, `#${r.run_id}`))),
        h('th', {class: 'num'}, 'max difference'))),
      h('tbody', {}, report.metrics.map((m) => h('tr', {class: m.identical ? 'diff-same' : ''},
        h('td', {}, m.metric, m.protocol ? h('span', {class: 'pm'}, ` ${m.protocol}`) : null),
        m.values.map((v) => h('td', {class: 'num'}, num(v))), h('td', {class: 'num'}, m.max_abs_difference === null ? '–' : num(m.max_abs_difference))))))));
}

/** What a running run is doing now, in words; null when it is not running. */
function phaseOf(run) {
  if (!isActive(run.status)) return null;
  if (run.status === 'QUEUED') return 'queued: waiting for a runner';
  const p = run.progress ?? {};
  switch (p.phase) {
    case 'evaluating': return `evaluating: ${p.evaluation.stage} (${p.evaluation.done} of ${p.evaluation.total} stages done)`;
    case 'finishing': return 'finishing: uploading the encoder and reporting the results';
    case 'preparing': return 'preparing: fetching the dataset and starting the engine';
    default: return p.global_step ? 'training' : 'preparing: fetching the dataset and starting the engine';
  }
}

function renderProgress(el, run, series) {
  const p = run.progress ?? {};
  const epochs = run.resolved_spec?.epochs;
  const fraction = run.status === 'SUCCEEDED' ? 1 : p.fraction ?? 0;
  const phase = phaseOf(run);
  const afterTraining = p.phase === 'evaluating' || p.phase === 'finishing';
  const stats = [
    ['progress', `${(fraction * 100).toFixed(fraction < 1 ? 1 : 0)} %`],
    ['epoch', p.epoch ? `${p.epoch} / ${epochs}` : `– / ${epochs}`],
    ['step', p.global_step ? `${p.global_step.toLocaleString('en')} / ${p.total_steps?.toLocaleString('en') ?? '?'}` : '–'],
    ['loss', num(p.loss ?? series['train/loss']?.values.at(-1))],
    ['images / s', p.images_per_sec ? Math.round(p.images_per_sec).toLocaleString('en') : '–'],
    // Training's ETA says nothing about the evaluation after it (minutes on a CPU): no "0 s" then.
    [isActive(run.status) ? 'eta' : 'took', isActive(run.status) ? (afterTraining ? 'training done' : duration(p.eta_seconds))
      : run.started_at && run.finished_at ? duration((new Date(run.finished_at) - new Date(run.started_at)) / 1000) : '–'],
  ];
  const evaluation = p.phase === 'evaluating' ? p.evaluation : null;
  replace(el,
    phase ? h('div', {id: 'run-phase', class: 'small', style: 'margin-bottom:8px', dataset: {phase: p.phase ?? run.status.toLowerCase()}}, phase) : null,
    h('div', {class: 'stat-row', style: 'margin-bottom:10px'}, stats.map(([l, v]) =>
      h('div', {class: 'stat', dataset: {stat: l}}, h('div', {class: 'v'}, v), h('div', {class: 'l'}, l)))),
    progressBar(fraction),
    evaluation ? h('div', {style: 'margin-top:8px', id: 'evaluation-progress'},
      h('div', {class: 'muted small'}, `final evaluation: ${evaluation.done} of ${evaluation.total} stages done, now ${evaluation.stage}`),
      progressBar(evaluation.done / evaluation.total)) : null,
    h('div', {class: 'muted small', style: 'margin-top:8px'},
      `created ${time(run.created_at)} · started ${time(run.started_at)} · finished ${time(run.finished_at)}`,
      run.runner_id ? ` · runner #${run.runner_id}` : ''),
    run.error ? h('div', {class: 'alert error', style: 'margin-top:10px'}, run.error) : null);
}

/** Why each chart of a run may be empty, in the run's own terms. */
function emptyReasons(run) {
  const spec = run.resolved_spec ?? {};
  const trains = !['random-init', 'raw-pixels'].includes(run.method);
  const notYet = run.status === 'QUEUED' ? 'The run is queued: nothing has trained yet.'
    : isActive(run.status) ? 'No epoch has finished yet.' : null;
  const knnEvery = spec.evaluation?.knn_every_epochs;
  return {
    loss: !trains ? `${run.method} does not train: it has no loss; its numbers are the evaluation results below.`
      : notYet ?? 'The run reported no loss (it ended before its first step).',
    knn: !trains ? `${run.method} does not train, so there is no kNN curve over epochs; kNN of its features is among the results below.`
      : !knnEvery ? 'kNN during training is off for this run (evaluation.knn_every_epochs is 0).'
        : notYet ?? `kNN runs every ${knnEvery} epochs (evaluation.knn_every_epochs); the run ended before the first.`,
    diagnostics: !trains ? `${run.method} does not train: there is nothing to collapse.`
      : spec.evaluation && spec.evaluation.diagnostics === false ? 'Collapse diagnostics are off for this run (evaluation.diagnostics is false).'
        : notYet ?? 'The run ended before its first epoch: no diagnostics.',
  };
}

function renderCollapse(el, flags) {
  const at = flags?.values.findIndex((v) => v >= 1) ?? -1;
  replace(el, at >= 0
    ? h('div', {class: 'alert error', dataset: {collapse: 'flagged'}}, `Collapse flagged at epoch ${flags.steps[at]}: the embedding std stayed under the threshold `
      + 'for evaluation.collapse.patience_epochs epochs (the run stops there when evaluation.collapse.stop is set).')
    : h('p', {class: 'small', dataset: {collapse: 'none'}}, `No collapse flagged over ${flags?.values.length ?? 0} epochs.`));
}

/** One page of the whole log, numbered, with a separator where a new attempt starts; turn pages with the buttons. */
function renderLog(el, run, page, turn) {
  if (!page.total) {
    // A runner older than the whole log sends only its tail.
    replace(el, h('pre', {class: 'log', id: 'run-log', tabindex: 0, 'aria-label': 'Log'},
      run.log_tail || (isActive(run.status) ? 'No log yet.' : 'No log.')));
    return;
  }
  const last = page.offset + page.lines.length >= page.total;
  const pre = h('pre', {class: 'log', id: 'run-log', tabindex: 0, 'aria-label': 'Log'});
  let attempt = page.offset === 0 ? null : page.lines[0]?.attempt;
  for (const line of page.lines) {
    if (line.attempt !== attempt) {
      pre.append(h('span', {class: 'muted'}, `── attempt ${line.attempt} ──\n`));
      attempt = line.attempt;
    }
    pre.append(`${String(line.line_no + 1).padStart(5)}  ${line.text}\n`);
  }
  const button = (label, offset, disabled) => h('button', {type: 'button', disabled, onclick: () => turn(offset)}, label);
  replace(el,
    h('div', {class: 'toolbar', style: 'margin:0 0 8px'},
      h('span', {class: 'muted small', id: 'run-log-position'},
        `lines ${page.offset + 1}–${page.offset + page.lines.length} of ${page.total}${last && isActive(run.status) ? ' (following)' : ''}`),
      button('First', 0, page.offset === 0),
      button('Earlier', Math.max(0, page.offset - page.lines.length), page.offset === 0),
      button('Later', page.offset + page.lines.length, last),
      button('Latest', null, last)),
    pre);
  if (last) pre.scrollTop = pre.scrollHeight;
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
