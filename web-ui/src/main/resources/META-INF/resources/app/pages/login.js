// Sign-in: username and password buy a session cookie (HttpOnly) and a CSRF token (readable
// cookie); then the page the user came from opens.

import {h, replace} from '../dom.js';
import {api, ApiError} from '../api.js';
import {clearErrors, field, showErrors} from '../forms.js';
import {navigate, showUser} from '../main.js';

export async function render(main, params, ctx) {
  const username = h('input', {type: 'text', dataset: {field: 'username'}, autocomplete: 'username', required: true});
  const password = h('input', {type: 'password', dataset: {field: 'password'}, autocomplete: 'current-password', required: true});
  const button = h('button', {type: 'submit', class: 'primary', id: 'sign-in'}, 'Sign in');
  const form = h('form', {class: 'form card', id: 'login', novalidate: true},
    h('h2', {}, 'Sign in to Umbra'),
    h('div', {class: 'form-errors', tabindex: '-1'}),
    h('div', {class: 'fields', style: 'grid-template-columns: 1fr'}, field('Username', username), field('Password', password)),
    h('div', {class: 'form-actions'}, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    button.disabled = true;
    try {
      await api.post('/session', {username: username.value, password: password.value});
      const next = ctx.query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('/login') ? next : '/');
      showUser();
    } catch (e) {
      if (e instanceof ApiError) showErrors(form, e);
      else throw e;
    } finally {
      button.disabled = false;
    }
  });
  replace(main, form);
  username.focus();
}
