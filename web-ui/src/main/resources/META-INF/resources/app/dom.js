// Builds DOM from data without innerHTML, so text from the API can never become markup.

/** h('a', {href: '#/x', class: 'b'}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'dataset') {
        Object.assign(el.dataset, value);
      } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') {
        el[key] = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function badge(status) {
  return h('span', {class: `badge ${status}`}, status);
}

export function progressBar(fraction, inline = false) {
  const pct = Math.max(0, Math.min(1, fraction ?? 0)) * 100;
  return h('div', {class: inline ? 'progress inline' : 'progress', role: 'progressbar', 'aria-valuemin': 0,
    'aria-valuemax': 100, 'aria-valuenow': Math.round(pct)}, h('div', {style: `width:${pct.toFixed(1)}%`}));
}

export function empty(text, ...more) {
  return h('div', {class: 'empty'}, text, ...more);
}

export function errorBox(error) {
  return h('div', {class: 'alert error', role: 'alert'}, error.message ?? String(error));
}

/** Key/value table; values may be nodes. */
export function kvTable(entries) {
  return h('table', {class: 'kv'}, h('tbody', {}, entries.map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, v)))));
}

/**
 * A keyset-paged list in el: load(cursor) returns {items, next_cursor}; table(rows) draws every row read
 * so far; a "More" button (id moreId) reads the next page. Resolves after the first page.
 */
export async function pagedList(el, load, table, emptyText, moreId) {
  const rows = [];
  const more = h('button', {type: 'button', id: moreId}, 'More');
  const read = async (cursor) => {
    const page = await load(cursor);
    rows.push(...page.items);
    more.onclick = () => read(page.next_cursor);
    replace(el, rows.length ? h('div', {class: 'card'}, table(rows), page.next_cursor ? more : null) : empty(emptyText));
  };
  await read('');
}
