// One experiment: its runs with key hyperparameters and headline metrics; filter, sort, group
// the seeds of a configuration into mean ± std, pick runs or groups to compare, choose the columns
// (remembered in this browser); filters, grouping and sort live in the URL, so a view can be shared.
// Rename, describe, tag or archive the experiment. One request (the experiment's overview) however
// many runs; polls while runs are active.

import {api} from '../api.js';
import {field, onSubmit} from '../forms.js';
import {h, replace, empty} from '../dom.js';
import {isActive} from '../format.js';
import {groupByConfig} from '../stats.js';
import {metricColumns, runColumns, groupColumns, sortRows, uniformColumns} from '../runtable.js';

const STATUSES = ['QUEUED', 'LEASED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const PAGE_ROWS = 100;
const OVERVIEW_LIMIT = 10_000; // the API's most: every run of all but the largest experiments

export async function render(main, [id], ctx) {
  const t0 = performance.now();
  const [experiment, overview, sweeps] = await Promise.all([api.get(`/experiments/${id}`), api.get(`/experiments/${id}/overview?limit=${OVERVIEW_LIMIT}`),
    api.get(`/experiments/${id}/sweeps?limit=20`).catch(() => ({items: []}))]);
  const grouped = ctx.query.get('group') === '1';
  const state = {
    overview,
    filter: {status: ctx.query.get('status') ?? '', method: ctx.query.get('method') ?? '', backbone: ctx.query.get('backbone') ?? '',
      text: ctx.query.get('q') ?? ''},
    grouped,
    sort: {key: ctx.query.get('sort') ?? (grouped ? 'config' : 'id'), dir: ctx.query.get('dir') === 'asc' ? 'asc' : 'desc'},
    selectedRuns: new Set(),
    selectedGroups: new Set(),
    shown: PAGE_ROWS, // rows built so far; kept across refreshes so a poll does not undo scrolling
    observer: null,
  };

  const counts = h('div', {class: 'stat-row', id: 'run-counts'});
  const tableBox = h('div', {id: 'runs-table'});
  const compareButton = h('button', {type: 'button', id: 'compare-selected', class: 'primary', disabled: true}, 'Compare selected');
  const toolbar = h('div', {class: 'toolbar'});

  const redraw = () => {
    keepInUrl(id, state);
    renderCounts(counts, state.overview.runs);
    renderTable(tableBox, state, redraw);
    const n = state.grouped ? state.selectedGroups.size : state.selectedRuns.size;
    compareButton.disabled = n === 0;
    compareButton.textContent = n ? `Compare ${n} selected ${state.grouped ? 'group' : 'run'}${n > 1 ? 's' : ''}` : 'Compare selected';
  };
  compareButton.addEventListener('click', () => {
    location.hash = state.grouped
      ? `#/compare?experiment=${id}&groups=${[...state.selectedGroups].join(',')}`
      : `#/compare?runs=${[...state.selectedRuns].join(',')}`;
  });
  renderToolbar(toolbar, state, redraw);

  replace(main,
    h('div', {class: 'crumbs'}, h('a', {href: '#/'}, 'Experiments'), ' / ', `#${experiment.id}`),
    h('div', {class: 'page-head'},
      h('div', {}, h('h1', {}, experiment.name),
        experiment.description ? h('div', {class: 'muted'}, experiment.description) : null,
        h('div', {style: 'margin-top:6px'}, experiment.tags.map((t) => h('span', {class: 'tag'}, t)),
          experiment.archived ? h('span', {class: 'tag'}, 'archived') : null)),
      h('div', {class: 'actions'}, compareButton, editExperiment(experiment),
        h('a', {class: 'button', href: `#/submit/sweep?experiment=${id}`}, 'Submit sweep'),
        h('a', {class: 'button', href: `#/submit/run?experiment=${id}`, id: 'submit-run-link'}, 'Submit run'))),
    h('div', {class: 'card'}, counts),
    sweeps.items.length ? sweepList(sweeps.items) : null,
    toolbar,
    tableBox,
    state.overview.truncated ? h('p', {class: 'muted'}, 'Showing the newest runs only.') : null);
  redraw();
  main.dataset.renderMs = String(Math.round(performance.now() - t0));

  ctx.poll(async () => {
    state.overview = await api.get(`/experiments/${id}/overview?limit=${OVERVIEW_LIMIT}`);
    redraw();
  }, 3000, () => state.overview.runs.some((r) => isActive(r.status)));
}

/** The view in the URL (replacing the history entry, not adding one): filters, grouping and sort can be shared as a link. */
function keepInUrl(id, state) {
  const params = new URLSearchParams();
  Object.entries({status: state.filter.status, method: state.filter.method, backbone: state.filter.backbone, q: state.filter.text})
    .forEach(([k, v]) => { if (v) params.set(k, v); });
  if (state.grouped) params.set('group', '1');
  if (state.sort.key !== (state.grouped ? 'config' : 'id')) params.set('sort', state.sort.key);
  if (state.sort.dir !== 'desc') params.set('dir', state.sort.dir);
  const hash = `#/experiments/${id}${params.size ? `?${params}` : ''}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

/** Rename, describe and tag the experiment, or archive it (it leaves the default list, its runs stay). */
function editExperiment(experiment) {
  const name = h('input', {type: 'text', dataset: {field: 'name'}, value: experiment.name});
  const description = h('textarea', {dataset: {field: 'description'}, rows: 3});
  description.value = experiment.description ?? '';
  const tags = h('input', {type: 'text', dataset: {field: 'tags'}, value: experiment.tags.join(', ')});
  const button = h('button', {type: 'submit', class: 'primary', id: 'save-experiment'}, 'Save');
  const archive = h('button', {type: 'button', id: 'archive-experiment'}, experiment.archived ? 'Unarchive' : 'Archive');
  archive.addEventListener('click', async () => {
    await api.post(`/experiments/${experiment.id}/${experiment.archived ? 'unarchive' : 'archive'}`);
    location.reload();
  });
  const form = h('form', {class: 'form', id: 'edit-experiment', novalidate: true},
    h('div', {class: 'form-errors', tabindex: '-1'}),
    h('div', {class: 'fields', style: 'grid-template-columns: 1fr'}, field('Name', name), field('Description', description),
      field('Tags', tags, 'comma-separated')),
    h('div', {class: 'form-actions'}, button, archive));
  onSubmit(form, button, async () => {
    await api.patch(`/experiments/${experiment.id}`, {name: name.value, description: description.value,
      tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean)});
    location.reload();
  });
  return h('details', {class: 'popover'}, h('summary', {class: 'button'}, 'Edit'), h('div', {class: 'popover-body', style: 'min-width:360px'}, form));
}

function sweepList(sweeps) {
  return h('div', {class: 'card', id: 'experiment-sweeps'}, h('h2', {}, 'Sweeps'),
    h('div', {class: 'pill-list'}, sweeps.map((s) => h('a', {class: 'pill', href: `#/sweeps/${s.id}`},
      `${s.name || `sweep #${s.id}`} · ${s.kind} · ${Math.round(s.progress * 100)} %`))));
}

function renderCounts(el, runs) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  runs.forEach((r) => { counts[r.status] += 1; });
  const configs = new Set(runs.map((r) => r.config_hash)).size;
  const shared = ['dataset', 'backbone'].map((k) => [k, new Set(runs.map((r) => r[k]))]).filter(([, v]) => v.size === 1);
  replace(el,
    h('div', {class: 'stat'}, h('div', {class: 'v'}, runs.length.toLocaleString('en')), h('div', {class: 'l'}, 'runs')),
    h('div', {class: 'stat'}, h('div', {class: 'v'}, configs.toLocaleString('en')), h('div', {class: 'l'}, 'configurations')),
    STATUSES.filter((s) => counts[s]).map((s) => h('div', {class: 'stat', dataset: {status: s}},
      h('div', {class: 'v'}, counts[s].toLocaleString('en')), h('div', {class: 'l'}, s.toLowerCase()))),
    shared.map(([k, v]) => h('div', {class: 'stat'}, h('div', {class: 'v', style: 'font-size:15px;padding-top:4px'}, [...v][0]), h('div', {class: 'l'}, k))));
}

