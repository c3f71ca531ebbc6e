/**
 * The framework-free half of the flow components (`KratosFlow` in `kratos-browser/react` and
 * `kratos-browser/svelte`): what to render for a flow (`flowView`), which body a click submits
 * (`bodyFor`), which native WebAuthn ceremony a button runs (`ceremonyFor`), texts and locales
 * (`createTranslator`, `loadLocale`). Both components render the same view, so they agree on
 * ids, classes, labels and ARIA wiring.
 */
import type { KratosClient } from '../index.js';
import type { FlowKind } from '../flow-store.js';
import type { Flow, JsonValue, UiNode, UiNodeInput, UiText } from '../types.js';
import { formatMessage, type MessageOverrides } from '../i18n.js';
import { lookupSecretCodes, totpSecret } from '../second-factor.js';
import { passkeyLogin, passkeyRegister, passkeySettingsRegister, webAuthnLogin, webAuthnRegister } from '../webauthn.js';

/** How a node is rendered; every override slot is named after one of these. */
export type NodeKind =
  | 'hidden' | 'input' | 'checkbox' | 'button' | 'provider' | 'webauthn'
  | 'text' | 'secret' | 'codes' | 'image' | 'link' | 'unknown';

export interface MessageView {
  /** Kratos' message id (also on the element as `data-message-id`). */
  id: number;
  type: string;
  /** The display string (`formatMessage` with the locale and overrides). */
  text: string;
}

/** One node, ready to render: ids and ARIA wiring decided, texts translated. */
export interface NodeView {
  kind: NodeKind;
  /** The Kratos node itself. */
  node: UiNode;
  /** Stable key within the flow. */
  key: string;
  /** DOM id of the control (labels point at it). */
  id: string;
  group: string;
  label: string;
  messages: MessageView[];
  /** Id of the element holding `messages` (for `aria-describedby`), when there are any. */
  describedBy?: string;
  /** An error message is attached to this node. */
  invalid: boolean;
  /** Input nodes: name, type and attributes as Kratos sent them. */
  name?: string;
  type?: string;
  value?: JsonValue;
  required?: boolean;
  disabled?: boolean;
  autocomplete?: string;
  pattern?: string;
  maxLength?: number;
  /** Buttons: a secondary action (resend, back, remove…). */
  secondary?: boolean;
  /** WebAuthn buttons: Kratos' trigger name (`oryPasskeyLogin`, …); the component runs it natively. */
  trigger?: string;
  /** Text nodes: the text, the TOTP secret, or the backup codes. */
  text?: string;
  codes?: { code?: string; used: boolean }[];
  /** Image and link nodes. */
  src?: string;
  width?: number;
  height?: number;
  href?: string;
}

export interface SectionView {
  /** Kratos' node group (`default`, `password`, `oidc`, …). */
  group: string;
  /** The fieldset's legend (none for `default`). */
  legend?: string;
  nodes: NodeView[];
}

export interface FlowViewModel {
  id: string;
  /** Form-level messages (`ui.messages`, then those of hidden inputs), plus the component's own (e.g. a cancelled passkey). */
  messages: MessageView[];
  /** Id of the form-level messages element. */
  messagesId: string;
  sections: SectionView[];
  /** Hidden inputs (rendered as `<input type=hidden>`; the SDK adds `csrf_token` itself). */
  hidden: NodeView[];
  /** All views by key. */
  byKey: Map<string, NodeView>;
  /** Identifier-first login, second screen: offer "use another account" (restarts the flow). */
  canGoBack: boolean;
}

/** The component's own strings (everything Kratos does not send). */
export interface UiStrings {
  loading: string;
  back: string;
  submitting: string;
  cancelled: string;
  unsupported: string;
  webauthnFailed: string;
  usedCode: string;
  groups: Record<string, string>;
}

export const EN: UiStrings = {
  loading: 'Loading…',
  back: 'Use another account',
  submitting: 'Please wait…',
  cancelled: 'The passkey or security key prompt was closed. Try again.',
  unsupported: 'This browser cannot use passkeys or security keys here.',
  webauthnFailed: 'The passkey or security key could not be used.',
  usedCode: 'used',
  groups: {
    password: 'Password', oidc: 'Sign in with a provider', saml: 'Single sign-on', code: 'Code by email',
    totp: 'Authenticator app', lookup_secret: 'Backup codes', webauthn: 'Security key', passkey: 'Passkey',
    profile: 'Profile', link: 'Email link', identifier_first: 'Account',
  },
};

