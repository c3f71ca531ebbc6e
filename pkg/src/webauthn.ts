/**
 * WebAuthn security keys and passkeys for Kratos flows.
 *
 * **Native mode** (recommended): `passkeyLogin`, `passkeyRegister`, `passkeySettingsRegister`,
 * `webAuthnLogin`, `webAuthnRegister` run the ceremony with `navigator.credentials` themselves
 * (no Kratos script, works under a strict CSP), then submit JSON through the client, so the result
 * is the usual typed outcome. If the ceremony produces no credential they resolve to a
 * `WebAuthnFailure` (`cancelled` | `unsupported` | `webauthnFailed`) carrying the unchanged flow:
 * nothing was sent to Kratos, show the flow again and retry with it.
 *
 * ```ts
 * const flow = await kratos.createBrowserLoginFlow();
 * const out = await passkeyLogin(kratos, { flow });
 * if (out.kind === 'success') …; else if (out.kind === 'cancelled') showAgain(out.flow);
 * ```
 *
 * **Script mode**: `loadWebAuthnScript(flow)` loads Kratos' `webauthn.js` from the flow's script
 * node (once per page), `runWebAuthnTrigger(node)` calls the global its `onclickTrigger` names.
 * The script fills the hidden input and submits the surrounding `<form>` (a full page navigation),
 * so render the flow as a real form (`action = ui.action`, `method = ui.method`, named inputs).
 */
import { webauthnFinish, webauthnPrepare } from './wasm/kratos_browser.js';
import { init } from './init.js';
import { KratosError, toKratosError } from './errors.js';
import type { CallOptions, FlowOutcome, KratosClient, LoginOutcome, RegistrationOutcome, SettingsOutcome } from './index.js';
import type { Flow, JsonValue, LoginFlow, RegistrationFlow, SettingsFlow, UiNode, UiNodeScriptAttributes } from './types.js';

/** The ceremonies of Kratos v1.3 browser flows. */
export type WebAuthnCeremony = 'passkeyLogin' | 'passkeyRegister' | 'passkeySettingsRegister' | 'webAuthnLogin' | 'webAuthnRegister';

/**
 * The ceremony produced no credential and nothing was sent to Kratos. `flow` is the flow you
 * passed, still valid: show it again (the same challenge can be retried).
 * - `cancelled`: the user dismissed the dialog, it timed out, or no authenticator/credential was
 *   available (browsers report all of these as `NotAllowedError`, on purpose).
 * - `unsupported`: no WebAuthn here (old browser, not a secure context, `NotSupportedError`).
 * - `webauthnFailed`: another refusal, see `name`: `InvalidStateError` (this authenticator is
 *   already registered for the account), `SecurityError` (RP id / origin mismatch), …
 */
export interface WebAuthnFailure<F> {
  kind: 'cancelled' | 'unsupported' | 'webauthnFailed';
  flow: F;
  /** The browser's `DOMException` name, e.g. `NotAllowedError`. */
  name: string;
  message: string;
}

export type PasskeyLoginOutcome = LoginOutcome | WebAuthnFailure<LoginFlow>;
export type PasskeyRegisterOutcome = RegistrationOutcome | WebAuthnFailure<RegistrationFlow>;
export type WebAuthnSettingsOutcome = SettingsOutcome | WebAuthnFailure<SettingsFlow>;

