// Submit a run, a sweep, or the built-in benchmark suite. The API validates; its field errors
// appear next to the inputs they name.

import {api} from '../api.js';
import {h, replace, empty} from '../dom.js';
import {field, onSubmit} from '../forms.js';
import {specForm} from '../specform.js';

export async function render(main, [tab = 'run'], ctx) {
  const [catalog, datasets, experiments] = await Promise.all([
    api.get('/catalog'), api.get('/datasets'), api.get('/experiments?limit=500')]);
  const preselected = ctx.query.get('experiment');
  const tabs = h('nav', {class: 'tabs', 'aria-label': 'What to submit'},
    [['run', 'Run'], ['sweep', 'Sweep'], ['benchmark', 'Benchmark suite']].map(([id, label]) =>
      h('a', {href: `#/submit/${id}${preselected ? `?experiment=${preselected}` : ''}`, class: id === tab ? 'active' : null,
        'aria-current': id === tab ? 'page' : null}, label)));
  const head = h('div', {class: 'page-head'}, h('div', {}, h('h1', {}, 'Submit'),
    h('div', {class: 'muted'}, 'Empty fields take the spec\'s defaults (docs/run-spec.md); the platform checks everything on submission.')));
  if (!experiments.items.length) {
    replace(main, head, tabs, empty('Runs belong to an experiment: ', h('a', {href: '#/'}, 'create one first'), '.'));
    return;
  }
  const experimentSelect = h('select', {id: 'submit-experiment', dataset: {field: 'experiment'}},
    experiments.items.map((e) => h('option', {value: e.id, selected: String(e.id) === preselected}, `#${e.id} ${e.name}`)));
  const offer = tab === 'benchmark' ? await api.get('/suites/benchmark').catch(() => null) : null;
  // "Clone this run": the form starts from the run's spec as it was submitted (#/submit/run?from=12).
  const from = tab === 'run' && ctx.query.get('from') ? await api.get(`/runs/${ctx.query.get('from')}`) : null;
  const build = {run: runForm, sweep: sweepForm, benchmark: suiteForm}[tab];
  replace(main, head, tabs,
    from ? h('div', {class: 'alert info', id: 'cloned-from'}, `Starting from run #${from.id} (${from.method}, seed ${from.seed}): `
      + 'its submitted spec fills the form, and what the form has no field for is kept (see the spec that will be sent).') : null,
    build(catalog, datasets, experimentSelect, offer, from?.spec));
}

function shell(id, experimentSelect, title, body, submitLabel, submit) {
  const button = h('button', {type: 'submit', class: 'primary', id: `${id}-submit`}, submitLabel);
  const form = h('form', {class: 'form card', id, novalidate: true},
    h('h2', {}, title),
    h('div', {class: 'form-errors', tabindex: '-1'}),
    h('div', {class: 'fields', style: 'margin-bottom:14px'}, field('Experiment', experimentSelect)),
    body,
    h('div', {class: 'form-actions'}, button, h('span', {class: 'muted small', 'aria-live': 'polite'})));
  onSubmit(form, button, () => submit(Number(experimentSelect.value), form));
  return form;
}

function runForm(catalog, datasets, experimentSelect, _offer, from) {
  const spec = specForm(catalog, datasets, '', {}, from);
  const preview = h('pre', {class: 'json', id: 'spec-preview'});
  const refresh = () => { preview.textContent = JSON.stringify(spec.spec(), null, 2); };
  spec.element.addEventListener('input', refresh);
  spec.element.addEventListener('change', refresh);
  refresh();
  return shell('submit-run', experimentSelect, 'A run', h('div', {}, spec.element,
    h('details', {}, h('summary', {}, 'The spec that will be sent'), preview)), 'Submit run',
  async (experimentId) => {
    const run = await api.post(`/experiments/${experimentId}/runs`, spec.spec());
    location.hash = `#/runs/${run.id}`;
  });
}

