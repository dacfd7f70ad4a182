// Sign-in: username and password buy a session cookie (HttpOnly) and a CSRF token (readable
// cookie); then the page the user came from opens.

import {h, replace} from '../dom.js';
import {api} from '../api.js';
import {field, onSubmit} from '../forms.js';
import {navigate, showUser} from '../session.js';

export async function render(main, params, ctx) {
  const username = h('input', {type: 'text', dataset: {field: 'username'}, autocomplete: 'username', required: true});
  const password = h('input', {type: 'password', dataset: {field: 'password'}, autocomplete: 'current-password', required: true});
  const button = h('button', {type: 'submit', class: 'primary', id: 'sign-in'}, 'Sign in');
  const form = h('form', {class: 'form card', id: 'login', novalidate: true},
    h('h2', {}, 'Sign in to Umbra'),
    h('div', {class: 'form-errors', tabindex: '-1'}),
    h('div', {class: 'fields', style: 'grid-template-columns: 1fr'}, field('Username', username), field('Password', password)),
    h('div', {class: 'form-actions'}, button));
  onSubmit(form, button, async () => {
    await api.post('/session', {username: username.value, password: password.value});
    const next = ctx.query.get('next');
    navigate(next && next.startsWith('/') && !next.startsWith('/login') ? next : '/');
    showUser();
  });
  replace(main, form);
  username.focus();
}