function renderToolbar(el, state, redraw) {
  const runs = state.overview.runs;
  const select = (label, key, options) => {
    const s = h('select', {'aria-label': label, id: `filter-${key}`},
      h('option', {value: ''}, 'all'), options.map((o) => h('option', {value: o, selected: state.filter[key] === o}, o)));
    s.addEventListener('change', () => { state.filter[key] = s.value; state.shown = PAGE_ROWS; redraw(); });
    return h('label', {}, label, s);
  };
  const text = h('input', {type: 'search', id: 'filter-text', placeholder: 'id, seed or config hash', 'aria-label': 'Search runs',
    value: state.filter.text});
  text.addEventListener('input', () => { state.filter.text = text.value.trim(); state.shown = PAGE_ROWS; redraw(); });
  const group = h('input', {type: 'checkbox', id: 'group-by-config', checked: state.grouped});
  group.addEventListener('change', () => {
    state.grouped = group.checked;
    state.sort = {key: state.grouped ? 'config' : 'id', dir: 'desc'};
    state.shown = PAGE_ROWS;
    renderToolbar(el, state, redraw); // the column chooser lists the other table's columns
    redraw();
  });
  replace(el,
    columnChooser(state, redraw),
    select('Status', 'status', STATUSES),
    select('Method', 'method', [...new Set(runs.map((r) => r.method))].sort()),
    select('Backbone', 'backbone', [...new Set(runs.map((r) => r.backbone))].sort()),
    h('label', {}, 'Search', text),
    h('label', {class: 'inline'}, group, 'group seeds by configuration (mean ± std)'));
}

