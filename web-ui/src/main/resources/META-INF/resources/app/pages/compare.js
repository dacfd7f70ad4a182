// Compare runs or groups of seeds: linear-probe accuracy with 95 % intervals, the experiment's
// baselines and a "within noise" mark; label-efficiency curves, loss and kNN curves, a results table
// and a diff of the specs. Group statistics are the platform's (/groups), so the page and the API
// and CLI never disagree.
// #/compare?runs=1,2,3  or  #/compare?experiment=5&groups=<config hash or its first 8+ characters>,...

import {api, query} from '../api.js';
import {h, replace, empty} from '../dom.js';
import {pct, pctSummary, pctInterval, points, value, shortHash} from '../format.js';
import {metricOf, protocolOf, labelFractions, mean} from '../stats.js';
import {barChart, lineChart, line, color} from '../charts.js';

const SERIES_BATCH = 100; // the bulk series endpoint's limit per request
const OVERVIEW_BATCH = 500; // the run overview's limit of ids per request
const LINEAR = 'linear-probe/top1';
const BASELINES = ['random-init', 'raw-pixels', 'supervised'];
const SEED_INDEPENDENT = new Set(['raw-pixels']); // one run is the exact value (nothing is drawn at random)
const MIN_PREFIX = 8;
const LABEL_PARAMS = 2; // differing hyperparameters named in a label