export interface PasskeyLoginRequest {
  /** The login flow object (its `passkey_challenge` node holds the options). */
  flow: LoginFlow;
  /** `'conditional'`: autofill UI (resolves when the user picks a passkey from the username field). */
  mediation?: 'conditional';
}
export interface PasskeyRegisterRequest {
  /**
   * The registration flow. With Kratos' two-step registration, pass the first-step flow together
   * with `traits`: the profile step is submitted first (its validation errors come back as a
   * `flow` outcome), then the passkey is created on the second step.
   */
  flow: RegistrationFlow;
  /** The traits to register; default: the `traits.*` values already in the flow. */
  traits?: Record<string, JsonValue>;
}
export interface WebAuthnLoginRequest {
  /**
   * A login flow offering a security key: aal2 step-up or refresh (it has the options), or a
   * first-step flow in passwordless mode (`webauthn.config.passwordless: true`) together with
   * `identifier`: that is submitted first, then the key is asked for on the same flow.
   */
  flow: LoginFlow;
  /** Default: the flow's (hidden) `identifier` node. */
  identifier?: string;
}
export interface WebAuthnRegisterRequest {
  /**
   * A settings flow (add a key), or in passwordless mode a registration flow (sign up with a key;
   * two-step registration is handled as for `passkeyRegister`).
   */
  flow: SettingsFlow | RegistrationFlow;
  /** The security key's name (`webauthn_register_displayname`). */
  displayName?: string;
  /** Sign-up only: the traits to register; default: the `traits.*` values already in the flow. */
  traits?: Record<string, JsonValue>;
}
/** `webAuthnRegister` in settings (no traits). */
export type WebAuthnSettingsRegisterRequest = WebAuthnRegisterRequest & { flow: SettingsFlow; traits?: never };
/** `webAuthnRegister` for sign-up (a registration flow: it has no `identity`). */
export type WebAuthnSignUpRequest = WebAuthnRegisterRequest & { flow: RegistrationFlow & { identity?: never } };
export interface PasskeySettingsRegisterRequest { flow: SettingsFlow }

interface RawFailure { ok: false; kind: WebAuthnFailure<unknown>['kind']; name: string; message: string }
type RawResult = { ok: true; body: Record<string, JsonValue> } | RawFailure;
type Prepared = { ok: true; create: boolean; conditional: boolean; publicKey: object; body: object } | RawFailure;

function inBrowser(): void {
  if (typeof document === 'undefined' && typeof navigator === 'undefined') {
    throw new KratosError({ kind: 'browserOnly', message: 'WebAuthn needs a browser' });
  }
}

// The wasm reads the options and the credential and decides every outcome; only the browser's
// promise is awaited here (a Rust future for it cost more wasm than this function).
async function ceremony<F>(flow: F, which: WebAuthnCeremony, input: { signal?: AbortSignal; [k: string]: unknown }): Promise<{ body: Record<string, JsonValue> } | WebAuthnFailure<F>> {
  let raw: RawResult;
  try {
    inBrowser();
    await init();
    const prep = webauthnPrepare(flow, which, input) as Prepared;
    if (!prep.ok) return { kind: prep.kind, flow, name: prep.name, message: prep.message };
    const signal = input.signal;
    let threw = false, value: unknown;
    try {
      const credentials = navigator.credentials;
      value = await (prep.create
        ? credentials.create({ publicKey: prep.publicKey as PublicKeyCredentialCreationOptions, signal })
        : credentials.get({ publicKey: prep.publicKey as PublicKeyCredentialRequestOptions, signal, ...(prep.conditional ? { mediation: 'conditional' as CredentialMediationRequirement } : {}) }));
    } catch (e) {
      threw = true;
      value = e;
    }
    raw = webauthnFinish(which, prep.body, threw, value, signal?.aborted === true) as RawResult;
  } catch (e) {
    throw toKratosError(e);
  }
  if (raw.ok) return { body: raw.body };
  return { kind: raw.kind, flow, name: raw.name, message: raw.message };
}

function failed<F>(r: { body: unknown } | WebAuthnFailure<F>): r is WebAuthnFailure<F> {
  return 'kind' in r;
}

/** Signs in with a passkey (first factor); submits `{method:'passkey', passkey_login}`. */
export async function passkeyLogin(kratos: KratosClient, params: PasskeyLoginRequest, options?: CallOptions): Promise<PasskeyLoginOutcome> {
  const r = await ceremony(params?.flow, 'passkeyLogin', { signal: options?.signal, mediation: params?.mediation });
  if (failed(r)) return r;
  return kratos.updateLoginFlow({ flow: params.flow, updateLoginFlowBody: r.body as { method: 'passkey'; passkey_login: string } }, options);
}

/**
 * Two-step flows: when `flow` lacks the options node `node` and `first` applies, submits the first
 * step and continues with the flow it yields if that has the node; any other outcome (validation
 * messages, …) is the result.
 */