// Columns a person hid, per table kind, remembered in this browser.
const HIDDEN_KEY = (grouped) => `umbra.hidden-columns.${grouped ? 'groups' : 'runs'}`;
const ALWAYS_SHOWN = new Set(['id', 'config', 'method']);

function hiddenColumns(grouped) {
  try {
    return new Set(JSON.parse(localStorage.getItem(HIDDEN_KEY(grouped)) ?? '[]'));
  } catch {
    return new Set();
  }
}

function tableColumns(state) {
  const metrics = metricColumns(state.overview.runs);
  const uniform = uniformColumns(state.overview.runs);
  return state.grouped ? groupColumns(state.overview.hyperparameters, metrics, uniform)
    : runColumns(state.overview.hyperparameters, metrics, uniform);
}

function columnChooser(state, redraw) {
  const hidden = hiddenColumns(state.grouped);
  const boxes = tableColumns(state).filter((c) => !ALWAYS_SHOWN.has(c.key)).map((c) => {
    const box = h('input', {type: 'checkbox', checked: !hidden.has(c.key), dataset: {column: c.key}});
    box.addEventListener('change', () => {
      box.checked ? hidden.delete(c.key) : hidden.add(c.key);
      localStorage.setItem(HIDDEN_KEY(state.grouped), JSON.stringify([...hidden]));
      redraw();
    });
    return h('label', {class: 'inline', title: c.title ?? c.label}, box, ` ${c.label}${c.sub ? ` (${c.sub})` : ''}`);
  });
  return h('details', {class: 'popover', id: 'column-chooser'}, h('summary', {class: 'button'}, 'Columns'), h('div', {class: 'popover-body'}, boxes));
}

function filtered(state) {
  const {status, method, backbone, text} = state.filter;
  return state.overview.runs.filter((r) => (!status || r.status === status) && (!method || r.method === method)
    && (!backbone || r.backbone === backbone)
    && (!text || String(r.id) === text || String(r.seed) === text || r.config_hash.startsWith(text)));
}

