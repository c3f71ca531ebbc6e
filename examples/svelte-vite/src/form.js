/**
 * The body of a Kratos form submit: the inputs of the clicked button's group plus the `default` group,
 * with dotted names nested (`traits.email` → `{ traits: { email } }`). The SDK adds `csrf_token`.
 */
export function bodyFromForm(form, submitter) {
  const group = submitter?.dataset.group ?? 'default';
  const body = {};
  for (const el of form.querySelectorAll('input')) {
    const g = el.dataset.group;
    if (!el.name || el.type === 'submit' || el.type === 'button' || (g !== group && g !== 'default')) continue;
    if (el.type === 'checkbox') setPath(body, el.name, el.checked);
    else if (el.value !== '') setPath(body, el.name, el.value);
  }
  if (submitter?.name) setPath(body, submitter.name, submitter.value);
  delete body.csrf_token;
  return body;
}

function setPath(obj, dotted, value) {
  const keys = dotted.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = cur[k] ??= {};
  cur[keys.at(-1)] = value;
}

/** The label of a UI node. */
export const labelOf = (n) => n.meta?.label?.text ?? n.attributes.label?.text ?? n.attributes.name;
