// Experiments: search by name or tag, page through, create one.

import {api, query} from '../api.js';
import {h, replace, empty, errorBox} from '../dom.js';
import {field, onSubmit} from '../forms.js';
import {time} from '../format.js';

export async function render(main, _params, ctx) {
  const state = {name: ctx.query.get('q') ?? '', tag: ctx.query.get('tag') ?? '', archived: false};
  const list = h('div', {id: 'experiment-list'});
  const search = h('input', {type: 'search', id: 'experiment-search', placeholder: 'name contains…', value: state.name,
    'aria-label': 'Search experiments by name'});
  const tag = h('input', {type: 'text', id: 'experiment-tag', placeholder: 'tag', value: state.tag, size: 12,
    'aria-label': 'Filter by tag'});
  const archived = h('input', {type: 'checkbox', id: 'experiment-archived'});
  let debounce;
  const reload = () => { clearTimeout(debounce); debounce = setTimeout(() => load(list, state), 200); };
  search.addEventListener('input', () => { state.name = search.value; reload(); });
  tag.addEventListener('input', () => { state.tag = tag.value.trim(); reload(); });
  archived.addEventListener('change', () => { state.archived = archived.checked; reload(); });

  replace(main,
    h('div', {class: 'page-head'},
      h('div', {}, h('h1', {}, 'Experiments'),
        h('div', {class: 'muted'}, 'Each experiment holds runs: SSL methods trained and evaluated under fixed protocols.')),
      h('div', {class: 'actions'}, h('a', {class: 'button', href: '#/queue'}, 'Queue'),
        h('a', {class: 'button primary', href: '#/submit'}, 'Submit a run'))),
    h('div', {class: 'grid2', style: 'grid-template-columns: 2fr 1fr; align-items: start'},
      h('div', {},
        h('div', {class: 'toolbar'},
          h('label', {}, 'Search', search), h('label', {}, 'Tag', tag),
          h('label', {class: 'inline'}, archived, 'include archived')),
        list),
      createForm()));
  await load(list, state);
}

async function load(list, state) {
  try {
    const page = await api.get(`/experiments${query({name: state.name, tag: state.tag || undefined,
      include_archived: state.archived || undefined, limit: 50})}`);
    replace(list, table(page.items, state));
    appendMore(list, page, state);
  } catch (e) {
    replace(list, errorBox(e));
  }
}

function appendMore(list, page, state) {
  if (!page.next_cursor) return;
  const more = h('button', {type: 'button', onclick: async () => {
    more.disabled = true;
    const next = await api.get(`/experiments${query({name: state.name, tag: state.tag || undefined,
      include_archived: state.archived || undefined, limit: 50, cursor: page.next_cursor})}`);
    list.querySelector('tbody').append(...next.items.map(row));
    more.remove();
    appendMore(list, next, state);
  }}, 'Load more');
  list.append(h('div', {style: 'margin-top: 10px'}, more));
}

function table(items, state) {
  if (!items.length) {
    return state.name || state.tag
      ? empty('No experiment matches this search.')
      : empty('No experiments yet. Create one with the form on the right, then submit runs to it.');
  }
  return h('div', {class: 'table-wrap'}, h('table', {class: 'data'},
    h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Name'), h('th', {}, 'Tags'), h('th', {}, 'Created'))),
    h('tbody', {}, items.map(row))));
}

function row(e) {
  return h('tr', {dataset: {experimentId: e.id}},
    h('td', {class: 'num'}, e.id),
    h('td', {}, h('a', {href: `#/experiments/${e.id}`}, e.name), e.archived ? h('span', {class: 'tag'}, 'archived') : null,
      e.description ? h('div', {class: 'muted small'}, e.description.length > 90 ? e.description.slice(0, 90) + '…' : e.description) : null),
    h('td', {}, e.tags.map((t) => h('span', {class: 'tag'}, t))),
    h('td', {class: 'muted'}, time(e.created_at)));
}

function createForm() {
  const name = h('input', {type: 'text', dataset: {field: 'name'}, required: true, autocomplete: 'off'});
  const description = h('textarea', {dataset: {field: 'description'}, rows: 3});
  const tags = h('input', {type: 'text', dataset: {field: 'tags'}, placeholder: 'fashion-mnist, baseline'});
  const button = h('button', {type: 'submit', class: 'primary'}, 'Create experiment');
  const form = h('form', {class: 'form card', id: 'create-experiment', novalidate: true},
    h('h2', {}, 'New experiment'),
    h('div', {class: 'form-errors', tabindex: '-1'}),
    h('div', {class: 'fields', style: 'grid-template-columns: 1fr'},
      field('Name', name), field('Description', description), field('Tags', tags, 'comma-separated')),
    h('div', {class: 'form-actions'}, button));
  onSubmit(form, button, async () => {
    const tagList = tags.value.split(',').map((t) => t.trim()).filter(Boolean);
    const created = await api.post('/experiments', {name: name.value, description: description.value, tags: tagList});
    location.hash = `#/experiments/${created.id}`;
  });
  return form;
}
