// The team: its members and roles (admins change them), your own API tokens (create one, its
// secret shown once; revoke), and, for admins, runner tokens for GPU nodes.

import {api} from '../api.js';
import {h, replace, empty, errorBox} from '../dom.js';
import {field, onSubmit} from '../forms.js';
import {time} from '../format.js';

const ROLES = ['viewer', 'member', 'admin'];
const SCOPES = {viewer: ['read'], member: ['read', 'write'], admin: ['read', 'write', 'admin']};

export async function render(main) {
  const me = await api.get('/session');
  const admin = me.role === 'admin';
  const members = h('div', {id: 'member-table'});
  const tokens = h('div', {id: 'token-table'});
  const loadMembers = async () => {
    try {
      replace(members, memberTable(await api.get(`/teams/${me.team_id}/members`), me, admin, loadMembers));
    } catch (e) {
      replace(members, errorBox(e));
    }
  };
  const loadTokens = async () => {
    try {
      replace(tokens, tokenTable(await api.get('/tokens'), loadTokens));
    } catch (e) {
      replace(tokens, errorBox(e));
    }
  };
  replace(main,
    h('div', {class: 'page-head'}, h('div', {}, h('h1', {}, `Team ${me.team}`),
      h('div', {class: 'muted'}, `You are ${me.username}, ${me.role} of this team.`))),
    h('div', {class: 'grid2', style: 'grid-template-columns: 3fr 2fr; align-items: start'},
      h('div', {},
        h('div', {class: 'card'}, h('h2', {}, 'Members'), members),
        h('div', {class: 'card'}, h('h2', {}, 'Your API tokens'),
          h('p', {class: 'muted small'}, 'For scripts, the CLI and the Java client: Authorization: Bearer <token>.'), tokens)),
      h('div', {},
        admin ? memberForm(me, loadMembers) : null,
        tokenForm(me, loadTokens),
        admin ? runnerTokenForm() : null)));
  await Promise.all([loadMembers(), loadTokens()]);
}

function memberTable(list, me, admin, reload) {
  if (!list.length) return empty('No members.');
  return h('div', {class: 'table-wrap'}, h('table', {class: 'data'},
    h('thead', {}, h('tr', {}, h('th', {}, 'User'), h('th', {}, 'Role'), admin ? h('th', {}, '') : null)),
    h('tbody', {}, list.map((m) => h('tr', {dataset: {username: m.username}},
      h('td', {}, m.username), h('td', {class: 'member-role'}, m.role),
      admin ? h('td', {}, m.username === me.username ? h('span', {class: 'muted small'}, 'you') : h('button', {
        type: 'button', class: 'link remove-member', onclick: async (event) => {
          if (!confirm(`Remove ${m.username} from the team? Their tokens for it stop working at once.`)) return;
          event.target.disabled = true;
          try {
            await api.delete(`/teams/${me.team_id}/members/${m.user_id}`);
          } catch (e) {
            alert(e.message);
          }
          await reload();
        }}, 'remove')) : null)))));
}

function memberForm(me, reload) {
  const username = h('input', {type: 'text', dataset: {field: 'username'}, autocomplete: 'off'});
  const role = h('select', {dataset: {field: 'role'}}, ROLES.map((r) => h('option', {value: r, selected: r === 'member'}, r)));
  const password = h('input', {type: 'password', dataset: {field: 'password'}, autocomplete: 'new-password'});
  const button = h('button', {type: 'submit', class: 'primary', id: 'member-submit'}, 'Add or change');
  const form = h('form', {class: 'form card', id: 'member-form', novalidate: true},
    h('h2', {}, 'Add a member or change a role'),
    h('div', {class: 'form-errors', tabindex: '-1'}),
    h('div', {class: 'fields', style: 'grid-template-columns: 1fr'},
      field('Username', username, 'a new name creates the user; an existing user is invited'),
      field('Role', role),
      field('Password', password, 'for portal sign-in; leave empty for a token-only user or to keep theirs')),
    h('div', {class: 'form-actions'}, button));
  const notice = h('p', {class: 'muted small', id: 'member-notice'});
  form.append(notice);
  onSubmit(form, button, async () => {
    const added = await api.post(`/teams/${me.team_id}/members`, {username: username.value.trim(), role: role.value,
      password: password.value || undefined});
    // An existing user of other teams is invited (202, an invitation), not added: they join when they accept.
    notice.textContent = added.team_id ? `${added.username} was invited as ${added.role}; they join when they accept.` : '';
    username.value = '';
    password.value = '';
    await reload();
  });
  return form;
}

