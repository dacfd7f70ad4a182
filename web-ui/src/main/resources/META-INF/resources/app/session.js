// Who is signed in: the header's user slot with its sign-out button, and navigation to a route. Pages
// (sign-in) and the router both use it, so it lives apart from either.

import {h, replace} from './dom.js';
import {api} from './api.js';

export function navigate(path) {
  location.hash = `#${path}`;
}

/** Shows who is signed in, with a sign-out button; a 401 from any call leads to the sign-in page instead. */
export async function showUser() {
  const slot = document.getElementById('user');
  try {
    const me = await api.get('/session');
    const out = h('button', {type: 'button', id: 'sign-out', class: 'link'}, 'Sign out');
    out.addEventListener('click', async () => {
      await api.delete('/session').catch(() => {});
      replace(slot);
      navigate('/login');
    });
    replace(slot, h('span', {id: 'signed-in-as'}, `${me.username} · ${me.team} (${me.role})`), out);
  } catch (e) {
    replace(slot);
  }
}
