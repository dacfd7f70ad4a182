// Leaderboards per (dataset, backbone, epoch budget): configurations ranked by a metric's mean
// over seeds, every number with its protocol. Served by the comparison API (issue 7).

import {api, query, ApiError} from '../api.js';
import {h, replace, empty, errorBox} from '../dom.js';
import {pctSummary, pctInterval, shortHash, duration} from '../format.js';

const RANKINGS = [
  ['linear-probe/top1', 'linear probe top-1'], ['knn/top1', 'kNN top-1'],
  ['label-efficiency/top1@1%', '1 % labels'], ['label-efficiency/top1@10%', '10 % labels'],
];

export async function render(main, _params, ctx) {
  const metric = ctx.query.get('metric') ?? RANKINGS[0][0];
  const experiment = ctx.query.get('experiment') ?? undefined; // one experiment's configurations only
  const choose = h('select', {id: 'leaderboard-metric', 'aria-label': 'Rank by'},
    RANKINGS.map(([m, l]) => h('option', {value: m, selected: m === metric}, l)));
  choose.addEventListener('change', () => { location.hash = `#/leaderboard${query({metric: choose.value, experiment})}`; });
  const body = h('div', {id: 'leaderboards'});
  replace(main, h('div', {class: 'page-head'},
    h('div', {}, h('h1', {}, 'Leaderboard', experiment ? h('span', {class: 'muted'}, ` · experiment #${experiment}`) : null),
      h('div', {class: 'muted'}, 'Succeeded configurations per dataset, backbone and epoch budget; mean ± std over seeds with the 95 % interval of the mean, final epoch, test split. '
        + '≈ between two ranks: their intervals overlap, so their order is within noise.')),
    h('div', {class: 'toolbar', style: 'margin:0'}, h('label', {}, 'Rank by', choose))), body);
  try {
    const board = await api.get(`/leaderboard${query({metric, experiment_id: experiment})}`);
    renderBoards(body, board);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) {
      replace(body, h('div', {class: 'alert info'}, 'This platform has no leaderboard API yet (it comes with sweeps and comparisons). ',
        'Meanwhile, group seeds by configuration on an experiment page to rank configurations within it.'));
    } else {
      replace(body, errorBox(e));
    }
  }
}

function summaryOf(group, metric) {
  return group.metrics.find((m) => m.metric === metric);
}

// The row against the board's raw-pixels reference on one metric; undecided (overlapping intervals,
// a single seed) shows nothing.
function rawPixelsMark(row, metric) {
  const v = (row.beats_raw_pixels ?? []).find((x) => x.metric === metric);
  if (!v || v.beats === null) {
    return null;
  }
  return h('span', {class: 'small', title: `${(v.difference * 100).toFixed(1)} points against raw pixels`},
    v.beats ? ' ▲' : ' ▼');
}

// "≈" when a row's interval overlaps the next row's on the ranking metric (their order is within noise).
function neighbourMark(row, next) {
  if (!next || row.apart_from_next !== false) return null;
  return h('span', {class: 'small within-noise', title: `within noise of rank ${next.rank}: their 95 % intervals overlap`}, ' ≈');
}

function renderBoards(el, board) {
  if (!board.boards.length) {
    replace(el, empty('No succeeded runs yet: the leaderboard fills as runs finish.'));
    return;
  }
  const columns = RANKINGS.map(([m, l]) => [m, l]);
  replace(el, board.boards.map((b) => h('div', {class: 'card', dataset: {board: `${b.dataset}/${b.backbone}/${b.epochs}`}},
    h('h2', {}, `${b.dataset} · ${b.backbone} · ${b.epochs} epochs`,
      h('span', {class: 'muted small', style: 'font-weight:normal'}, ` ${b.configurations} configurations; ranked by ${board.ranked_by} (${board.ranked_by_protocol})`
        + (b.raw_pixels ? '; ▲/▼: 95 % interval wholly above/below raw pixels' : ''))),
    h('div', {class: 'table-wrap', style: 'max-height:none'}, h('table', {class: 'data'},
      h('thead', {}, h('tr', {}, h('th', {class: 'num'}, 'rank'), h('th', {}, 'method'), h('th', {}, 'config'), h('th', {class: 'num'}, 'seeds'),
        columns.map(([m, l]) => h('th', {class: 'num', title: m}, l, h('div', {class: 'pm', style: 'font-weight:normal'},
          b.rows.map((r) => summaryOf(r.group, m)?.protocol).find(Boolean) ?? ''))),
        h('th', {class: 'num'}, 'train time'))),
      h('tbody', {}, b.rows.map((r, i) => h('tr', {dataset: {configHash: r.group.config_hash}},
        h('td', {class: 'num'}, r.rank ?? '–', neighbourMark(r, b.rows[i + 1])), h('td', {}, r.group.method),
        h('td', {class: 'mono'}, h('a', {href: `#/compare?runs=${r.group.run_ids.join(',')}`, title: r.group.config_hash}, shortHash(r.group.config_hash))),
        h('td', {class: 'num'}, r.group.runs),
        columns.map(([m]) => {
          const s = summaryOf(r.group, m);
          return h('td', {class: 'num', dataset: {metric: m}, title: s ? `n=${s.n}` : ''},
            s ? pctSummary(s.mean, s.std) : '–', rawPixelsMark(r, m),
            s?.ci95_low !== null && s?.ci95_low !== undefined ? h('div', {class: 'pm'}, `95 % ${pctInterval(s.ci95_low, s.ci95_high)}`) : null);
        }),
        h('td', {class: 'num'}, duration(r.group.train_seconds_mean))))))))));
}