function tokenTable(list, reload) {
  const shown = list.filter((t) => !t.revoked_at);
  if (!shown.length) return empty('You have no active API tokens.');
  return h('div', {class: 'table-wrap'}, h('table', {class: 'data'},
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Scope'), h('th', {}, 'Created'), h('th', {}, 'Expires'), h('th', {}, ''))),
    h('tbody', {}, shown.map((t) => h('tr', {dataset: {tokenId: t.id}},
      h('td', {}, t.name), h('td', {}, t.scope), h('td', {class: 'muted'}, time(t.created_at)),
      h('td', {class: 'muted'}, t.expires_at ? time(t.expires_at) : 'never'),
      h('td', {}, h('button', {type: 'button', class: 'link revoke-token', onclick: async (event) => {
        event.target.disabled = true;
        try {
          await api.delete(`/tokens/${t.id}`);
        } catch (e) {
          alert(e.message);
        }
        await reload();
      }}, 'revoke')))))));
}

function tokenForm(me, reload) {
  const name = h('input', {type: 'text', dataset: {field: 'name'}, placeholder: 'laptop CLI'});
  const scope = h('select', {dataset: {field: 'scope'}}, SCOPES[me.role].map((s) => h('option', {value: s}, s)));
  const days = h('input', {type: 'number', min: 1, value: 90, dataset: {field: 'expires_in_days'}});
  const secret = h('div', {id: 'new-token'});
  const button = h('button', {type: 'submit', class: 'primary', id: 'token-submit'}, 'Create token');
  const form = h('form', {class: 'form card', id: 'token-form', novalidate: true},
    h('h2', {}, 'New API token'),
    h('div', {class: 'form-errors', tabindex: '-1'}),
    h('div', {class: 'fields', style: 'grid-template-columns: 1fr'},
      field('Name', name), field('Scope', scope, 'at most your role allows'), field('Expires in days', days)),
    h('div', {class: 'form-actions'}, button), secret);
  onSubmit(form, button, async () => {
    replace(secret);
    const created = await api.post('/tokens', {name: name.value.trim(), scope: scope.value,
      expires_in_days: days.value === '' ? undefined : Number(days.value)});
    name.value = '';
    replace(secret, shownOnce(created.token, 'new-token-secret'));
    await reload();
  });
  return form;
}

function runnerTokenForm() {
  const name = h('input', {type: 'text', dataset: {field: 'name'}, placeholder: 'gpu-node-1'});
  const secret = h('div', {id: 'new-runner-token'});
  const button = h('button', {type: 'submit', id: 'runner-token-submit'}, 'Create runner token');
  const form = h('form', {class: 'form card', id: 'runner-token-form', novalidate: true},
    h('h2', {}, 'New runner token'),
    h('p', {class: 'muted small'}, 'For the agents of a GPU node (UMBRA_RUNNER_TOKEN); it works on the runner protocol only.'),
    h('div', {class: 'form-errors', tabindex: '-1'}),
    h('div', {class: 'fields', style: 'grid-template-columns: 1fr'}, field('Node name', name)),
    h('div', {class: 'form-actions'}, button), secret);
  onSubmit(form, button, async () => {
    replace(secret);
    const created = await api.post('/runner-tokens', {name: name.value.trim()});
    name.value = '';
    replace(secret, shownOnce(created.token, 'new-runner-token-secret'));
  });
  return form;
}

/** A secret the platform will never show again (it keeps only a hash). */
function shownOnce(token, id) {
  const box = h('input', {type: 'text', id, readonly: true, value: token, style: 'width: 100%; font-family: monospace'});
  box.addEventListener('focus', () => box.select());
  return h('div', {class: 'alert info', role: 'status'},
    h('div', {}, 'Copy it now: it is shown only this once.'), box);
}
