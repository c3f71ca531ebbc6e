/**
 * `<KratosFlow kind="login" />`: any self-service flow rendered from its UI nodes and submitted
 * through the SDK (built on `useFlow`). Exported from `kratos-browser/react`.
 *
 * ```tsx
 * <KratosProvider client={kratos}>
 *   <KratosFlow kind="login" onSuccess={() => navigate('/')} />
 * </KratosProvider>
 * ```
 * Unstyled: class names `kratos-*` (and `kratos-browser/style.css` as a starting point). Every node
 * kind can be replaced through `components`; texts go through `formatMessage` with `messages`
 * overrides and an optional `locale` (`'de'` is loaded on demand).
 */
// A namespace import, as in ../react.ts: React 17 has no `useId`, and a named import of it would fail to link.
import * as React from 'react';
import type { ButtonHTMLAttributes, FormEvent, InputHTMLAttributes, ReactElement, ReactNode } from 'react';
import type { KratosError } from '../errors.js';
import type { FlowKind, FlowTypes } from '../flow-store.js';
import type { MessageOverrides } from '../i18n.js';
import type { Flow } from '../types.js';
import { useFlow, useKratosClient, type UseFlowOptions } from '../react.js';
import { passkeyLogin } from '../webauthn.js';
import {
  bodyFor, ceremonyFor, ceremonyMessage, conditionalMediationAvailable, createTranslator, flowView, focusFirstError, formReader,
  loadLocale, offersPasskeyAutofill, successTarget,
  type FlowViewModel, type Locale, type LocaleName, type MessageView, type NodeKind, type NodeView, type Translator,
} from './model.js';

const { createElement: h, Fragment, useCallback, useEffect, useMemo, useRef, useState } = React;
let nextId = 0;
/** React 18+'s `useId`; on React 17 a per-instance counter (there, ids can differ between a server render and the client). */
const useId: () => string = typeof React.useId === 'function'
  ? React.useId
  : function useIdReact17(): string {
    const id = useRef('');
    if (id.current === '') id.current = `:k${(nextId++).toString(36)}:`;
    return id.current;
  };

export type { NodeView, NodeKind, MessageView, FlowViewModel, SectionView, Locale, LocaleName, UiStrings, Translator } from './model.js';
export { loadLocale, createTranslator } from './model.js';

type DataAttributes = { [k: `data-${string}`]: string | undefined };
/** The attributes of an input the component renders (id, name, type, default value, autocomplete, ARIA). */
export type InputProps = InputHTMLAttributes<HTMLInputElement> & DataAttributes;
/** The attributes of a button the component renders (type, name, value, disabled, `onClick` for non-default actions). */
export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & DataAttributes;

/** What every override gets. Spread `inputProps` / `buttonProps` onto your element to keep the wiring. */
export interface NodeProps {
  view: NodeView;
  /** A submit is running: disable buttons. */
  busy: boolean;
  t: Translator;
  /** Inputs and checkboxes: id, name, type, default value, autocomplete, ARIA. */
  inputProps: InputProps;
  /** Buttons: type, name, value, disabled, `data-key`, and `onClick` for non-default actions. */
  buttonProps: ButtonProps;
  /** The node's messages, already rendered (put them under your control). */
  messages: ReactNode;
}

/** Replacements per node kind, plus `Message` (one message) and `Unknown` (v26 `div`, captcha, future types). */
export interface KratosComponents {
  Input: (p: NodeProps) => ReactNode;
  Checkbox: (p: NodeProps) => ReactNode;
  /** The submit buttons (`method=…`, resend, back, remove…). */
  Button: (p: NodeProps) => ReactNode;
  /** OIDC / SAML provider buttons (and link/unlink in settings). */
  ProviderButton: (p: NodeProps) => ReactNode;
  /** Passkey / security-key buttons (the native ceremony runs on click). */
  WebAuthnButton: (p: NodeProps) => ReactNode;
  Text: (p: NodeProps) => ReactNode;
  /** The TOTP secret (text to type into an authenticator app). */
  Secret: (p: NodeProps) => ReactNode;
  /** Backup codes. */
  Codes: (p: NodeProps) => ReactNode;
  /** Images (the TOTP QR code). */
  Image: (p: NodeProps) => ReactNode;
  Link: (p: NodeProps) => ReactNode;
  /** Nodes this version does not know: rendered by this if given, else skipped. */
  Unknown: (p: NodeProps) => ReactNode;
  Message: (p: { message: MessageView }) => ReactNode;
}