async function firstStep<F extends Flow, O extends { kind: string }>(flow: F, node: string, first: (() => Promise<O | FlowOutcome<F>>) | undefined): Promise<{ flow: F } | { outcome: O | FlowOutcome<F> }> {
  if (!flow || hasInput(flow, node) || !first) return { flow };
  const out = await first();
  if (out.kind === 'flow' && hasInput((out as FlowOutcome<F>).flow, node)) return { flow: (out as FlowOutcome<F>).flow };
  return { outcome: out };
}

/** Two-step registration: submits `{method:'profile', traits}` if the flow has not reached the credential step yet. */
function profileStep(kratos: KratosClient, flow: RegistrationFlow, node: string, traits: Record<string, JsonValue> | undefined, options?: CallOptions) {
  const due = flow && hasInput(flow, 'method', 'profile') && traits;
  return firstStep(flow, node, due ? () => kratos.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits } }, options) : undefined);
}

/** Signs up with a passkey; submits `{method:'passkey', passkey_register, traits}`. */
export async function passkeyRegister(kratos: KratosClient, params: PasskeyRegisterRequest, options?: CallOptions): Promise<PasskeyRegisterOutcome> {
  const step = await profileStep(kratos, params?.flow, 'passkey_create_data', params?.traits, options);
  if ('outcome' in step) return step.outcome;
  const r = await ceremony(step.flow, 'passkeyRegister', { signal: options?.signal, traits: params?.traits });
  if (failed(r)) return r;
  return kratos.updateRegistrationFlow({ flow: step.flow, updateRegistrationFlowBody: r.body as { method: 'passkey'; traits: Record<string, JsonValue> } }, options);
}

/** Adds a passkey in settings; submits `{method:'passkey', passkey_settings_register}`. */
export async function passkeySettingsRegister(kratos: KratosClient, params: PasskeySettingsRegisterRequest, options?: CallOptions): Promise<WebAuthnSettingsOutcome> {
  const r = await ceremony(params?.flow, 'passkeySettingsRegister', { signal: options?.signal });
  if (failed(r)) return r;
  return kratos.updateSettingsFlow({ flow: params.flow, updateSettingsFlowBody: r.body as { method: 'passkey' } }, options);
}

/**
 * Sign-in with a security key; submits `{method:'webauthn', webauthn_login, identifier}`. Second
 * factor / refresh, or passwordless: a flow without the options plus `identifier` first submits
 * `{method:'webauthn', identifier}` (Kratos answers 422 pointing back at the same flow, which then
 * holds the options; it is refetched, nothing navigates).
 */
export async function webAuthnLogin(kratos: KratosClient, params: WebAuthnLoginRequest, options?: CallOptions): Promise<PasskeyLoginOutcome> {
  const flow = params?.flow, identifier = params?.identifier;
  const step = await firstStep(flow, 'webauthn_login_trigger', typeof identifier === 'string' ? async (): Promise<LoginOutcome> => {
    const out = await kratos._updateLoginFlowInPlace({ flow, updateLoginFlowBody: { method: 'webauthn', identifier } }, options);
    return out.kind === 'redirect' ? { kind: 'flow', flow: await kratos.getLoginFlow({ id: flow.id }, options), next: null, skipped: [] } : out;
  } : undefined);
  if ('outcome' in step) return step.outcome;
  const r = await ceremony(step.flow, 'webAuthnLogin', { signal: options?.signal, identifier });
  if (failed(r)) return r;
  return kratos.updateLoginFlow({ flow: step.flow, updateLoginFlowBody: r.body as { method: 'webauthn'; identifier: string } }, options);
}

/**
 * Adds a security key in settings, or signs up with one (passwordless mode, registration flow;
 * two-step registration as for `passkeyRegister`). Submits `{method:'webauthn', webauthn_register,
 * webauthn_register_displayname}`, plus `traits` for sign-up.
 */
