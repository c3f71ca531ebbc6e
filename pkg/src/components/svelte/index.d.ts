/**
 * `kratos-browser/svelte`: the stores (`sessionStore`, `flowStore`) and, for Svelte 5 apps, the
 * `<KratosFlow>` component (shipped as .svelte source under the `svelte` export condition).
 */
import type { KratosClient } from '../../index.js';
import type { KratosError } from '../../errors.js';
import type { FlowKind, FlowOptions, FlowTypes } from '../../flow-store.js';
import type { MessageOverrides } from '../../i18n.js';
import type { Locale, LocaleName, MessageView, NodeView, Translator } from '../model.js';

export * from '../../svelte.js';
export { loadLocale, createTranslator } from '../model.js';
export type { Locale, LocaleName, MessageView, NodeView, NodeKind, UiStrings, Translator, FlowViewModel, SectionView } from '../model.js';

/** What every override snippet gets (spread `inputProps` / `buttonProps` onto your element). */
export interface NodeSnippetProps {
  view: NodeView;
  busy: boolean;
  t: Translator;
  inputProps: Record<string, unknown>;
  buttonProps: Record<string, unknown>;
  messages: MessageView[];
}

/** A Svelte 5 snippet (structurally; `Snippet<[T]>` from 'svelte' fits). */
type SnippetOf<T> = (this: void, arg: T) => unknown;

export interface KratosFlowProps<K extends FlowKind = FlowKind> extends FlowOptions<K> {
  client: KratosClient;
  kind: K;
  /** A login/registration finished, or settings were saved. Default (login/registration): follow Kratos' `continue_with` redirect, if any. */
  onsuccess?: (outcome: Extract<FlowTypes[K]['outcome'], { kind: 'success' }>) => void;
  /** Every outcome of a submit; return `true` to skip the default handling. */
  onoutcome?: (outcome: unknown) => boolean | void;
  onerror?: (error: KratosError) => void;
  /** Per-id message overrides (win over the locale). */
  messages?: MessageOverrides;
  /** A shipped locale by name (loaded on first use) or a `Locale` object. Default English. */
  locale?: LocaleName | Locale;
  /** Offer passkeys in the identifier field's autofill (default true). */
  passkeyAutofill?: boolean;
  class?: string;
  input?: SnippetOf<NodeSnippetProps>;
  checkbox?: SnippetOf<NodeSnippetProps>;
  button?: SnippetOf<NodeSnippetProps>;
  providerButton?: SnippetOf<NodeSnippetProps>;
  webauthnButton?: SnippetOf<NodeSnippetProps>;
  text?: SnippetOf<NodeSnippetProps>;
  secret?: SnippetOf<NodeSnippetProps>;
  codes?: SnippetOf<NodeSnippetProps>;
  image?: SnippetOf<NodeSnippetProps>;
  link?: SnippetOf<NodeSnippetProps>;
  /** Nodes this version does not know (v26 `div`, captcha): rendered by this if given, else skipped. */
  unknown?: SnippetOf<NodeSnippetProps>;
  message?: SnippetOf<{ message: MessageView }>;
}

/** The flow component (a Svelte 5 component; structurally `Component<KratosFlowProps>`). */
export declare const KratosFlow: (this: void, internals: unknown, props: KratosFlowProps) => Record<string, never>;
