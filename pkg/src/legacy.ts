/**
 * Helpers for Kratos generations without AJAX init or JSON submit (v0.4–v0.6), usable with every
 * generation: start a flow by browser navigation, read the flow id Kratos put in your UI URL, and
 * submit a flow with a real `<form method=POST>` (the browser follows Kratos' 302 redirects).
 *
 * ```ts
 * const kratos = new KratosClient({ baseUrl, apiVersion: 'v0.5' });
 * // /login without ?flow=: let Kratos create the flow and come back with it
 * const id = flowIdFromUrl();
 * if (!id) await startBrowserFlow(kratos, 'login', { returnTo: location.origin + '/' });
 * const flow = await kratos.getLoginFlow({ id });          // v1-shaped: render flow.ui.nodes as usual
 * await submitFlowNatively(kratos, 'login', flow, { method: 'password', identifier, password });
 * ```
 * Paths, the `flow`/`request` id parameter and old field names come from the generation table in
 * the wasm core (`src/generation.rs`); nothing here knows a Kratos version.
 */
import type { KratosClient } from './index.js';
import type { Flow } from './types.js';
import { KratosError } from './errors.js';

/** The five self-service flows. */
export type FlowKind = 'login' | 'registration' | 'settings' | 'recovery' | 'verification';

/** What a native submission posts: the generation's submit URL and the (old-named) fields. */
export interface NativeForm { action: string; method: 'POST'; fields: [string, string][] }

interface LegacyRaw {
  flowInitUrl(kind: unknown, params: unknown): string;
  nativeForm(kind: unknown, flow: unknown, entries: unknown): NativeForm;
}

/**
 * Navigates the browser to Kratos' init endpoint of `kind` (Kratos creates the flow, sets its CSRF
 * cookie and redirects to your UI URL with `?flow=` — `?request=` on v0.4). Resolves with the URL
 * (after calling `navigate`, default `location.assign`).
 */
export async function startBrowserFlow(
  kratos: KratosClient,
  kind: FlowKind,
  params?: { returnTo?: string; refresh?: boolean; aal?: string },
  navigate: (url: string) => void = (u) => location.assign(u),
): Promise<string> {
  const url = await kratos._wasm((c) => (c as unknown as LegacyRaw).flowInitUrl(kind, params));
  navigate(url);
  return url;
}

/** The flow id Kratos appended to a UI URL (`?flow=`, or `?request=` on v0.4); `null` if none. */
export function flowIdFromUrl(url: string = typeof location !== 'undefined' ? location.href : ''): string | null {
  try {
    const q = new URL(url, 'http://x/').searchParams;
    return q.get('flow') ?? q.get('request');
  } catch {
    return null;
  }
}

/** A v1 submit body as form fields: nested objects become dotted names (`traits.email`). */
export function toFormEntries(body: Record<string, unknown>, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(body)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v === undefined || v === null) continue;
    if (typeof v === 'object' && !Array.isArray(v)) out.push(...toFormEntries(v as Record<string, unknown>, name));
    else out.push([name, typeof v === 'string' ? v : JSON.stringify(v)]);
  }
  return out;
}

/**
 * Submits `body` (a v1 update body, e.g. `{ method: 'password', identifier, password }`) as a
 * native form post to the generation's submit URL, with the flow's `csrf_token`. The page
 * navigates: Kratos answers 302 to your UI (`?flow=` with messages) or to `return_to`.
 * Pass `post` to inspect the form instead of posting it (tests, custom forms).
 */
export async function submitFlowNatively(
  kratos: KratosClient,
  kind: FlowKind,
  flow: Flow | string,
  body: Record<string, unknown>,
  post: (form: NativeForm) => void = postForm,
): Promise<NativeForm> {
  if (typeof body !== 'object' || body === null) {
    throw new KratosError({ kind: 'invalidArgument', message: '`body` must be an object' });
  }
  const form = await kratos._wasm((c) => (c as unknown as LegacyRaw).nativeForm(kind, flow, toFormEntries(body)));
  post(form);
  return form;
}

function postForm(f: NativeForm): void {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = f.action;
  form.style.display = 'none';
  for (const [name, value] of f.fields) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}