export async function render(main, _params, ctx) {
  const t0 = performance.now();
  const runIds = (ctx.query.get('runs') ?? '').split(',').filter((x) => /^\d+$/.test(x));
  const experimentId = ctx.query.get('experiment');
  const groupKeys = (ctx.query.get('groups') ?? '').split(',').filter(Boolean);

  const {items, groups} = await loadItems(runIds, experimentId, groupKeys);
  const head = h('div', {class: 'page-head'},
    h('div', {}, h('h1', {}, 'Compare'),
      h('div', {class: 'muted'}, items.length ? `${items.length} ${groupKeys.length ? 'configurations (seeds grouped)' : 'runs'}` : 'Pick runs or configurations')),
    h('div', {class: 'actions'}, picker(runIds)));
  if (!items.length) {
    replace(main, head, empty('Nothing to compare yet. Enter run ids above, or select runs (or configurations, with seeds grouped) on an experiment page and press "Compare selected".'));
    return;
  }

  const allRuns = items.flatMap((i) => i.runs);
  const pairedHashes = items.length === 2 && items.every((i) => i.group) ? items.map((i) => i.group.config_hash) : null;
  const [seriesByRun, specs, experimentGroups, paired] = await Promise.all([
    loadSeries(allRuns.map((r) => r.id)), loadSpecs(items),
    groups ?? api.get(`/groups${query({experiment_id: items[0].runs[0].experiment_id})}`),
    pairedHashes ? api.get(`/compare${query({a: pairedHashes[0], b: pairedHashes[1]})}`) : null]);
  label(items, specs);
  const baselines = baselinesOf(experimentGroups, items);
  const noise = noiseMarks(items, paired);

  const canvases = {
    linear: h('canvas', {id: 'chart-linear-probe', 'aria-label': 'Linear-probe accuracy'}),
    labels: h('canvas', {id: 'chart-label-efficiency', 'aria-label': 'Label efficiency'}),
    loss: h('canvas', {id: 'chart-compare-loss', 'aria-label': 'Training loss'}),
    knn: h('canvas', {id: 'chart-compare-knn', 'aria-label': 'kNN accuracy by epoch'}),
  };
  const fractions = labelFractions(allRuns);
  const methods = new Set(items.map((i) => i.method));
  const normaliseLoss = methods.size > 1; // different objectives live on different scales
  const curves = {
    loss: items.map((item) => relativeTo(meanCurve(item.runs, seriesByRun, 'train/loss'), normaliseLoss)),
    knn: items.map((item) => meanCurve(item.runs, seriesByRun, 'knn/top1')),
  };
  replace(main, head,
    h('div', {class: 'pill-list', style: 'margin-bottom:14px'}, items.map((item, i) =>
      h('span', {class: 'pill', style: `border-left: 4px solid ${color(i)}`, title: item.key}, item.label,
        h('a', {href: item.href, class: 'small'}, 'open')))),
    h('div', {class: 'grid2'},
      h('div', {class: 'card'}, h('h2', {}, 'Linear-probe top-1'),
        h('div', {class: 'muted small', id: 'linear-probe-caption'},
          `${protocolFor(items, LINEAR) ?? 'linear-probe/v1'}, final epoch, test split. Bars: means over seeds, whiskers: 95 % interval of the mean `
          + '(none for a single run); ≈: within noise of the best'
          + (baselines.length ? '; dashed: the baselines of this experiment.' : '.')),
        h('div', {class: 'chart-box tall'}, canvases.linear),
        paired ? pairedNote(paired, items) : null),
      h('div', {class: 'card'}, h('h2', {}, 'Label efficiency'),
        h('div', {class: 'muted small'}, 'label-efficiency/v1: linear probe trained on a fraction of the labels'),
        h('div', {class: 'chart-box tall'}, fractions.length ? canvases.labels : empty('No label-efficiency results among these runs.')))),
    h('div', {class: 'grid2'},
      h('div', {class: 'card'}, h('h2', {}, 'Training loss by epoch'),
        h('div', {class: 'muted small'}, normaliseLoss
          ? 'Each curve divided by its own first value: the objectives differ, so their raw values do not share a scale.'
          : 'Mean over seeds.'),
        h('div', {class: 'chart-box'}, curves.loss.some((c) => c.length) ? canvases.loss
          : empty('No training loss among these runs: baselines that do not train (random-init, raw pixels) have none.'))),
      h('div', {class: 'card'}, h('h2', {}, 'kNN top-1 by epoch'),
        h('div', {class: 'chart-box'}, curves.knn.some((c) => c.length) ? canvases.knn
          : empty('No kNN evaluation during training among these runs: it runs every evaluation.knn_every_epochs epochs.')))),
    h('div', {class: 'card'}, h('h2', {}, 'Results'), resultsTable(items, fractions, noise)),
    h('div', {class: 'card'}, h('h2', {}, 'Spec differences'), specDiff(items, specs)),
    items.every((i) => i.group) ? notesCard(items) : null);

  const linear = items.map((i) => statOf(i, LINEAR));
  barChart(canvases.linear, items.map((i) => i.label), linear.map((s) => (s ? s.mean : null)),
    linear.map((s) => (s?.high !== undefined ? s.high - s.mean : 0)), {
      percent: true, yTitle: 'top-1', label: LINEAR, keys: items.map((i) => i.key), errorName: '95 % interval',
      valueLabels: linear.map((s, i) => (s ? `${(s.mean * 100).toFixed(1)}${noise[i].mark === 'within noise' ? ' ≈' : ''}` : null)),
      baselines: baselines.map((b) => ({label: `${b.method} ${pct(b.mean)}`, value: b.mean, method: b.method})),
    });
  if (fractions.length) {
    lineChart(canvases.labels, items.map((item, i) => keyed(line(item.label, fractions.map((f) => ({
      x: parseFloat(f), y: statOf(item, `label-efficiency/top1@${f}`)?.mean,
    })).filter((p) => Number.isFinite(p.y)), i, {pointRadius: 3}), item)),
    {percent: true, logX: true, xTitle: 'labelled fraction of the training set', yTitle: 'top-1', legend: true, xTicks: (v) => (fractions.includes(`${v}%`) ? `${v} %` : null)});
  }
  if (canvases.loss.isConnected) {
    lineChart(canvases.loss, items.map((item, i) => keyed(line(item.label, curves.loss[i], i), item)),
      {xTitle: 'epoch', yTitle: normaliseLoss ? 'loss ÷ first value' : 'loss', legend: true});
  }
  if (canvases.knn.isConnected) {
    lineChart(canvases.knn, items.map((item, i) => keyed(line(item.label, curves.knn[i], i, {pointRadius: 2}), item)),
      {xTitle: 'epoch', yTitle: 'top-1', percent: true, legend: true});
  }
  main.dataset.renderMs = String(Math.round(performance.now() - t0));
}

