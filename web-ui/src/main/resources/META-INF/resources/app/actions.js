// Controls shared by the pages that act on runs: a destructive button that asks first, and a queued
// run's priority changed in place.

import {h} from './dom.js';

/** A button for an action that cannot be undone: it asks `question` and runs `act` only when confirmed. */
export function dangerButton(label, question, act, attrs = {}) {
  const button = h('button', {type: 'button', class: 'danger', ...attrs}, label);
  button.addEventListener('click', async () => {
    if (!confirm(question)) return;
    button.disabled = true;
    try {
      await act();
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** A queued run's priority (-100 to 100, higher runs first), sent with `set` when changed. */
export function priorityControl(current, set) {
  const input = h('input', {type: 'number', min: -100, max: 100, value: current, class: 'priority-input', 'aria-label': 'Priority',
    style: 'width:5em'});
  input.addEventListener('change', async () => {
    if (input.value.trim() === '') return; // emptied on the way to a new value: nothing to send yet
    input.disabled = true;
    try {
      await set(Number(input.value));
    } finally {
      input.disabled = false;
    }
  });
  return h('label', {class: 'inline small', title: '-100 to 100; higher runs first'}, 'priority ', input);
}