const SLOT: Record<NodeKind, keyof KratosComponents | null> = {
  hidden: null, input: 'Input', checkbox: 'Checkbox', button: 'Button', provider: 'ProviderButton', webauthn: 'WebAuthnButton',
  text: 'Text', secret: 'Secret', codes: 'Codes', image: 'Image', link: 'Link', unknown: 'Unknown',
};

export interface KratosFlowProps<K extends FlowKind> extends UseFlowOptions<K> {
  kind: K;
  /** A login/registration finished, or settings were saved. Default (login/registration): follow Kratos' `continue_with` redirect, if any. */
  onSuccess?: (outcome: Extract<FlowTypes[K]['outcome'], { kind: 'success' }>) => void;
  /** Every outcome of a submit (also `aal2Required`, `refreshRequired`, `cancelled`…). Return `true` to skip the default handling. */
  onOutcome?: (outcome: unknown) => boolean | void;
  /** The flow could not be loaded or submitted. */
  onError?: (error: KratosError) => void;
  /** Per-id message overrides (win over the locale). */
  messages?: MessageOverrides;
  /** A shipped locale by name (loaded on first use) or a `Locale` object. Default English. */
  locale?: LocaleName | Locale;
  /** Replace how node kinds render. */
  components?: Partial<KratosComponents>;
  /** Offer passkeys in the identifier field's autofill (login flows with passkeys; default true). */
  passkeyAutofill?: boolean;
  className?: string;
}

const cls = (...c: (string | false | undefined)[]) => c.filter(Boolean).join(' ');
const str = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function DefaultMessage({ message }: { message: MessageView }): ReactElement {
  return h('p', { className: `kratos-message kratos-message--${message.type}`, 'data-message-id': message.id }, message.text);
}

const DEFAULTS: Omit<KratosComponents, 'Unknown' | 'Message'> = {
  Input: ({ view, inputProps, messages }) =>
    h('div', { className: 'kratos-field', 'data-node': view.name },
      h('label', { className: 'kratos-label', htmlFor: view.id }, view.label),
      h('input', { className: 'kratos-input', ...inputProps }), messages),
  Checkbox: ({ view, inputProps, messages }) =>
    h('div', { className: 'kratos-field kratos-field--checkbox', 'data-node': view.name },
      h('input', { className: 'kratos-checkbox', ...inputProps }),
      h('label', { className: 'kratos-label', htmlFor: view.id }, view.label), messages),
  Button: ({ view, buttonProps }) => h('button', { className: cls('kratos-button', view.secondary && 'kratos-button--secondary'), ...buttonProps }, view.label),
  ProviderButton: ({ view, buttonProps }) =>
    h('button', { className: cls('kratos-button kratos-button--provider', view.secondary && 'kratos-button--secondary'), 'data-provider': str(view.value), ...buttonProps }, view.label),
  WebAuthnButton: ({ view, buttonProps }) => h('button', { className: 'kratos-button kratos-button--webauthn', ...buttonProps }, view.label),
  Text: ({ view, messages }) => h('div', { className: 'kratos-text', id: view.id }, view.label && h('p', null, view.label), h('p', null, view.text), messages),
  Secret: ({ view }) =>
    h('div', { className: 'kratos-secret', id: view.id }, view.label && h('p', null, view.label), h('code', { className: 'kratos-code' }, view.text)),
  Codes: ({ view, t }) =>
    h('div', { className: 'kratos-codes', id: view.id }, view.label && h('p', null, view.label),
      h('ul', { className: 'kratos-code-list' }, (view.codes ?? []).map((c, i) =>
        h('li', { key: i, className: c.used ? 'kratos-code-used' : undefined }, c.used ? h('del', null, t.ui.usedCode) : h('code', null, c.code))))),
  Image: ({ view }) =>
    h('img', { className: 'kratos-image', id: view.id, src: view.src, width: view.width, height: view.height, alt: view.label || view.node.group }),
  Link: ({ view }) => h('a', { className: 'kratos-link', id: view.id, href: view.href }, view.text),
};

