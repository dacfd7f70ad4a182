// The team's datasets, and registering a folder of the team's datasets folder on the platform's
// host (the platform computes the checksum from the files it will serve).

import {api} from '../api.js';
import {h, replace, empty} from '../dom.js';
import {field, onSubmit} from '../forms.js';
import {time} from '../format.js';

const FORMATS = [['idx', 'IDX files (MNIST, Fashion-MNIST)'], ['image-folder', 'image folders (train/<class>/*, test/<class>/*)'],
  ['cifar10', 'CIFAR-10 binary batches'], ['cifar100', 'CIFAR-100 binary']];

export async function render(main) {
  const [datasets, me, teams] = await Promise.all([api.get('/datasets'), api.get('/session'), api.get('/teams')]);
  const folder = teams.find((t) => t.id === me.team_id)?.datasets_folder;
  replace(main,
    h('div', {class: 'page-head'}, h('div', {}, h('h1', {}, 'Datasets'),
      h('div', {class: 'muted'}, 'Registered datasets of the team; a run names one by its name.'))),
    h('div', {class: 'grid2', style: 'grid-template-columns: 3fr 2fr; align-items: start'},
      h('div', {class: 'card'}, datasets.length ? table(datasets) : empty('No datasets registered yet.')),
      me.role === 'viewer' ? null : registerForm(folder)));
}

function table(datasets) {
  return h('div', {class: 'table-wrap', style: 'max-height:none'}, h('table', {class: 'data', id: 'dataset-table'},
    h('thead', {}, h('tr', {}, ['name', 'format', 'classes', 'shape', 'train / test', 'flips keep labels', 'checksum', 'registered']
      .map((c) => h('th', {}, c)))),
    h('tbody', {}, datasets.map((d) => h('tr', {dataset: {dataset: d.name}},
      h('td', {}, d.name), h('td', {}, d.format), h('td', {class: 'num'}, d.num_classes), h('td', {}, `${d.channels}×${d.height}×${d.width}`),
      h('td', {class: 'num'}, `${d.train_count ?? '?'} / ${d.test_count ?? '?'}`), h('td', {}, d.hflip_preserves_labels ? 'yes' : 'no'),
      h('td', {class: 'mono', title: d.checksum}, d.checksum.slice(0, 12)), h('td', {class: 'muted'}, time(d.created_at)))))));
}

function registerForm(folder) {
  const text = (name, attrs = {}) => h('input', {type: 'text', dataset: {field: name}, autocomplete: 'off', ...attrs});
  const inputs = {
    name: text('name', {placeholder: 'digits-v2'}),
    format: h('select', {dataset: {field: 'format'}}, FORMATS.map(([v, l]) => h('option', {value: v}, l))),
    num_classes: text('num_classes', {inputmode: 'numeric', placeholder: '10'}),
    channels: h('select', {dataset: {field: 'channels'}}, h('option', {value: '1'}, '1 (grey)'), h('option', {value: '3'}, '3 (colour)')),
    height: text('height', {inputmode: 'numeric', placeholder: '28'}),
    width: text('width', {inputmode: 'numeric', placeholder: '28'}),
    location: text('location', {placeholder: folder ? `${folder}/digits-v2` : 'a folder on the platform\'s host'}),
  };
  const flips = h('input', {type: 'checkbox', checked: true, dataset: {field: 'hflip_preserves_labels'}});
  const button = h('button', {type: 'submit', class: 'primary', id: 'register-dataset'}, 'Register');
  const form = h('form', {class: 'form card', id: 'register-dataset-form', novalidate: true}, h('h2', {}, 'Register a dataset'),
    h('div', {class: 'form-errors', tabindex: '-1'}),
    h('div', {class: 'fields', style: 'grid-template-columns: 1fr 1fr'},
      field('Name', inputs.name), field('Format', inputs.format), field('Classes', inputs.num_classes), field('Channels', inputs.channels),
      field('Height', inputs.height), field('Width', inputs.width),
      field('Location', inputs.location, folder ? `inside your team's folder ${folder}` : 'inside your team\'s datasets folder', true),
      h('div', {class: 'field wide'}, h('label', {}, flips, ' a horizontal flip keeps an image\'s label (photos: yes; digits, text: no)'))),
    h('div', {class: 'form-actions'}, button));
  const number = (v) => (/^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim() || undefined);
  onSubmit(form, button, async () => {
    await api.post('/datasets', {name: inputs.name.value.trim(), format: inputs.format.value, num_classes: number(inputs.num_classes.value),
      channels: Number(inputs.channels.value), height: number(inputs.height.value), width: number(inputs.width.value),
      location: inputs.location.value.trim(), hflip_preserves_labels: flips.checked});
    location.reload();
  });
  return form;
}