/** A locale: message templates by Kratos id, plus the component's strings. */
export interface Locale {
  messages: MessageOverrides;
  ui?: Partial<UiStrings>;
}

/** Locales shipped with the package, each loaded (dynamic import) only when asked for. */
export type LocaleName = 'en' | 'de';

/** Loads a shipped locale (a separate chunk). `'en'` is built in and resolves at once. */
export async function loadLocale(name: LocaleName): Promise<Locale> {
  if (name === 'de') return (await import('../locales/de.js')).default;
  return { messages: {} };
}

export interface Translator {
  /** Formats a Kratos text (override by id → locale → English template → Kratos' text). */
  (text: UiText): string;
  ui: UiStrings;
}

/** A formatter: the app's per-id `overrides` win over the `locale`. */
export function createTranslator(locale?: Locale, overrides?: MessageOverrides): Translator {
  const merged: MessageOverrides = { ...(locale?.messages ?? {}), ...(overrides ?? {}) };
  const t = ((text: UiText) => formatMessage(text, merged)) as Translator;
  const ui = locale?.ui ?? {};
  t.ui = { ...EN, ...ui, groups: { ...EN.groups, ...(ui.groups ?? {}) } };
  return t;
}

const TRIGGERS = new Set(['oryPasskeyLogin', 'oryPasskeyRegistration', 'oryPasskeySettingsRegistration', 'oryWebAuthnLogin', 'oryWebAuthnRegistration']);
const SECONDARY = new Set(['resend', 'screen', 'email', 'passkey_remove', 'webauthn_remove', 'totp_unlink', 'lookup_secret_disable', 'unlink']);
const KNOWN = new Set(['input', 'text', 'img', 'a', 'script']);

function triggerOf(a: UiNodeInput['attributes']): string | undefined {
  const raw = a.onclickTrigger ?? a.onclick;
  if (typeof raw !== 'string') return undefined;
  const name = raw.trim().replace(/^window\./, '').split('(')[0].trim().replace(/^__/, '');
  return TRIGGERS.has(name) ? name : undefined;
}

const safeId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

function messagesOf(list: UiText[] | undefined, t: Translator): MessageView[] {
  return (Array.isArray(list) ? list : []).map((m) => ({ id: m.id, type: m.type, text: t(m) }));
}

function viewOf(n: UiNode, i: number, prefix: string, t: Translator): NodeView | null {
  const type = (n as { type?: unknown }).type;
  const a = (n as unknown as { attributes?: Record<string, unknown> }).attributes ?? {};
  const name = typeof a.name === 'string' ? a.name : undefined;
  const key = `${i}:${name ?? (typeof a.id === 'string' ? a.id : type)}`;
  const id = `${prefix}-${safeId(name ?? (typeof a.id === 'string' ? a.id : String(type)))}-${i}`;
  const messages = messagesOf(n.messages, t);
  const base = {
    node: n, key, id, group: String(n.group ?? 'default'), messages,
    describedBy: messages.length > 0 ? `${id}-messages` : undefined,
    invalid: messages.some((m) => m.type === 'error'),
    label: n.meta?.label ? t(n.meta.label) : '',
  };
  if (typeof type !== 'string' || !KNOWN.has(type) || base.group === 'captcha' && !(type === 'input' && a.type === 'hidden')) {
    return { ...base, kind: 'unknown' };
  }
  switch (type) {
    case 'script':
      return null; // webauthn.js: the components run the ceremonies natively
    case 'input': {
      const input = (n as UiNodeInput).attributes;
      const label = base.label || (input.label ? t(input.label) : '') || input.name;
      const common = {
        ...base, label, name: input.name, type: input.type, value: input.value, required: input.required === true,
        disabled: input.disabled === true, autocomplete: input.autocomplete, pattern: input.pattern,
        maxLength: typeof input.maxlength === 'number' ? input.maxlength : undefined,
      };
      if (input.type === 'hidden') return { ...common, kind: 'hidden' };
      const trigger = triggerOf(input);
      if (trigger) return { ...common, kind: 'webauthn', trigger };
      if (input.type === 'submit' || input.type === 'button') {
        if ((base.group === 'oidc' || base.group === 'saml') && ['provider', 'link', 'unlink'].includes(input.name)) {
          return { ...common, kind: 'provider', secondary: input.name === 'unlink' };
        }
        return { ...common, kind: 'button', secondary: SECONDARY.has(input.name) || undefined };
      }
      if (input.type === 'checkbox') return { ...common, kind: 'checkbox' };
      return { ...common, kind: 'input' };
    }
    case 'text': {
      const attrs = a as { id: string; text: UiText };
      if (attrs.id === 'totp_secret_key') {
        return { ...base, kind: 'secret', text: totpSecret({ ui: { nodes: [n] } } as never) ?? attrs.text?.text };
      }
      if (attrs.id === 'lookup_secret_codes') {
        const codes = lookupSecretCodes({ ui: { nodes: [n] } } as never) ?? [];
        return { ...base, kind: 'codes', codes: codes.map((c) => ({ code: c.code, used: c.used })) };
      }
      return { ...base, kind: 'text', text: attrs.text ? t(attrs.text) : '' };
    }
    case 'img': {
      const attrs = a as { src: string; width: number; height: number };
      return { ...base, kind: 'image', src: attrs.src, width: attrs.width, height: attrs.height };
    }
    default: {
      const attrs = a as { href: string; title: UiText };
      return { ...base, kind: 'link', href: attrs.href, text: attrs.title ? t(attrs.title) : attrs.href };
    }
  }
}