export function webAuthnRegister(kratos: KratosClient, params: WebAuthnSettingsRegisterRequest, options?: CallOptions): Promise<WebAuthnSettingsOutcome>;
export function webAuthnRegister(kratos: KratosClient, params: WebAuthnSignUpRequest, options?: CallOptions): Promise<PasskeyRegisterOutcome>;
export async function webAuthnRegister(kratos: KratosClient, params: WebAuthnRegisterRequest, options?: CallOptions): Promise<WebAuthnSettingsOutcome | PasskeyRegisterOutcome> {
  const input = { signal: options?.signal, displayName: params?.displayName, traits: params?.traits };
  const flow = params?.flow;
  // Settings flows carry their identity, registration flows never do (the wasm side decides alike).
  if (flow && 'identity' in flow) {
    const r = await ceremony(flow, 'webAuthnRegister', input);
    if (failed(r)) return r;
    return kratos.updateSettingsFlow({ flow, updateSettingsFlowBody: r.body as { method: 'webauthn' } }, options);
  }
  const step = await profileStep(kratos, flow as RegistrationFlow, 'webauthn_register_trigger', params?.traits, options);
  if ('outcome' in step) return step.outcome;
  const r = await ceremony(step.flow, 'webAuthnRegister', input);
  if (failed(r)) return r;
  return kratos.updateRegistrationFlow({ flow: step.flow, updateRegistrationFlowBody: r.body as { method: 'webauthn'; traits: Record<string, JsonValue> } }, options);
}

/** A passkey or security key listed in a settings flow (its remove button). */
export interface WebAuthnCredential {
  method: 'passkey' | 'webauthn';
  /** The credential id Kratos expects in `passkey_remove` / `webauthn_remove`. */
  id: string;
  /** The key's name, when Kratos has one (`display_name` of the label context). */
  displayName?: string;
  /** When it was added (ISO timestamp), when Kratos says. */
  addedAt?: string;
  /** The remove button's label. */
  label?: string;
}

/** The passkeys and security keys a settings flow offers to remove. */
export function webAuthnCredentials(flow: SettingsFlow): WebAuthnCredential[] {
  const out: WebAuthnCredential[] = [];
  for (const n of nodesOf(flow)) {
    if (n.type !== 'input') continue;
    const { name, value } = n.attributes;
    const method = name === 'passkey_remove' ? 'passkey' : name === 'webauthn_remove' ? 'webauthn' : undefined;
    if (!method || typeof value !== 'string') continue;
    const ctx = n.meta?.label?.context ?? {};
    out.push({
      method, id: value, label: n.meta?.label?.text,
      displayName: typeof ctx.display_name === 'string' ? ctx.display_name : undefined,
      addedAt: typeof ctx.added_at === 'string' ? ctx.added_at : undefined,
    });
  }
  return out;
}

/** Removes a passkey or security key (`passkey_remove` / `webauthn_remove`). */
export function removeWebAuthnCredential(kratos: KratosClient, params: { flow: SettingsFlow; credential: Pick<WebAuthnCredential, 'method' | 'id'> }, options?: CallOptions): Promise<SettingsOutcome> {
  const { method, id } = params?.credential ?? ({} as WebAuthnCredential);
  const body = method === 'passkey' ? { method, passkey_remove: id } as const : { method: 'webauthn', webauthn_remove: id } as const;
  return kratos.updateSettingsFlow({ flow: params?.flow, updateSettingsFlowBody: body }, options);
}

/** Which native ceremonies `flow` offers right now (its option nodes are present). */
export function webAuthnCeremonies(flow: Flow): WebAuthnCeremony[] {
  const out: WebAuthnCeremony[] = [];
  // Offered = the options node holds a non-blank JSON string or an object (the Rust `options::offers`).
  const has = (name: string) => nodesOf(flow).some((n) => {
    if (n.type !== 'input' || n.attributes.name !== name) return false;
    const v: unknown = n.attributes.value;
    return typeof v === 'string' ? v.trim() !== '' : typeof v === 'object' && v !== null && !Array.isArray(v);
  });
  if (has('passkey_challenge')) out.push('passkeyLogin');
  if (has('passkey_create_data')) out.push(hasInput(flow, 'passkey_settings_register') ? 'passkeySettingsRegister' : 'passkeyRegister');
  if (has('webauthn_login_trigger')) out.push('webAuthnLogin');
  if (has('webauthn_register_trigger')) out.push('webAuthnRegister');
  return out;
}