/**
 * Items to compare: single runs, or the succeeded seeds of one configuration each with the
 * platform's summary of them. Returns the experiment's groups too when they were read.
 */
async function loadItems(runIds, experimentId, groupKeys) {
  if (experimentId && groupKeys.length) {
    const groups = await api.get(`/groups${query({experiment_id: experimentId})}`);
    const chosen = groupKeys.map((key) => resolveGroup(groups, key, experimentId));
    const byId = await runOverviews(chosen.flatMap((g) => g.run_ids));
    const items = chosen.map((group) => ({key: group.config_hash, method: group.method, group,
      runs: group.run_ids.map((id) => byId.get(id)).filter(Boolean), href: `#/experiments/${experimentId}?group=1`}))
      .filter((item) => item.runs.length);
    return {items, groups};
  }
  if (!runIds.length) return {items: [], groups: null};
  const overview = await api.get(`/runs/overview${query({ids: runIds.join(',')})}`);
  const byId = new Map(overview.runs.map((r) => [String(r.id), r]));
  const items = runIds.map((id) => byId.get(id)).filter(Boolean)
    .map((r) => ({key: String(r.id), method: r.method, group: null, runs: [r], href: `#/runs/${r.id}`}));
  return {items, groups: null};
}

/** The table rows of just these runs, OVERVIEW_BATCH ids a request. */
async function runOverviews(ids) {
  const batches = [];
  for (let i = 0; i < ids.length; i += OVERVIEW_BATCH) batches.push(ids.slice(i, i + OVERVIEW_BATCH));
  const pages = await Promise.all(batches.map((batch) => api.get(`/runs/overview${query({ids: batch.join(',')})}`)));
  return new Map(pages.flatMap((p) => p.runs).map((r) => [r.id, r]));
}