/**
 * The view of a flow: nodes in Kratos' order, one section per group (first-seen order), hidden
 * inputs apart. `prefix` makes the DOM ids unique on the page.
 */
export function flowView(flow: Flow, t: Translator, prefix = 'kratos', extra: MessageView[] = []): FlowViewModel {
  const sections: SectionView[] = [];
  const hidden: NodeView[] = [];
  const byKey = new Map<string, NodeView>();
  const nodes = Array.isArray(flow?.ui?.nodes) ? flow.ui.nodes : [];
  nodes.forEach((n, i) => {
    const v = viewOf(n, i, prefix, t);
    if (!v) return;
    byKey.set(v.key, v);
    if (v.kind === 'hidden') return void hidden.push(v);
    let s = sections.find((x) => x.group === v.group);
    if (!s) {
      s = { group: v.group, legend: v.group === 'default' ? undefined : t.ui.groups[v.group] ?? v.group, nodes: [] };
      sections.push(s);
    }
    s.nodes.push(v);
  });
  const f = flow as Flow & { requested_aal?: string; refresh?: boolean };
  const canGoBack = /\/self-service\/login/.test(String(flow?.ui?.action)) && f.requested_aal !== 'aal2' && !f.refresh &&
    hidden.some((v) => v.name === 'identifier') && ![...byKey.values()].some((v) => v.name === 'identifier' && v.kind === 'input');
  // A message on a hidden input has no field to sit under: it joins the form-level messages.
  const fromHidden = hidden.flatMap((v) => v.messages);
  return { id: flow.id, messages: [...messagesOf(flow?.ui?.messages, t), ...fromHidden, ...extra], messagesId: `${prefix}-messages`, sections, hidden, byKey, canGoBack };
}

function setPath(root: Record<string, JsonValue>, dotted: string, value: JsonValue): void {
  const keys = dotted.split('.');
  let cur = root;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    cur = (cur[k] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Record<string, JsonValue>;
  }
  cur[keys[keys.length - 1]] = value;
}

/** Reads a control's current value from the form (by the view's DOM id). */
export type ReadControl = (view: NodeView) => string | boolean | undefined;

/** Reads controls from a `<form>` element by id. */
export function formReader(form: HTMLFormElement): ReadControl {
  return (v) => {
    const el = form.querySelector<HTMLInputElement>(`[id="${v.id}"]`);
    if (!el) return undefined;
    return el.type === 'checkbox' ? el.checked : el.value;
  };
}

/**
 * The body a click on `submitter` sends: the inputs of its group plus `default` (typed values from
 * the form, hidden values as Kratos sent them), the button's own name/value, and `method` (the
 * group) when the button does not name one. `csrf_token` is left to the SDK.
 */