/** Why WebAuthn cannot run on this page, or `undefined` when it can (sync; no wasm needed). */
export function webAuthnUnsupportedReason(): string | undefined {
  const g = globalThis as { isSecureContext?: boolean; PublicKeyCredential?: unknown; navigator?: { credentials?: { get?: unknown } } };
  if (g.isSecureContext === false) return 'WebAuthn needs a secure context (https, or http://localhost)';
  if (typeof g.PublicKeyCredential !== 'function') return 'this browser does not support WebAuthn (no PublicKeyCredential)';
  if (typeof g.navigator?.credentials?.get !== 'function') return 'navigator.credentials is not available';
  return undefined;
}

/* ---------------------------------- script mode ---------------------------------- */

export interface LoadWebAuthnScriptOptions {
  /** Your page's CSP nonce; replaces the node's per-render nonce on the `<script>`. */
  nonce?: string;
  /** Give up after this many ms (default 10000; 0 = wait forever). Rejects with kind `timeout`. */
  timeoutMs?: number;
}

/**
 * Loads Kratos' `webauthn.js` from the flow's `webauthn_script` node, once per page, with the
 * node's `integrity`, `crossorigin`, `referrerpolicy` (and your `nonce`). Resolves `'ready'`
 * (triggers can run), `'notNeeded'` (the flow has no script node: nothing is loaded) or
 * `'unsupported'` (the script loaded but found no WebAuthn). Rejects with a `KratosError` of kind
 * `timeout`, `network` (blocked by network/CORS/CSP/integrity) or `browserOnly`. A failed load
 * can be retried; a timed-out one keeps loading and a later call waits for it again.
 */
export async function loadWebAuthnScript(flow: Flow, options?: LoadWebAuthnScriptOptions): Promise<'ready' | 'notNeeded' | 'unsupported'> {
  const attrs = scriptNode(flow);
  if (!attrs) return 'notNeeded';
  if (typeof document === 'undefined') throw new KratosError({ kind: 'browserOnly', message: 'loadWebAuthnScript() needs a document' });
  if (globalsReady()) return 'ready';
  const timeoutMs = options?.timeoutMs ?? 10_000;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw new KratosError({ kind: 'invalidArgument', message: '`timeoutMs` must be a non-negative number' });
  if (!scriptLoad || scriptLoad.src !== attrs.src) scriptLoad = { src: attrs.src, ...insertScript(attrs, options?.nonce) };
  const load = scriptLoad;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    if (timeoutMs > 0) timer = setTimeout(() => reject(new KratosError({ kind: 'timeout', message: `webauthn.js did not load within ${timeoutMs} ms` })), timeoutMs);
  });
  try {
    await Promise.race([load.done, timeout]);
  } catch (e) {
    if (e instanceof KratosError && e.kind === 'timeout') throw e;
    if (scriptLoad === load) scriptLoad = null; // let a later call try again
    load.el.remove();
    throw new KratosError({ kind: 'network', message: `webauthn.js could not be loaded from ${attrs.src} (network, CORS, Content-Security-Policy or integrity mismatch)` });
  } finally {
    clearTimeout(timer);
  }
  return globalsReady() ? 'ready' : 'unsupported';
}

/**
 * Calls the `webauthn.js` global named by a trigger (`'oryPasskeyLogin'`, …; the legacy `__ory*`
 * names and the deprecated `window.oryX()` form are accepted) or by a node's `onclickTrigger`.
 * Only the six known globals can be called, with no arguments; nothing is evaluated. Needs
 * `await loadWebAuthnScript(flow)` first, else throws `invalidArgument`.
 */
export function runWebAuthnTrigger(trigger: string | UiNode): unknown {
  const value = typeof trigger === 'string' ? trigger
    : trigger?.type === 'input' ? (trigger.attributes.onclickTrigger ?? trigger.attributes.onclick) : undefined;
  const name = parseTrigger(value);
  if (!name) throw new KratosError({ kind: 'invalidArgument', message: `not a webauthn.js trigger: ${String(value)}` });
  const g = globalThis as unknown as Record<string, unknown>;
  const f = [g[name], g[`__${name}`]].find((x): x is () => unknown => typeof x === 'function');
  if (!f) throw new KratosError({ kind: 'invalidArgument', message: `webauthn.js is not loaded (no ${name}): await loadWebAuthnScript(flow) first` });
  return f.call(globalThis);
}

