// The team's audit log (admins): every state-changing request, who made it and what came of it, newest first.

import {api, query, ApiError} from '../api.js';
import {h, replace, pagedList} from '../dom.js';
import {time} from '../format.js';

export async function render(main) {
  const body = h('div', {id: 'audit-log'});
  replace(main, h('div', {class: 'page-head'}, h('div', {}, h('h1', {}, 'Audit log'),
    h('div', {class: 'muted'}, 'Every state-changing request to this team\'s data, newest first. Team admins only.'))), body);
  try {
    await pagedList(body, (cursor) => api.get(`/audit${query({limit: 200, cursor})}`), table, 'Nothing recorded yet.', 'more-audit');
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403) throw e;
    replace(body, h('div', {class: 'alert info'}, 'Only the team\'s admins can read its audit log.'));
  }
}

function table(events) {
  return h('div', {class: 'table-wrap', style: 'max-height:none'}, h('table', {class: 'data', id: 'audit-table'},
    h('thead', {}, h('tr', {}, ['when', 'who', 'request', 'status'].map((c) => h('th', {}, c)))),
    h('tbody', {}, events.map((e) => h('tr', {},
      h('td', {class: 'muted'}, time(e.at)), h('td', {}, e.actor, e.token_id ? h('span', {class: 'pm'}, ` token #${e.token_id}`) : null),
      h('td', {class: 'mono'}, `${e.method} ${e.path}`), h('td', {class: 'num'}, e.status))))));
}