function renderTable(el, state, redraw) {
  const runs = filtered(state);
  if (!state.overview.runs.length) {
    replace(el, empty('No runs in this experiment yet. ', h('a', {href: el.ownerDocument.querySelector('#submit-run-link')?.getAttribute('href') ?? '#/submit'}, 'Submit one')));
    return;
  }
  if (!runs.length) {
    replace(el, empty('No run matches these filters.'));
    return;
  }
  const grouped = state.grouped;
  const hidden = hiddenColumns(grouped);
  const columns = tableColumns(state).filter((c) => !hidden.has(c.key));
  const rows = grouped ? groupByConfig(runs) : runs;
  const sortColumn = columns.find((c) => c.key === state.sort.key) ?? columns[0];
  const sorted = sortRows(rows, sortColumn, state.sort.dir);
  const selected = grouped ? state.selectedGroups : state.selectedRuns;
  const keyOf = grouped ? (g) => g.configHash : (r) => r.id;

  const allBox = h('input', {type: 'checkbox', 'aria-label': 'Select all shown',
    checked: sorted.length > 0 && sorted.every((r) => selected.has(keyOf(r)))});
  allBox.addEventListener('change', () => {
    sorted.forEach((r) => (allBox.checked ? selected.add(keyOf(r)) : selected.delete(keyOf(r))));
    redraw();
  });
  const header = h('tr', {}, h('th', {}, allBox), columns.map((c) => {
    const active = c.key === state.sort.key;
    const th = h('th', {class: `sortable${c.num ? ' num' : ''}`, title: c.title ?? '', tabindex: 0,
      'aria-sort': active ? (state.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none', dataset: {key: c.key}},
      c.label, active ? h('span', {class: 'arrow'}, state.sort.dir === 'asc' ? '▲' : '▼') : null,
      c.sub ? h('div', {class: 'pm', style: 'font-weight:normal'}, c.sub) : null);
    const sort = () => {
      state.sort = {key: c.key, dir: active && state.sort.dir === 'desc' ? 'asc' : 'desc'};
      state.shown = PAGE_ROWS;
      redraw();
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    return th;
  }));

  const rowOf = (row) => {
    const key = keyOf(row);
    const box = h('input', {type: 'checkbox', 'aria-label': `Select ${grouped ? 'configuration' : 'run'} ${key}`, checked: selected.has(key)});
    box.addEventListener('change', () => { box.checked ? selected.add(key) : selected.delete(key); redraw(); });
    const tr = h('tr', {class: selected.has(key) ? 'selected' : null,
      dataset: grouped ? {configHash: key} : {runId: key, status: row.status}}, h('td', {}, box));
    for (const c of columns) tr.append(c.cell(row));
    return tr;
  };
  // Rows are built as they scroll into view, a page at a time: thousands of rows cost nothing
  // until someone looks at them, and sorting, filtering and grouping still cover every run.
  const body = document.createElement('tbody');
  const wrap = h('div', {class: 'table-wrap'}, h('table', {class: 'data keyed', id: grouped ? 'group-table' : 'run-table',
    dataset: {total: sorted.length}}, h('thead', {}, header), body));
  const note = h('span', {});
  let built = 0;
  const more = () => {
    const upTo = Math.min(sorted.length, Math.max(built + PAGE_ROWS, state.shown));
    const rows = document.createDocumentFragment();
    for (; built < upTo; built++) rows.append(rowOf(sorted[built]));
    body.append(rows);
    state.shown = built;
    note.textContent = built < sorted.length ? ` Showing ${built.toLocaleString('en')}; scroll for more.` : '';
  };
  more();
  state.observer?.disconnect();
  state.observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && built < sorted.length) {
      more();
      state.observer.observe(body.lastElementChild); // the new last row
    }
  }, {root: wrap, rootMargin: '400px'});
  if (body.lastElementChild) state.observer.observe(body.lastElementChild);
  replace(el, wrap,
    h('div', {class: 'muted small', style: 'margin-top:6px'},
      `${sorted.length.toLocaleString('en')} ${grouped ? 'configurations' : 'runs'}. Accuracies are final-epoch test top-1 under the protocol named in each column.`, note));
}