/** The flow's nodes that name `webauthn.js` triggers (current names), for script mode. */
export function webAuthnTriggers(flow: Flow): { node: string; onclick?: string; onload?: string }[] {
  const out: { node: string; onclick?: string; onload?: string }[] = [];
  for (const n of nodesOf(flow)) {
    if (n.type !== 'input') continue;
    const a = n.attributes;
    const onclick = parseTrigger(a.onclickTrigger) ?? parseTrigger(a.onclick);
    const onload = parseTrigger(a.onloadTrigger) ?? parseTrigger(a.onload);
    if (onclick || onload) out.push({ node: a.name, ...(onclick ? { onclick } : {}), ...(onload ? { onload } : {}) });
  }
  return out;
}

/** Runs each distinct `onloadTrigger` of the flow once (call after rendering the form). */
export function runWebAuthnOnloadTriggers(flow: Flow): void {
  const seen = new Set<string>();
  for (const t of webAuthnTriggers(flow)) {
    if (t.onload && !seen.has(t.onload)) {
      seen.add(t.onload);
      const r = runWebAuthnTrigger(t.onload);
      if (r instanceof Promise) r.catch(() => undefined);
    }
  }
}

/** Whether `flow` needs `webauthn.js` in script mode (it has the script node or a trigger). */
export function needsWebAuthnScript(flow: Flow): boolean {
  return scriptNode(flow) !== undefined || webAuthnTriggers(flow).length > 0;
}

const TRIGGERS = ['oryWebAuthnLogin', 'oryWebAuthnRegistration', 'oryPasskeyLogin', 'oryPasskeyLoginAutocompleteInit', 'oryPasskeyRegistration', 'oryPasskeySettingsRegistration'];

function parseTrigger(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.trim().replace(/^window\./, '').split('(')[0].trim().replace(/^__/, '');
  return TRIGGERS.includes(name) ? name : undefined;
}

function globalsReady(): boolean {
  const g = globalThis as unknown as Record<string, unknown>;
  return TRIGGERS.every((t) => typeof g[t] === 'function' || typeof g[`__${t}`] === 'function');
}

let scriptLoad: { src: string; done: Promise<void>; el: HTMLScriptElement } | null = null;

function insertScript(attrs: UiNodeScriptAttributes, nonce?: string): { done: Promise<void>; el: HTMLScriptElement } {
  const el = document.createElement('script');
  const set = (k: string, v: unknown) => { if (typeof v === 'string' && v !== '') el.setAttribute(k, v); };
  set('id', attrs.id);
  set('type', attrs.type || 'text/javascript');
  set('integrity', attrs.integrity);
  set('crossorigin', attrs.crossorigin);
  set('referrerpolicy', attrs.referrerpolicy);
  set('nonce', nonce || attrs.nonce);
  el.async = true;
  const done = new Promise<void>((resolve, reject) => {
    el.addEventListener('load', () => resolve(), { once: true });
    el.addEventListener('error', (e) => reject(e), { once: true });
  });
  set('src', attrs.src);
  (document.head ?? document.documentElement).appendChild(el);
  return { done, el };
}

/** The `webauthn_script` node, if its `src` is http(s) on the origin of the flow's `ui.action`. */
function scriptNode(flow: Flow): UiNodeScriptAttributes | undefined {
  const action = (flow as { ui?: { action?: unknown } } | undefined)?.ui?.action;
  for (const n of nodesOf(flow)) {
    if (n.type !== 'script' || n.attributes?.id !== 'webauthn_script' || typeof n.attributes.src !== 'string') continue;
    try {
      const src = new URL(n.attributes.src);
      if (src.protocol !== 'http:' && src.protocol !== 'https:') continue;
      if (typeof action === 'string' && new URL(action).origin !== src.origin) continue;
      return n.attributes;
    } catch {
      continue;
    }
  }
  return undefined;
}

/* ---------------------------------- internals ---------------------------------- */

function nodesOf(flow: Flow | undefined): UiNode[] {
  const nodes = (flow as { ui?: { nodes?: unknown } } | undefined)?.ui?.nodes;
  return Array.isArray(nodes) ? (nodes as UiNode[]) : [];
}

function hasInput(flow: Flow, name: string, value?: string): boolean {
  return nodesOf(flow).some((n) => n.type === 'input' && n.attributes.name === name && (value === undefined || n.attributes.value === value));
}
