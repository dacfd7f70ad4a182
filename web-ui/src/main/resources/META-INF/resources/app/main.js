// The portal's router: hash routes (#/experiments/12) to page modules. Each page renders into
// <main> and may poll; leaving the page stops its polling.

import {h, replace, errorBox} from './dom.js';
import * as experiments from './pages/experiments.js';
import * as experiment from './pages/experiment.js';
import * as run from './pages/run.js';
import * as compare from './pages/compare.js';
import * as queue from './pages/queue.js';
import * as submit from './pages/submit.js';
import * as leaderboard from './pages/leaderboard.js';
import * as sweep from './pages/sweep.js';
import * as login from './pages/login.js';
import * as team from './pages/team.js';
import * as sweeps from './pages/sweeps.js';
import * as datasets from './pages/datasets.js';
import * as compute from './pages/compute.js';
import * as audit from './pages/audit.js';
import {showUser} from './session.js';

const ROUTES = [
  [/^\/?$/, experiments, 'experiments'],
  [/^\/experiments\/(\d+)$/, experiment, 'experiments'],
  [/^\/runs\/(\d+)$/, run, 'experiments'],
  [/^\/compare$/, compare, 'compare'],
  [/^\/queue$/, queue, 'queue'],
  [/^\/submit(?:\/(run|sweep|benchmark))?$/, submit, 'submit'],
  [/^\/leaderboard$/, leaderboard, 'leaderboard'],
  [/^\/sweeps$/, sweeps, 'sweeps'],
  [/^\/sweeps\/(\d+)$/, sweep, 'sweeps'],
  [/^\/datasets$/, datasets, 'datasets'],
  [/^\/compute$/, compute, 'compute'],
  [/^\/audit$/, audit, 'team'],
  [/^\/team$/, team, 'team'],
  [/^\/login$/, login, 'login'],
];

const main = document.getElementById('page');
let current = null;

/** What a page gets: its parameters, polling that stops when the page is left, and navigation. */
class PageContext {
  constructor(query) {
    this.query = query;
    this.timers = [];
    this.alive = true;
  }

  /** Calls fn every ms milliseconds (after the previous call finished) while the page is shown and keepGoing() holds. */
  poll(fn, ms, keepGoing = () => true) {
    const tick = async () => {
      if (!this.alive) return;
      if (keepGoing() && !document.hidden) {
        try { await fn(); } catch (e) { console.warn('poll failed', e); }
      }
      if (this.alive) this.timers.push(setTimeout(tick, ms));
    };
    this.timers.push(setTimeout(tick, ms));
  }

  dispose() {
    this.alive = false;
    this.timers.forEach(clearTimeout);
  }
}

async function route() {
  const [path, search] = (location.hash.slice(1) || '/').split('?');
  const query = new URLSearchParams(search ?? '');
  current?.dispose();
  const match = ROUTES.map(([re, page, nav]) => ({m: re.exec(path), page, nav})).find((r) => r.m);
  document.querySelectorAll('header nav a').forEach((a) => a.classList.toggle('active', a.dataset.nav === match?.nav));
  window.scrollTo(0, 0);
  if (!match) {
    replace(main, h('h1', {}, 'Not found'), h('p', {class: 'muted'}, `No page at ${path}. `, h('a', {href: '#/'}, 'Experiments')));
    return;
  }
  current = new PageContext(query);
  const ctx = current;
  main.dataset.ready = 'false';
  try {
    await match.page.render(main, match.m.slice(1), ctx);
  } catch (e) {
    if (ctx.alive) replace(main, h('h1', {}, 'Something went wrong'), errorBox(e));
  }
  if (ctx.alive) main.dataset.ready = 'true'; // browser tests wait for this
}

window.addEventListener('hashchange', route);
route();
if (!location.hash.startsWith('#/login')) showUser();