/** The configuration a URL names by its hash or a prefix of at least 8 characters; a clear error otherwise. */
function resolveGroup(groups, key, experimentId) {
  if (key.length < MIN_PREFIX) {
    throw new Error(`"${key}" is too short to name a configuration: give at least ${MIN_PREFIX} characters of its hash.`);
  }
  const matches = groups.filter((g) => g.config_hash.startsWith(key.toLowerCase()));
  if (!matches.length) throw new Error(`No configuration with succeeded runs in experiment ${experimentId} has a hash starting "${key}".`);
  if (matches.length > 1) throw new Error(`"${key}" starts the hashes of ${matches.length} configurations: give more characters.`);
  return matches[0];
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

/**
 * An item's summary of a metric: {n, mean, std, low, high} (low/high: the 95 % interval, absent without
 * one). A group's comes from the platform; a single run is one value.
 */
function statOf(item, metric) {
  if (item.group) {
    const m = item.group.metrics.find((x) => x.metric === metric);
    if (!m) return null;
    const exact = m.ci95_low === null && SEED_INDEPENDENT.has(item.method);
    return {n: m.n, mean: m.mean, std: m.std, low: exact ? m.mean : m.ci95_low ?? undefined, high: exact ? m.mean : m.ci95_high ?? undefined};
  }
  const v = metricOf(item.runs[0], metric);
  if (v === undefined) return null;
  const exact = SEED_INDEPENDENT.has(item.method);
  return {n: 1, mean: v, std: null, low: exact ? v : undefined, high: exact ? v : undefined};
}

function protocolFor(items, metric) {
  return items.flatMap((i) => i.runs).map((r) => protocolOf(r, metric)).find(Boolean);
}

/**
 * Labels that tell the items apart: a configuration's name when the team gave it one; else the method,
 * then the hyperparameters that differ between the compared items of that method (at most two, by
 * their last path segment; seeds aside), else for a method compared more than once the short hash;
 * n for groups.
 */
function label(items, specs) {
  const flat = specs.map((r) => flatten(r.resolved_spec));
  items.forEach((item, i) => {
    const peers = items.map((o, j) => j).filter((j) => items[j].method === item.method);
    const differing = peers.length < 2 ? [] : Object.keys(flat[i]).sort()
      .filter((p) => !/^(seed$|priority$|resources\.)/.test(p))
      .filter((p) => new Set(peers.map((j) => JSON.stringify(flat[j][p]))).size > 1);
    const params = differing.slice(0, LABEL_PARAMS).map((p) => ` ${p.split('.').pop()}=${value(flat[i][p])}`).join('');
    item.label = item.group
      ? `${item.group.name ?? `${item.method}${params || (peers.length > 1 ? ' ' + shortHash(item.key) : '')}`} (n=${item.runs.length})`
      : `#${item.key} ${item.method}${params}`;
  });
}

/** Per baseline method in the experiment (same dataset, not itself compared): its configuration with the most seeds. */
function baselinesOf(groups, items) {
  const dataset = items[0].group?.dataset ?? items[0].runs[0].dataset;
  const compared = new Set(items.map((i) => i.group?.config_hash ?? i.runs[0].config_hash));
  return BASELINES.flatMap((method) => {
    const best = groups.filter((g) => g.method === method && g.dataset === dataset && !compared.has(g.config_hash))
      .map((g) => ({g, m: g.metrics.find((x) => x.metric === LINEAR)})).filter((x) => x.m)
      .sort((a, b) => b.g.runs - a.g.runs || a.g.config_hash.localeCompare(b.g.config_hash))[0];
    return best ? [{method, mean: best.m.mean, n: best.m.n}] : [];
  });
}

/**
 * Each item against the best one on the linear probe: 'best', 'within noise', 'apart' or 'undecided'.
 * Two configurations are judged by their paired t-test over shared seeds (p < 0.05: apart); otherwise
 * by their 95 % intervals (disjoint: apart); a single run has no interval and decides nothing.
 */
function noiseMarks(items, paired) {
  const stats = items.map((i) => statOf(i, LINEAR));
  const bestIndex = stats.reduce((best, s, i) => (s && (best < 0 || s.mean > stats[best].mean) ? i : best), -1);
  const pairedTest = paired?.metrics.find((m) => m.metric === LINEAR)?.paired;
  return stats.map((s, i) => {
    if (!s || bestIndex < 0) return {mark: null};
    if (i === bestIndex) return {mark: 'best'};
    const best = stats[bestIndex];
    const difference = s.mean - best.mean;
    if (pairedTest && pairedTest.p_value !== null) {
      return {mark: pairedTest.p_value < 0.05 ? 'apart' : 'within noise', difference, by: `paired t-test p = ${pairedTest.p_value.toPrecision(2)}`};
    }
    if (s.low === undefined || best.low === undefined) return {mark: 'undecided', difference, by: 'a single run has no interval'};
    const overlap = s.high >= best.low && best.high >= s.low;
    return {mark: overlap ? 'within noise' : 'apart', difference, by: '95 % intervals'};
  });
}

function pairedNote(paired, items) {
  const m = paired.metrics.find((x) => x.metric === LINEAR);
  if (!m?.paired) return h('p', {class: 'muted small'}, 'No shared seeds: no paired test.');
  const p = m.paired;
  return h('p', {class: 'small', id: 'paired-test'},
    `Paired t-test over seeds ${p.seeds.join(', ')}: ${items[1].label} − ${items[0].label} = ${points(p.mean_difference)}`
    + (p.ci95_low !== null ? ` (95 % interval ${points(p.ci95_low)} to ${points(p.ci95_high)})` : '')
    + (p.p_value !== null ? `, p = ${p.p_value.toPrecision(2)}: ${p.p_value < 0.05 ? 'apart' : 'within noise'}.` : '.'));
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

/** A curve divided by its first value (when asked), so curves of different objectives share an axis. */
function relativeTo(points, normalise) {
  if (!normalise || !points.length || !points[0].y) return points;
  return points.map((p) => ({x: p.x, y: p.y / points[0].y}));
}

/** A line dataset that remembers which item it draws. */
function keyed(dataset, item) {
  return {...dataset, key: item.key};
}

function resultsTable(items, fractions, noise) {
  const all = items.flatMap((i) => i.runs);
  const metrics = [[LINEAR, 'linear probe'], ['linear-probe/top5', 'linear probe top-5'], ['knn/top1', 'kNN'],
    ...fractions.map((f) => [`label-efficiency/top1@${f}`, `${f} labels`])]
    .filter(([m]) => m === LINEAR || all.some((r) => metricOf(r, m) !== undefined));
  const cell = (item, metric) => {
    const s = statOf(item, metric);
    if (!s) return h('td', {class: 'num'}, '–');
    return h('td', {class: 'num', dataset: {metric}}, pctSummary(s.mean, s.std),
      s.low !== undefined && s.n > 1 ? h('div', {class: 'pm'}, `95 % ${pctInterval(s.low, s.high)}`) : null);
  };
  const versus = (n) => h('td', {class: n.mark === 'apart' ? 'num' : 'num muted', title: n.by ?? '', dataset: {noise: n.mark ?? ''}},
    n.mark === null ? '–' : n.mark === 'best' ? 'best' : `${points(n.difference)}, ${n.mark}`);
  const protocols = metrics.map(([m]) => all.map((r) => protocolOf(r, m)).find(Boolean) ?? '');
  return h('div', {class: 'table-wrap', style: 'max-height:none'}, h('table', {class: 'data', id: 'compare-results'},
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {class: 'num'}, 'n'),
      metrics.map(([, name], i) => h('th', {class: 'num'}, name, h('div', {class: 'pm', style: 'font-weight:normal'}, protocols[i]))),
      h('th', {class: 'num'}, 'vs best', h('div', {class: 'pm', style: 'font-weight:normal'}, 'linear probe')))),
    h('tbody', {}, items.map((item, i) => h('tr', {dataset: {key: item.key}},
      h('td', {}, h('span', {style: `color:${color(i)}`}, '■ '), item.label), h('td', {class: 'num'}, item.runs.length),
      metrics.map(([m]) => cell(item, m)), versus(noise[i]))))));
}