export function bodyFor(view: FlowViewModel, submitter: NodeView, read: ReadControl): Record<string, JsonValue> {
  const body: Record<string, JsonValue> = {};
  const group = submitter.group;
  for (const v of view.byKey.values()) {
    if (!v.name || v.name === 'csrf_token') continue;
    // Identifier-first login keeps the identifier as a hidden input of its own group on the second screen.
    const carried = v.kind === 'hidden' && v.group === 'identifier_first';
    if (v.group !== group && v.group !== 'default' && !carried) continue;
    if (v.kind === 'hidden') {
      if (v.value !== undefined && v.value !== null && v.value !== '') setPath(body, v.name, v.value);
    } else if (v.kind === 'input' || v.kind === 'checkbox') {
      const x = read(v);
      if (x === undefined || x === '') continue;
      setPath(body, v.name, v.type === 'number' && typeof x === 'string' && x.trim() !== '' && !Number.isNaN(Number(x)) ? Number(x) : x);
    }
  }
  if (submitter.name && submitter.kind !== 'webauthn') setPath(body, submitter.name, submitter.value ?? '');
  if (body.method === undefined && group !== 'default') body.method = group;
  return body;
}

/** Outcome of a submit or ceremony, as the flow store sees it. */
export type Via = (flow: never) => Promise<unknown>;

/**
 * The native ceremony a click runs, or `undefined` for a plain submit: WebAuthn/passkey buttons, and
 * the first step of a passwordless security-key login (`method=webauthn` with an identifier).
 */
export function ceremonyFor(client: KratosClient, kind: FlowKind, submitter: NodeView, body: Record<string, JsonValue>): Via | undefined {
  const traits = typeof body.traits === 'object' && body.traits !== null && !Array.isArray(body.traits) ? body.traits as Record<string, JsonValue> : undefined;
  const identifier = typeof body.identifier === 'string' ? body.identifier : undefined;
  switch (submitter.trigger) {
    case 'oryPasskeyLogin': return (flow) => passkeyLogin(client, { flow });
    case 'oryPasskeyRegistration': return (flow) => passkeyRegister(client, { flow, traits });
    case 'oryPasskeySettingsRegistration': return (flow) => passkeySettingsRegister(client, { flow });
    case 'oryWebAuthnLogin': return (flow) => webAuthnLogin(client, { flow, identifier });
    case 'oryWebAuthnRegistration': {
      const displayName = typeof body.webauthn_register_displayname === 'string' ? body.webauthn_register_displayname : undefined;
      return (flow) => webAuthnRegister(client, { flow, displayName, traits } as never);
    }
  }
  if (kind === 'login' && submitter.group === 'webauthn' && submitter.name === 'method' && identifier !== undefined) {
    return (flow) => webAuthnLogin(client, { flow, identifier });
  }
  return undefined;
}

/** Whether a login flow offers passkey autofill (conditional UI) on its identifier field. */
export function offersPasskeyAutofill(flow: Flow): boolean {
  return flow.ui.nodes.some((n) => n.type === 'input' && n.attributes.name === 'passkey_challenge') &&
    flow.ui.nodes.some((n) => n.type === 'input' && n.attributes.autocomplete?.includes('webauthn') === true);
}

/** Whether this browser can show passkeys in the identifier field's autofill. */
export async function conditionalMediationAvailable(): Promise<boolean> {
  const P = (globalThis as { PublicKeyCredential?: { isConditionalMediationAvailable?: () => Promise<boolean> } }).PublicKeyCredential;
  try {
    return typeof P?.isConditionalMediationAvailable === 'function' && (await P.isConditionalMediationAvailable()) === true;
  } catch {
    return false;
  }
}

/** A component-made message for a WebAuthn outcome that sent nothing (`cancelled`, …), if it is one. */
export function ceremonyMessage(outcome: unknown, t: Translator): MessageView | undefined {
  const k = (outcome as { kind?: string } | null)?.kind;
  if (k === 'cancelled' || k === 'unsupported' || k === 'webauthnFailed') {
    return { id: k === 'cancelled' ? 0 : k === 'unsupported' ? -1 : -2, type: 'error', text: t.ui[k] };
  }
  return undefined;
}

/** Moves focus to the first invalid control, else to the form-level messages when they hold an error. */
export function focusFirstError(root: ParentNode | null, view: FlowViewModel): void {
  if (!root) return;
  const invalid = root.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (invalid) return invalid.focus();
  if (view.messages.some((m) => m.type === 'error')) root.querySelector<HTMLElement>(`[id="${view.messagesId}"]`)?.focus();
}

/** Where a finished login/registration goes when the app gave no `onSuccess`: Kratos' `continue_with`, else nowhere. */
export function successTarget(outcome: unknown): string | undefined {
  const cw = (outcome as { continueWith?: { action?: string; redirect_browser_to?: string }[] } | null)?.continueWith;
  return cw?.find((c) => c.action === 'redirect_browser_to')?.redirect_browser_to;
}
