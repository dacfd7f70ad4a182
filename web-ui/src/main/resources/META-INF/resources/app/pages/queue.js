// Queue and runners: queued runs in claim order with their estimated wait (reprioritise or cancel
// each in place), runners and their load, and the runner pods the Kubernetes launcher started (when
// it is on) with why a pod is pending or failed.

import {api, query} from '../api.js';
import {h, replace, empty, badge} from '../dom.js';
import {duration, ago, time} from '../format.js';
import {dangerButton, priorityControl} from '../actions.js';

export async function render(main, _params, ctx) {
  const summary = h('div', {class: 'card', id: 'queue-summary'});
  const queued = h('div', {id: 'queue-table'});
  const runners = h('div', {id: 'runner-table'});
  const pods = h('div', {class: 'card', id: 'pod-table', hidden: true});
  replace(main,
    h('div', {class: 'page-head'}, h('div', {}, h('h1', {}, 'Queue and runners'),
      h('div', {class: 'muted'}, 'Runs are claimed by priority, then the team with the fewest running runs, then age. Refreshes every 3 s.'))),
    summary,
    h('div', {class: 'grid2', style: 'grid-template-columns: 3fr 2fr; align-items: start'},
      h('div', {class: 'card'}, h('h2', {}, 'Queued runs'), queued),
      h('div', {class: 'card'}, h('h2', {}, 'Runners'), runners)),
    pods);
  const load = async () => {
    const [queue, nodes, launched] = await Promise.all([api.get('/queue?limit=500'), api.get('/runners'),
      api.get('/runners/pods?limit=200')]);
    // What each queued run is: one bulk request for the rows shown.
    const ids = queue.queued.map((r) => r.run_id);
    const none = {runs: []}; // a run deleted since the queue was read makes the lookup a 404: show the queue without it
    const overview = ids.length ? await api.get(`/runs/overview${query({ids: ids.join(',')})}`).catch(() => none) : none;
    const runs = new Map(overview.runs.map((r) => [r.id, r]));
    renderSummary(summary, queue);
    renderQueued(queued, queue, runs, {
      reprioritise: (id, priority) => api.patch(`/runs/${id}`, {priority}).then(load),
      cancel: (id) => api.post(`/runs/${id}/cancel`).then(load),
    });
    renderRunners(runners, nodes);
    renderPods(pods, launched);
  };
  await load();
  ctx.poll(load, 3000);
}

function renderSummary(el, q) {
  const stat = (v, l) => h('div', {class: 'stat'}, h('div', {class: 'v'}, v), h('div', {class: 'l'}, l));
  replace(el, h('div', {class: 'stat-row'},
    Object.entries(q.runs_by_state).map(([state, n]) => stat(n.toLocaleString('en'), state.toLowerCase())),
    stat(`${q.busy_runners} / ${q.live_runners}`, 'runners busy / live'),
    stat(duration(q.mean_run_seconds || null), 'mean run (recent)'),
    stat(duration(q.oldest_queued_seconds || null), 'oldest queued')));
}

function renderQueued(el, q, runs, actions) {
  // A poll must not redraw the table under someone changing a priority or about to press a button.
  if ((el.contains(document.activeElement) && document.activeElement.matches('input')) || el.matches(':hover')) return;
  if (!q.queued.length) {
    replace(el, empty('The queue is empty.'));
    return;
  }
  replace(el, h('div', {class: 'table-wrap'}, h('table', {class: 'data'},
    h('thead', {}, h('tr', {}, h('th', {class: 'num'}, 'position'), h('th', {}, 'run'), h('th', {}, 'what'), h('th', {class: 'num'}, 'priority'),
      h('th', {}, 'queued'), h('th', {class: 'num'}, 'estimated wait'), h('th', {}, ''))),
    h('tbody', {}, q.queued.map((r) => h('tr', {dataset: {runId: r.run_id}},
      h('td', {class: 'num'}, r.position), h('td', {}, h('a', {href: `#/runs/${r.run_id}`}, `#${r.run_id}`)),
      h('td', {}, runs.get(r.run_id) ? `${runs.get(r.run_id).method} · ${runs.get(r.run_id).backbone} · seed ${runs.get(r.run_id).seed}` : ''),
      h('td', {class: 'num'}, priorityControl(r.priority, (p) => actions.reprioritise(r.run_id, p))),
      h('td', {class: 'muted', title: time(r.queued_at)}, ago(r.queued_at)),
      h('td', {class: 'num'}, r.estimated_wait_seconds === null ? 'no live runner' : duration(r.estimated_wait_seconds)),
      h('td', {}, dangerButton('Cancel', `Cancel run #${r.run_id}?`, () => actions.cancel(r.run_id), {class: 'danger small cancel-queued'}))))))));
}