function sweepForm(catalog, datasets, experimentSelect) {
  const base = specForm(catalog, datasets, 'base.');
  const name = h('input', {type: 'text', dataset: {field: 'name'}, placeholder: 'lr sweep'});
  const seeds = h('input', {type: 'text', dataset: {field: 'seeds'}, value: '1, 2, 3'});
  const samples = h('input', {type: 'text', dataset: {field: 'samples'}, placeholder: 'random axes only', inputmode: 'numeric'});
  const reuse = h('input', {type: 'checkbox', checked: true, dataset: {field: 'reuse_succeeded'}});
  const axes = h('div', {class: 'stack', id: 'sweep-axes'});
  const addAxis = (path = '', kind = 'values', values = '') => {
    const i = axes.children.length;
    const pathInput = h('input', {type: 'text', value: path, placeholder: 'optimizer.lr', dataset: {field: `axes[${i}].path`}, 'aria-label': `Axis ${i + 1} path`});
    const kindSelect = h('select', {'aria-label': `Axis ${i + 1} kind`},
      [['values', 'grid: values'], ['choices', 'random: choices'], ['range', 'random: range min, max']].map(([v, l]) => h('option', {value: v, selected: v === kind}, l)));
    const valuesInput = h('input', {type: 'text', value: values, placeholder: '0.1, 0.3, 1.0', dataset: {field: `axes[${i}]`}, 'aria-label': `Axis ${i + 1} values`});
    const row = h('div', {class: 'fields', dataset: {axis: i}},
      h('div', {class: 'field'}, pathInput), h('div', {class: 'field'}, kindSelect), h('div', {class: 'field'}, valuesInput));
    row.read = () => {
      const list = valuesInput.value.split(',').map((v) => v.trim()).filter(Boolean).map((v) => (Number.isNaN(Number(v)) ? v : Number(v)));
      const axis = {path: pathInput.value.trim()};
      if (kindSelect.value === 'range') axis.range = {min: list[0], max: list[1]};
      else axis[kindSelect.value] = list;
      return axis;
    };
    axes.append(row);
  };
  addAxis('optimizer.lr', 'values', '0.1, 0.3, 1.0');
  const body = h('div', {},
    h('div', {class: 'fields', style: 'margin-bottom:14px'}, field('Sweep name', name), field('Seeds', seeds, 'each configuration runs once per seed'),
      field('Random samples', samples, 'draws of the random axes'), h('div', {class: 'field'}, h('label', {}, reuse, ' reuse runs that already succeeded'))),
    h('fieldset', {}, h('legend', {}, 'Axes'), axes,
      h('button', {type: 'button', id: 'add-axis', onclick: () => addAxis()}, 'Add axis'),
      h('div', {class: 'hint muted'}, 'A path is a run spec path such as optimizer.lr or method.params.temperature. Grid axes are crossed.')),
    h('h3', {}, 'Base spec'), base.element);
  return shell('submit-sweep', experimentSelect, 'A sweep', body, 'Submit sweep', async (experimentId) => {
    const doc = {
      name: name.value.trim() || undefined,
      base: base.spec(),
      axes: [...axes.children].map((row) => row.read()).filter((a) => a.path),
      seeds: seeds.value.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (Number.isNaN(Number(s)) ? s : Number(s))),
      reuse_succeeded: reuse.checked,
    };
    if (samples.value.trim()) doc.samples = Number(samples.value.trim());
    const sweep = await api.post(`/experiments/${experimentId}/sweeps`, doc);
    location.hash = `#/sweeps/${sweep.id}`;
  });
}

function suiteForm(catalog, datasets, experimentSelect, offer) {
  // The suite is checked as the sweep it expands to: its errors name base.<spec field> (or the request's own field).
  const dataset = h('select', {dataset: {field: 'dataset', also: 'base.dataset'}}, datasets.map((d) => h('option', {value: d.name, selected: d.name === offer?.dataset}, d.name)));
  const backbone = h('select', {dataset: {field: 'backbone', also: 'base.backbone'}}, catalog.backbones.map((b) => h('option', {value: b, selected: b === offer?.backbone}, b)));
  const number = (name, placeholder) => h('input', {type: 'text', dataset: {field: name, also: `base.${name}`}, placeholder, inputmode: 'numeric'});
  const epochs = number('epochs', String(offer?.epochs ?? 'the suite\'s budget'));
  const batch = number('batch_size', String(offer?.batch_size ?? '256'));
  const steps = number('max_steps_per_epoch', String(offer?.max_steps_per_epoch ?? 'full pass'));
  const seeds = h('input', {type: 'text', dataset: {field: 'seeds'}, placeholder: (offer?.seeds ?? [1, 2, 3]).join(', ')});
  const methods = offer?.methods ?? catalog.methods.map((m) => m.id);
  const body = h('div', {},
    h('p', {class: 'muted'}, `Every method (${methods.join(', ')}) on one dataset and backbone, with one budget and three seeds: `,
      offer ? `${offer.runs} runs, ` : '', 'a real comparison with one click. Empty fields take the offer\'s values.'),
    offer ? null : h('div', {class: 'alert info'}, 'This platform does not offer the benchmark suite yet.'),
    h('div', {class: 'fields'}, field('Dataset', dataset), field('Backbone', backbone), field('Epochs', epochs),
      field('Batch size', batch), field('Max steps per epoch', steps), field('Seeds', seeds)));
  return shell('submit-suite', experimentSelect, 'The built-in benchmark suite', body, 'Launch the suite', async (experimentId) => {
    const request = {dataset: dataset.value, backbone: backbone.value};
    const typed = (input) => (Number.isNaN(Number(input.value.trim())) ? input.value.trim() : Number(input.value.trim()));
    if (epochs.value.trim()) request.epochs = typed(epochs);
    if (batch.value.trim()) request.batch_size = typed(batch);
    if (steps.value.trim()) request.max_steps_per_epoch = typed(steps);
    if (seeds.value.trim()) request.seeds = seeds.value.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (Number.isNaN(Number(s)) ? s : Number(s)));
    const sweep = await api.post(`/experiments/${experimentId}/suites/benchmark`, request);
    location.hash = `#/sweeps/${sweep.id}`;
  });
}
