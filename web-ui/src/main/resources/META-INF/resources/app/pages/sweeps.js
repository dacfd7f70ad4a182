// The team's sweeps across experiments, newest first, with their progress.

import {api, query} from '../api.js';
import {h, replace, progressBar, pagedList} from '../dom.js';
import {time} from '../format.js';

export async function render(main) {
  const body = h('div', {id: 'sweep-list'});
  replace(main, h('div', {class: 'page-head'}, h('div', {}, h('h1', {}, 'Sweeps'),
    h('div', {class: 'muted'}, 'Every sweep and benchmark suite of the team, newest first.')),
  h('div', {class: 'actions'}, h('a', {class: 'button primary', href: '#/submit/sweep'}, 'Submit a sweep'))), body);
  await pagedList(body, (cursor) => api.get(`/sweeps${query({limit: 100, cursor})}`), table,
    'No sweeps yet: submit one, or launch the benchmark suite from the submit page.', 'more-sweeps');
}

function table(sweeps) {
  return h('div', {class: 'table-wrap', style: 'max-height:none'}, h('table', {class: 'data'},
    h('thead', {}, h('tr', {}, ['sweep', 'kind', 'experiment', 'runs', 'progress', 'created'].map((c) => h('th', {class: c === 'runs' ? 'num' : ''}, c)))),
    h('tbody', {}, sweeps.map((s) => h('tr', {dataset: {sweepId: s.id}},
      h('td', {}, h('a', {href: `#/sweeps/${s.id}`}, s.name || `sweep #${s.id}`)), h('td', {}, h('span', {class: 'tag'}, s.kind)),
      h('td', {}, h('a', {href: `#/experiments/${s.experiment_id}`}, `#${s.experiment_id}`)),
      h('td', {class: 'num'}, `${s.total_runs} (${s.reused_runs} reused)`),
      h('td', {}, s.cancelled ? 'cancelled' : [`${Math.round(s.progress * 100)} % `, progressBar(s.progress, true)]),
      h('td', {class: 'muted'}, time(s.created_at)))))));
}
