// The team: its members and roles (admins change them), invitations waiting for you, your own API
// tokens (create one for any of your teams, its secret shown once; revoke), and, for admins, the
// team's runner tokens for GPU nodes (create, revoke).

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
  const runnerTokens = h('div', {id: 'runner-token-table'});
  const invitations = h('div', {id: 'invitation-list'});
  const myTeams = await api.get('/teams');
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
  const loadRunnerTokens = async () => {
    try {
      replace(runnerTokens, runnerTokenTable(await api.get('/runner-tokens'), loadRunnerTokens));
    } catch (e) {
      replace(runnerTokens, errorBox(e));
    }
  };
  const loadInvitations = async () => {
    try {
      replace(invitations, invitationList(await api.get('/invitations'), loadInvitations));
    } catch (e) {
      replace(invitations, errorBox(e));
    }
  };
  replace(main,
    h('div', {class: 'page-head'}, h('div', {}, h('h1', {}, `Team ${me.team}`),
      h('div', {class: 'muted'}, `You are ${me.username}, ${me.role} of this team.`)),
    admin ? h('div', {class: 'actions'}, h('a', {class: 'button', href: '#/audit', id: 'audit-link'}, 'Audit log')) : null),
    invitations,
    h('div', {class: 'grid2', style: 'grid-template-columns: 3fr 2fr; align-items: start'},
      h('div', {},
        h('div', {class: 'card'}, h('h2', {}, 'Members'), members),
        h('div', {class: 'card'}, h('h2', {}, 'Your API tokens'),
          h('p', {class: 'muted small'}, 'For scripts, the CLI and the Java client: Authorization: Bearer <token>.'), tokens),
        admin ? h('div', {class: 'card'}, h('h2', {}, 'Runner tokens'),
          h('p', {class: 'muted small'}, "Its runners claim only this team's runs."), runnerTokens) : null),
      h('div', {},
        admin ? memberForm(me, loadMembers) : null,
        tokenForm(me, myTeams, loadTokens),
        admin ? runnerTokenForm(loadRunnerTokens) : null)));
  await Promise.all([loadMembers(), loadTokens(), loadInvitations(), admin ? loadRunnerTokens() : null]);
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

// Signed in, you may create a token for any of your teams, up to your role there.
function tokenForm(me, myTeams, reload) {
  const name = h('input', {type: 'text', dataset: {field: 'name'}, placeholder: 'laptop CLI'});
  const team = h('select', {dataset: {field: 'team_id'}},
    myTeams.map((t) => h('option', {value: t.id, selected: t.id === me.team_id}, `${t.name} (${t.role})`)));
  const scope = h('select', {dataset: {field: 'scope'}});
  const scopes = () => {
    const role = myTeams.find((t) => String(t.id) === team.value)?.role || me.role;
    replace(scope, ...SCOPES[role].map((s) => h('option', {value: s}, s)));
  };
  team.addEventListener('change', scopes);
  scopes();
  const days = h('input', {type: 'number', min: 1, value: 90, dataset: {field: 'expires_in_days'}});
  const secret = h('div', {id: 'new-token'});
  const button = h('button', {type: 'submit', class: 'primary', id: 'token-submit'}, 'Create token');
  const form = h('form', {class: 'form card', id: 'token-form', novalidate: true},
    h('h2', {}, 'New API token'),
    h('div', {class: 'form-errors', tabindex: '-1'}),
    h('div', {class: 'fields', style: 'grid-template-columns: 1fr'},
      field('Name', name), myTeams.length > 1 ? field('Team', team, 'the team the token acts for') : null,
      field('Scope', scope, 'at most your role allows'), field('Expires in days', days)),
    h('div', {class: 'form-actions'}, button), secret);
  onSubmit(form, button, async () => {
    replace(secret);
    const created = await api.post('/tokens', {name: name.value.trim(), scope: scope.value, team_id: Number(team.value),
      expires_in_days: days.value === '' ? undefined : Number(days.value)});
    name.value = '';
    replace(secret, shownOnce(created.token, 'new-token-secret'));
    await reload();
  });
  return form;
}

function runnerTokenForm(reload) {
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
    await reload();
  });
  return form;
}

function runnerTokenTable(list, reload) {
  const shown = list.filter((t) => !t.revoked_at);
  if (!shown.length) return empty('No active runner token.');
  return h('div', {class: 'table-wrap'}, h('table', {class: 'data'},
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Created'), h('th', {}, ''))),
    h('tbody', {}, shown.map((t) => h('tr', {dataset: {runnerTokenId: t.id}},
      h('td', {}, t.name), h('td', {class: 'muted'}, time(t.created_at)),
      h('td', {}, h('button', {type: 'button', class: 'link revoke-runner-token', onclick: async (event) => {
        if (!confirm(`Revoke the runner token ${t.name}? Its agents stop at their next call.`)) return;
        event.target.disabled = true;
        try {
          await api.delete(`/runner-tokens/${t.id}`);
        } catch (e) {
          alert(e.message);
        }
        await reload();
      }}, 'revoke')))))));
}

// Invitations to other teams wait for your answer; accepting makes you a member there (create a
// token for that team below to act in it).
function invitationList(list, reload) {
  if (!list.length) return null;
  const answer = (invitation, verb) => async (event) => {
    event.target.disabled = true;
    try {
      await api.post(`/invitations/${invitation.id}/${verb}`);
    } catch (e) {
      alert(e.message);
    }
    await reload();
  };
  return h('div', {class: 'card'}, h('h2', {}, 'Invitations for you'),
    h('ul', {}, list.map((i) => h('li', {dataset: {invitationId: i.id}},
      `${i.team}: ${i.role}`, i.invited_by ? h('span', {class: 'muted small'}, ` (from ${i.invited_by})`) : null, ' ',
      h('button', {type: 'button', class: 'link accept-invitation', onclick: answer(i, 'accept')}, 'accept'), ' ',
      h('button', {type: 'button', class: 'link decline-invitation', onclick: answer(i, 'decline')}, 'decline')))));
}

/** A secret the platform will never show again (it keeps only a hash). */
function shownOnce(token, id) {
  const box = h('input', {type: 'text', id, readonly: true, value: token, style: 'width: 100%; font-family: monospace'});
  box.addEventListener('focus', () => box.select());
  return h('div', {class: 'alert info', role: 'status'},
    h('div', {}, 'Copy it now: it is shown only this once.'), box);
}
