// The run-spec part of the submit forms, built from the API's catalog (never re-declared here).
// Empty inputs are left out of the spec so the spec's own defaults apply; what a person types is
// sent as typed (a number where it parses as one), and the API's field errors say what is wrong.

import {h} from './dom.js';
import {field} from './forms.js';

/** Typed value of an input: '' → undefined, numeric text → number, anything else as text. */
function read(input) {
  const v = input.value.trim();
  if (v === '') return undefined;
  if (input.dataset.kind === 'text') return v;
  if (input.dataset.kind === 'bool') return v === 'true';
  return /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) ? Number(v) : v;
}

function set(obj, path, v) {
  if (v === undefined) return;
  const parts = path.split('.');
  let node = obj;
  parts.slice(0, -1).forEach((p) => { node = node[p] ??= {}; });
  node[parts.at(-1)] = v;
}

function get(obj, path) {
  return path.split('.').reduce((node, p) => (node === undefined || node === null ? undefined : node[p]), obj);
}

function unset(obj, path) {
  const parts = path.split('.');
  const parent = parts.length === 1 ? obj : get(obj, parts.slice(0, -1).join('.'));
  if (parent && typeof parent === 'object') delete parent[parts.at(-1)];
}

/**
 * Spec fields; prefix is '' for a run, 'base.' for a sweep's base spec (its error paths). from: a
 * spec to start from (clone a run): its values fill the fields, and what the form has no field for
 * is kept as it was. Returns {element, spec()}.
 */
export function specForm(catalog, datasets, prefix = '', initial = {}, from = null) {
  const f = (path) => `${prefix}${path}`;
  const input = (path, attrs = {}) => h('input', {type: 'text', inputmode: 'decimal', dataset: {field: f(path), path}, autocomplete: 'off', ...attrs});
  const select = (path, options, attrs = {}) => h('select', {dataset: {field: f(path), path, kind: 'text'}, ...attrs},
    options.map(([value, label]) => h('option', {value, selected: value === (attrs.selectedValue ?? '')}, label)));

  const methodSelect = select('method.name', catalog.methods.map((m) => [m.id, `${m.id} (${m.family})`]),
    {selectedValue: initial.method ?? 'simclr'});
  methodSelect.value = initial.method ?? 'simclr';
  const datasetSelect = select('dataset', datasets.map((d) => [d.name, d.name]));
  const optimizer = select('optimizer.name', [['', 'the method\'s default'], ...catalog.optimizers.map((o) => [o, o])]);
  const recipe = select('augmentation.recipe', [['', 'the method\'s default'], ...catalog.recipes.map((r) => [r, r])]);
  const lr = input('optimizer.lr');
  const wd = input('optimizer.weight_decay');
  const params = h('div', {class: 'fields', id: `${prefix || 'run-'}method-params`});
  const protocols = h('div', {class: 'checks', dataset: {field: f('evaluation.protocols')}, tabindex: -1},
    catalog.protocols.map((p) => h('label', {}, h('input', {type: 'checkbox', value: p, checked: p !== 'label-efficiency/v1'}), p)));

  const showMethod = () => {
    const m = catalog.methods.find((x) => x.id === methodSelect.value);
    optimizer.options[0].textContent = `the method's default (${m.default_optimizer})`;
    recipe.options[0].textContent = `the method's default (${m.default_recipe})`;
    lr.placeholder = `${m.default_lr} × batch/256`;
    wd.placeholder = String(m.default_weight_decay);
    params.replaceChildren(...(m.params.length ? m.params.map((p) => {
      const el = p.type === 'bool'
        ? h('select', {dataset: {field: f(`method.params.${p.name}`), path: `method.params.${p.name}`, kind: 'bool'}},
          h('option', {value: ''}, `default (${p.default_value})`), h('option', {value: 'true'}, 'true'), h('option', {value: 'false'}, 'false'))
        : input(`method.params.${p.name}`, {placeholder: String(p.default_value)});
      return field(p.name.replace(/_/g, ' '), el, `${p.description}${p.type === 'bool' ? '' : ` (${p.min} to ${p.max})`}`);
    }) : [h('p', {class: 'muted'}, 'This method has no parameters.')]));
  };
  methodSelect.addEventListener('change', showMethod);
  showMethod();

  const element = h('div', {},
    h('fieldset', {}, h('legend', {}, 'What to train'),
      h('div', {class: 'fields'},
        field('Dataset', datasetSelect),
        field('Method', methodSelect),
        field('Backbone', select('backbone', catalog.backbones.map((b) => [b, b]))),
        field('Epochs', input('epochs', {value: initial.epochs ?? '10', inputmode: 'numeric'}), '1 to 10,000'),
        field('Batch size', input('batch_size', {placeholder: '256', inputmode: 'numeric'})),
        field('Max steps per epoch', input('max_steps_per_epoch', {placeholder: 'full pass', inputmode: 'numeric'}), 'caps each epoch: quick tries'),
        prefix ? null : field('Seed', input('seed', {value: initial.seed ?? '0', inputmode: 'numeric'})),
        field('Priority', input('priority', {placeholder: '0', inputmode: 'numeric'}), '-100 to 100; higher runs first'))),
    h('fieldset', {}, h('legend', {}, 'Method parameters'), params),
    h('fieldset', {}, h('legend', {}, 'Optimisation and augmentation'),
      h('div', {class: 'fields'}, field('Optimizer', optimizer), field('Learning rate', lr), field('Weight decay', wd),
        field('Augmentation recipe', recipe))),
    h('fieldset', {}, h('legend', {}, 'Evaluation'), h('div', {class: 'field'}, protocols),
      h('div', {class: 'hint muted'}, 'Protocols run on the final encoder; kNN also runs every epoch during training.')));

  if (from) {
    methodSelect.value = from.method?.name ?? methodSelect.value;
    showMethod();
    element.querySelectorAll('[data-path]').forEach((el) => {
      const v = get(from, el.dataset.path);
      if (v !== undefined && !el.closest('.checks')) el.value = String(v);
    });
    const chosen = from.evaluation?.protocols;
    if (chosen) protocols.querySelectorAll('input').forEach((c) => { c.checked = chosen.includes(c.value); });
  }

  const spec = () => {
    const out = from ? structuredClone(from) : {};
    element.querySelectorAll('[data-path]').forEach((el) => {
      if (el.closest('.checks')) return;
      unset(out, el.dataset.path); // an emptied field means the default, not the cloned value
      set(out, el.dataset.path, read(el));
    });
    if (out.method && from && out.method.name !== from.method?.name) delete out.method.params; // another method's parameters
    const chosen = [...protocols.querySelectorAll('input:checked')].map((c) => c.value);
    set(out, 'evaluation.protocols', chosen);
    return out;
  };
  return {element, spec};
}