// A shared runner busy with another team's run shows as busy, without that run.
function runnerState(n) {
  if (!n.live) return h('span', {class: 'badge CANCELLED'}, 'OFFLINE');
  if (n.current_run_id) return badge('RUNNING');
  return n.busy ? h('span', {class: 'badge LEASED', title: "another team's run"}, 'BUSY') : h('span', {class: 'badge SUCCEEDED'}, 'IDLE');
}

function renderRunners(el, nodes) {
  if (!nodes.length) {
    replace(el, empty('No runner has registered. The embedded default starts one on this machine; see the README for GPU nodes.'));
    return;
  }
  replace(el, h('table', {class: 'data'},
    h('thead', {}, h('tr', {}, h('th', {}, 'runner'), h('th', {}, 'state'), h('th', {}, 'run'), h('th', {class: 'num'}, 'GPUs'),
      h('th', {}, 'last seen'))),
    h('tbody', {}, nodes.map((n) => h('tr', {},
      h('td', {}, n.name, n.shared ? h('span', {class: 'tag', style: 'margin-left:4px', title: 'a platform runner: it serves every team'}, 'shared') : null,
        n.labels.map((l) => h('span', {class: 'tag', style: 'margin-left:4px'}, l))),
      h('td', {}, runnerState(n)),
      h('td', {}, n.current_run_id ? h('a', {href: `#/runs/${n.current_run_id}`}, `#${n.current_run_id}`) : '–'),
      h('td', {class: 'num'}, n.gpus), h('td', {class: 'muted'}, ago(n.last_heartbeat_at)))))));
}

// The badge colour of a pod's phase, in the run states' palette.
const POD_BADGE = {PENDING: 'QUEUED', RUNNING: 'RUNNING', SUCCEEDED: 'SUCCEEDED', FAILED: 'FAILED', DELETED: 'CANCELLED'};

function renderPods(el, launched) {
  el.hidden = !launched.length; // the launcher is off, or has started nothing lately
  if (!launched.length) return;
  replace(el, h('h2', {}, 'Launched pods (Kubernetes)'),
    h('div', {class: 'muted'}, 'One Job per launch of a queued run. A launch that failed is retried after a backoff; the run itself stays in the queue.'),
    h('div', {class: 'table-wrap'}, h('table', {class: 'data'},
      h('thead', {}, h('tr', {}, h('th', {}, 'job'), h('th', {}, 'run'), h('th', {}, 'phase'), h('th', {}, 'why'),
        h('th', {}, 'launched'))),
      h('tbody', {}, launched.map((p) => h('tr', {dataset: {job: p.job_name}},
        h('td', {}, p.job_name), h('td', {}, h('a', {href: `#/runs/${p.run_id}`}, `#${p.run_id}`)),
        h('td', {}, h('span', {class: `badge ${POD_BADGE[p.phase]}`}, p.phase.toLowerCase()),
          p.failed_launch ? h('span', {class: 'tag', style: 'margin-left:4px', title: 'this launch did not get its run trained'}, 'failed launch') : null),
        h('td', {class: 'pod-reason'}, p.reason || ''),
        h('td', {class: 'muted', title: time(p.launched_at)}, ago(p.launched_at))))))));
}