/** Renders and runs one self-service flow. */
export function KratosFlow<K extends FlowKind>(props: KratosFlowProps<K>): ReactElement {
  const { kind, locale, messages: overrides, components, onSuccess, onOutcome, onError, passkeyAutofill = true, className } = props;
  const client = useKratosClient(props.client);
  const state = useFlow(kind, props);
  const { flow, submitting, error, submit, restart } = state;

  const [loaded, setLoaded] = useState<Locale | undefined>(typeof locale === 'object' ? locale : undefined);
  useEffect(() => {
    if (typeof locale === 'object') setLoaded(locale);
    else if (locale && locale !== 'en') void loadLocale(locale).then(setLoaded);
    else setLoaded(undefined);
  }, [locale]);
  const localeReady = !locale || locale === 'en' || loaded !== undefined;
  const t = useMemo(() => createTranslator(loaded, overrides), [loaded, overrides]);

  const prefix = 'kratos' + useId().replace(/[^A-Za-z0-9_-]/g, '');
  const [notice, setNotice] = useState<MessageView | undefined>();
  const view = useMemo(() => (flow ? flowView(flow as Flow, t, prefix, notice ? [notice] : []) : null), [flow, t, prefix, notice]);

  // A new flow object (next step, validation messages) re-creates the uncontrolled inputs.
  const version = useRef<{ flow: unknown; n: number }>({ flow: null, n: 0 });
  if (version.current.flow !== flow) version.current = { flow, n: version.current.n + 1 };

  const root = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusAfter = useRef(false);
  useEffect(() => {
    if (focusAfter.current && view) {
      focusAfter.current = false;
      focusFirstError(root.current, view);
    }
  }, [view]);

  useEffect(() => {
    if (error) onError?.(error);
  }, [error]); // eslint-disable-line react-hooks/exhaustive-deps

  const autofill = useRef<AbortController | null>(null);
  const handle = useCallback((out: unknown) => {
    if (out === undefined) return;
    const m = ceremonyMessage(out, t);
    setNotice(m);
    if (onOutcome?.(out) === true) return;
    const o = out as { kind: string; redirectTo?: string };
    if (o.kind === 'success') {
      if (onSuccess) onSuccess(out as never);
      else if (kind !== 'settings') {
        const to = successTarget(out);
        if (to && typeof location !== 'undefined') location.assign(to);
      }
    } else if ((o.kind === 'aal2Required' || o.kind === 'refreshRequired') && o.redirectTo && typeof location !== 'undefined') {
      location.assign(o.redirectTo);
    }
  }, [t, onOutcome, onSuccess, kind]);

  // Passkey autofill: the identifier field offers passkeys; picking one signs in.
  useEffect(() => {
    if (kind !== 'login' || !passkeyAutofill || !flow || !offersPasskeyAutofill(flow as Flow)) return;
    const ac = new AbortController();
    autofill.current = ac;
    void conditionalMediationAvailable().then(async (ok) => {
      if (!ok || ac.signal.aborted) return;
      try {
        const out = await passkeyLogin(client, { flow: flow as FlowTypes['login']['flow'], mediation: 'conditional' }, { signal: ac.signal });
        if (ac.signal.aborted || ceremonyMessage(out, t)) return;
        focusAfter.current = true;
        handle(await submit({} as never, async () => out));
      } catch {
        // aborted or refused: the buttons still work
      }
    });
    return () => ac.abort();
  }, [flow, kind, passkeyAutofill]); // eslint-disable-line react-hooks/exhaustive-deps

  const send = useCallback(async (submitter: NodeView) => {
    if (!view || !formRef.current) return;
    autofill.current?.abort();
    const body = bodyFor(view, submitter, formReader(formRef.current));
    const via = ceremonyFor(client, kind, submitter, body);
    focusAfter.current = true;
    handle(await submit(body as never, via as never));
  }, [view, client, kind, submit, handle]);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!view) return;
    const key = ((e.nativeEvent as SubmitEvent).submitter as HTMLElement | null)?.dataset?.key;
    // Enter in a field: the default button of that field's group (else the first one).
    const active = typeof document !== 'undefined' ? (document.activeElement as HTMLElement | null)?.dataset?.group : undefined;
    const primaries = view.sections.flatMap((s) => s.nodes).filter((v) => v.kind === 'button' && !v.secondary);
    const submitter = (key ? view.byKey.get(key) : undefined) ?? primaries.find((v) => v.group === active) ?? primaries[0];
    if (submitter) void send(submitter);
  };

  const Message = components?.Message ?? DefaultMessage;
  const renderMessages = (list: MessageView[], id?: string) =>
    list.length === 0 ? null : h('div', { className: 'kratos-field-messages', id }, list.map((m, i) => h(Message, { key: `${m.id}-${i}`, message: m })));

  const renderNode = (v: NodeView): ReactNode => {
    const slot = SLOT[v.kind];
    if (!slot) return null;
    const C = (components?.[slot] ?? (DEFAULTS as Partial<KratosComponents>)[slot]) as ((p: NodeProps) => ReactNode) | undefined;
    if (!C) return null; // unknown node without an override: skipped
    const isDefault = v.kind === 'button' && !v.secondary;
    const inputProps: InputProps = {
      id: v.id, name: v.name, type: v.type, disabled: v.disabled || undefined, required: v.required || undefined,
      autoComplete: v.autocomplete, pattern: v.pattern, maxLength: v.maxLength, 'data-group': v.group,
      'aria-invalid': v.invalid || undefined, 'aria-describedby': v.describedBy,
      ...(v.kind === 'checkbox' ? { defaultChecked: v.value === true } : { defaultValue: str(v.value) }),
      ...(v.name === 'code' || v.name === 'totp_code' ? { inputMode: 'numeric' as const } : {}),
    };
    const buttonProps: ButtonProps = {
      id: v.id, type: isDefault ? 'submit' : 'button', name: v.name, value: v.kind === 'webauthn' ? undefined : str(v.value),
      disabled: submitting || v.disabled || undefined, 'data-key': v.key, 'data-group': v.group, 'data-trigger': v.trigger,
      ...(isDefault ? {} : { onClick: () => void send(v) }),
    };
    return h(Fragment, { key: v.key }, h(C, { view: v, busy: submitting, t, inputProps, buttonProps, messages: renderMessages(v.messages, v.describedBy) }));
  };

  let body: ReactNode;
  if (!view || !localeReady) {
    body = error ? null : h('p', { className: 'kratos-loading', role: 'status' }, t.ui.loading);
  } else {
    body = h('form', {
      key: version.current.n, ref: formRef, className: 'kratos-form', noValidate: true, onSubmit,
      'data-flow': view.id, 'aria-busy': submitting || undefined, action: (flow as Flow).ui.action, method: 'post',
    },
    view.hidden.map((v) => h('input', { key: v.key, type: 'hidden', id: v.id, name: v.name, defaultValue: str(v.value), 'data-group': v.group })),
    view.sections.map((s) => s.group === 'default'
      ? h('div', { key: s.group, className: 'kratos-group', 'data-group': s.group }, s.nodes.map(renderNode))
      : h('fieldset', { key: s.group, className: 'kratos-group', 'data-group': s.group },
        h('legend', { className: 'kratos-legend' }, s.legend), s.nodes.map(renderNode))),
    view.canGoBack && h('button', { type: 'button', className: 'kratos-button kratos-button--secondary kratos-back', onClick: () => void restart(), disabled: submitting }, t.ui.back));
  }
  return h('div', { ref: root, className: cls('kratos-flow', className), 'data-kind': kind, 'data-state': (flow as { state?: string } | null)?.state },
    h('div', { id: view?.messagesId ?? `${prefix}-messages`, className: 'kratos-messages', tabIndex: -1, 'aria-live': 'polite' },
      error && h('p', { className: 'kratos-message kratos-message--error kratos-flow-error', role: 'alert' }, error.message),
      view?.messages.map((m, i) => h(Message, { key: `${m.id}-${i}`, message: m }))),
    body);
}