/** Name and notes of each compared configuration, read when opened; a saved name becomes its label on the next render. */
function notesCard(items) {
  const body = h('div', {class: 'stack'});
  const details = h('details', {id: 'configuration-notes'}, h('summary', {}, 'Name and annotate these configurations'), body);
  details.addEventListener('toggle', async () => {
    if (!details.open || body.childElementCount) return;
    const notes = await Promise.all(items.map((i) => api.get(`/configurations/${i.key}`)));
    replace(body, items.map((item, i) => {
      const name = h('input', {type: 'text', value: notes[i].name, maxlength: 200, placeholder: item.label, 'aria-label': `Name of ${item.label}`});
      const text = h('textarea', {rows: 2, placeholder: 'what this configuration is for', 'aria-label': `Notes on ${item.label}`});
      text.value = notes[i].notes;
      const status = h('span', {class: 'muted small', 'aria-live': 'polite'});
      const form = h('form', {class: 'fields', dataset: {configHash: item.key}},
        h('div', {class: 'field'}, h('label', {}, h('span', {class: 'mono'}, shortHash(item.key)), ' name', name)),
        h('div', {class: 'field'}, h('label', {}, 'notes', text)),
        h('div', {class: 'form-actions'}, h('button', {type: 'submit'}, 'Save'), status));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
          await api.patch(`/configurations/${item.key}`, {name: name.value, notes: text.value});
          status.textContent = 'saved';
        } catch (error) {
          status.textContent = error.message;
        }
      });
      return form;
    }));
  });
  return h('div', {class: 'card'}, details);
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
