/**
 * `kratos-browser/legacy`: the same API as `kratos-browser`, on a wasm build that also speaks
 * Kratos v0.4–v0.6 (init by navigation, native form posts, old flow shapes brought back as v1
 * flows), plus the helpers those generations need. The v1 entry never loads this build.
 *
 * ```ts
 * import { KratosClient, startBrowserFlow, flowIdFromUrl, submitFlowNatively } from 'kratos-browser/legacy';
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
import { KratosClient as V1Client } from './index.js';
import { backend, isReady } from './legacy/init.js';
import type { Flow } from './types.js';
import type { FlowKind } from './flow-store.js';
import { KratosError } from './errors.js';

export * from './index.js';
export { init, isReady } from './legacy/init.js';

/** `KratosClient` of `kratos-browser`, on the legacy wasm build (every `apiVersion`, v0.4 included). */
export class KratosClient extends V1Client {
  /** @internal */
  static override readonly _wasmBackend = backend;
}

/** The CSRF token of a flow (what the SDK echoes for you). Needs the module loaded (`await init()`). */
export function csrfToken(flow: Flow): string | undefined {
  if (!isReady()) throw new KratosError({ kind: 'invalidArgument', message: 'csrfToken() needs the wasm module: await init() first' });
  return backend.csrfToken(flow);
}

/** What a native submission posts: the generation's submit URL and the (old-named) fields. */
export interface NativeForm { action: string; method: 'POST'; fields: [string, string][] }

interface LegacyRaw {
  flowInitUrl(kind: unknown, params: unknown): string;
  nativeForm(kind: unknown, flow: unknown, entries: unknown): NativeForm;
}

/** The legacy bindings of `kratos`' wasm client; a client of the v1 entry has none. */
function legacyRaw(c: unknown, helper: string): LegacyRaw {
  if (typeof (c as Partial<LegacyRaw>).nativeForm !== 'function') {
    throw new KratosError({
      kind: 'invalidArgument',
      message: `${helper}() needs the KratosClient of 'kratos-browser/legacy' (the 'kratos-browser' build has no Kratos v0.4–v0.6 support)`,
    });
  }
  return c as LegacyRaw;
}

/**
 * Navigates the browser to Kratos' init endpoint of `kind` (Kratos creates the flow, sets its CSRF
 * cookie and redirects to your UI URL with `?flow=` — `?request=` on v0.4). Resolves with the URL
 * (after calling `navigate`, default `location.assign`).
 */
export async function startBrowserFlow(
  kratos: V1Client,
  kind: FlowKind,
  params?: { returnTo?: string; refresh?: boolean; aal?: string },
  navigate: (url: string) => void = (u) => location.assign(u),
): Promise<string> {
  const url = await kratos._wasm((c) => legacyRaw(c, 'startBrowserFlow').flowInitUrl(kind, params));
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
  kratos: V1Client,
  kind: FlowKind,
  flow: Flow | string,
  body: Record<string, unknown>,
  post: (form: NativeForm) => void = postForm,
): Promise<NativeForm> {
  if (typeof body !== 'object' || body === null) {
    throw new KratosError({ kind: 'invalidArgument', message: '`body` must be an object' });
  }
  const form = await kratos._wasm((c) => legacyRaw(c, 'submitFlowNatively').nativeForm(kind, flow, toFormEntries(body)));
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
