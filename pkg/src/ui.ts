/**
 * Helpers to render any flow from its UI nodes without Ory Elements. Pure functions on the flow
 * objects the client returns, without crossing into wasm. The Rust crate has the same helpers in
 * `helpers::ui`; tests/helpers_parity.rs and tests/types/helpers-parity.test.mjs pin both to one
 * expected reading of every flow fixture.
 */
import type { Flow, JsonValue, UiContainer, UiNode, UiNodeGroup, UiNodeInput, UiText } from './types.js';

type WithUi = { ui: UiContainer };

/** The nodes of `group` (e.g. `'password'`), in Kratos' order. */
export function nodesByGroup(flow: WithUi, group: UiNodeGroup): UiNode[] {
  return flow.ui.nodes.filter((n) => n.group === group);
}

/** The groups present, in first-seen order (`default` first if present). */
export function groups(flow: WithUi): UiNodeGroup[] {
  return [...new Set(flow.ui.nodes.map((n) => n.group))];
}

/** The input node named `name` (e.g. `'traits.email'`), if any. */
export function nodeByName(flow: WithUi, name: string): UiNodeInput | undefined {
  return flow.ui.nodes.find((n): n is UiNodeInput => n.type === 'input' && n.attributes.name === name);
}

/** The flow's CSRF token (the SDK echoes it for you; useful for native form posts). */
export function csrfTokenOf(flow: WithUi): string | undefined {
  const v = nodeByName(flow, 'csrf_token')?.attributes.value;
  return typeof v === 'string' ? v : undefined;
}

/** The text to label a node with: `meta.label`, else the input's label, link title or text. */
export function labelText(node: UiNode): string | undefined {
  if (node.meta.label) return node.meta.label.text;
  switch (node.type) {
    case 'input': return node.attributes.label?.text;
    case 'a': return node.attributes.title.text;
    case 'text': return node.attributes.text.text;
    default: return undefined;
  }
}

/** Whether a node is a hidden input (render it as `<input type=hidden>`, not as a field). */
export function isHidden(node: UiNode): boolean {
  return node.type === 'input' && node.attributes.type === 'hidden';
}

/** Splits nodes into what to show and what to keep hidden. */
export function splitVisibleHidden(flow: WithUi): { visible: UiNode[]; hidden: UiNode[] } {
  const visible: UiNode[] = [];
  const hidden: UiNode[] = [];
  for (const n of flow.ui.nodes) (isHidden(n) ? hidden : visible).push(n);
  return { visible, hidden };
}

/** Every message of a flow: form-level first, then per node (with the node's name). */
export function allMessages(flow: WithUi): Array<UiText & { node?: string }> {
  const out: Array<UiText & { node?: string }> = [...(flow.ui.messages ?? [])];
  for (const n of flow.ui.nodes) {
    for (const m of n.messages) out.push({ ...m, node: n.type === 'input' ? n.attributes.name : undefined });
  }
  return out;
}

/**
 * The current values of the inputs of `group` (plus `default`) as a nested body ready to submit:
 * `traits.email` becomes `{ traits: { email } }`, and the group's `method` submit value is set.
 * `overrides` (same dotted names) win, e.g. `{ password: '…' }`.
 */
export function formValues(flow: WithUi, group: UiNodeGroup, overrides: Record<string, JsonValue> = {}): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const n of flow.ui.nodes) {
    if (n.type !== 'input' || (n.group !== group && n.group !== 'default')) continue;
    const a = n.attributes;
    if (a.type === 'submit' || a.type === 'button') {
      if (a.name === 'method' && n.group === group && a.value !== undefined) out.method = a.value;
      continue;
    }
    if (a.value !== undefined) setPath(out, a.name, a.value);
  }
  for (const [k, v] of Object.entries(overrides)) setPath(out, k, v);
  return out;
}

function setPath(root: Record<string, JsonValue>, dotted: string, value: JsonValue): void {
  const keys = dotted.split('.');
  let cur: Record<string, JsonValue> = root;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    cur = (cur[k] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Record<string, JsonValue>;
  }
  cur[keys[keys.length - 1]] = value;
}

/** Which flow kind an object is, from its submit URL (`/self-service/<kind>?flow=`). */
export function flowKindOf(flow: Flow): 'login' | 'registration' | 'settings' | 'recovery' | 'verification' | undefined {
  const m = /\/self-service\/(login|registration|settings|recovery|verification)(?:\?|$)/.exec(flow.ui.action) ??
    /\/self-service\/(login|registration|settings|recovery|verification)\/(?:browser|flows)/.exec(flow.request_url);
  return m?.[1] as ReturnType<typeof flowKindOf>;
}
