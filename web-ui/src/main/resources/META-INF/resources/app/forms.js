// Shows an API's validation errors next to the fields they name: every input of a form carries
// data-field="<the API's field path>", e.g. "epochs" or "method.params.temperature" (and
// data-also="<path>" where the API may name the same value by a second path).

import {h} from './dom.js';
import {ApiError} from './api.js';

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('.field.invalid').forEach((f) => f.classList.remove('invalid'));
  form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
  form.querySelector('.form-errors')?.replaceChildren();
}

/**
 * Puts each field error under its input; errors naming no input of the form (or a field of a
 * nested path whose parent is shown) go to the form's summary box. Returns the first input marked.
 */
export function showErrors(form, error) {
  clearErrors(form);
  const summary = form.querySelector('.form-errors');
  const unplaced = [];
  let first = null;
  for (const {field, message} of error.fieldErrors) {
    const input = inputFor(form, field);
    if (!input) {
      unplaced.push(`${field}: ${message}`);
      continue;
    }
    const wrapper = input.closest('.field') ?? input.parentElement;
    wrapper.classList.add('invalid');
    input.setAttribute('aria-invalid', 'true');
    const id = `err-${Math.random().toString(36).slice(2)}`;
    input.setAttribute('aria-describedby', id);
    wrapper.append(h('div', {class: 'field-error', id, dataset: {errorFor: field}}, message));
    first ??= input;
  }
  if (error.fieldErrors.length === 0) unplaced.push(error.message);
  if (unplaced.length && summary) {
    summary.append(h('div', {class: 'alert error', role: 'alert'},
      unplaced.length === 1 ? unplaced[0] : h('ul', {}, unplaced.map((u) => h('li', {}, u)))));
  }
  (first ?? summary)?.focus?.();
  return first;
}

/** The input for a field path, or for its nearest shown parent (errors on "tags[2]" go to "tags"). */
function inputFor(form, field) {
  let path = field;
  while (path) {
    const name = CSS.escape(path);
    const input = form.querySelector(`[data-field="${name}"], [data-also="${name}"]`);
    if (input) return input;
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    path = cut > 0 ? path.slice(0, cut) : '';
  }
  return null;
}

/** A labelled field: label text, the input (given an id from name), an optional hint. */
export function field(label, input, hint, wide = false) {
  input.id ||= `f-${input.dataset.field?.replace(/[^a-z0-9]+/gi, '-') ?? Math.random().toString(36).slice(2)}`;
  return h('div', {class: wide ? 'field wide' : 'field'}, h('label', {for: input.id}, label), input,
    hint ? h('div', {class: 'hint'}, hint) : null);
}

/**
 * Runs action on submit: clears the old errors, disables the button meanwhile, and puts the
 * API's field errors (an ApiError) next to the fields; anything else propagates.
 */
export function onSubmit(form, button, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    button.disabled = true;
    try {
      await action();
    } catch (e) {
      if (e instanceof ApiError) showErrors(form, e);
      else throw e;
    } finally {
      button.disabled = false;
    }
  });
}
