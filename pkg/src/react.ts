/**
 * React bindings: `kratos-browser/react` (React 17, 18 or 19; `react` is an optional peer dependency).
 *
 * ```tsx
 * import { KratosClient } from 'kratos-browser';
 * import { KratosProvider, useSession, useFlow } from 'kratos-browser/react';
 *
 * const kratos = new KratosClient({ baseUrl: 'http://localhost:4433' });
 * <KratosProvider client={kratos}><App /></KratosProvider>
 *
 * function Login() {
 *   const { flow, submit, error } = useFlow('login');          // continues ?flow=… or creates a flow
 *   if (!flow) return <p>{error ? error.message : 'Loading…'}</p>;
 *   // render flow.ui.nodes; on submit: await submit({ method: 'password', identifier, password })
 * }
 * function Header() {
 *   const s = useSession();                                    // s.status: 'unknown' | 'signedIn' | 'signedOut'
 *   return s.status === 'signedIn' ? <span>{String(s.session.identity?.traits.email)}</span> : null;
 * }
 * ```
 * Hooks never touch `window` during render, so server rendering shows the loading state.
 */
import * as React from 'react';
import type { ReactElement, ReactNode } from 'react';
import type { KratosClient } from './index.js';
import { KratosError } from './errors.js';
import { sessionStoreOf, type SessionState, type SessionWatchOptions } from './session.js';
import { FlowController, type FlowKind, type FlowOptions, type FlowState, type FlowTypes } from './flow-store.js';

export type { SessionState, SessionWatchOptions, SessionChangeEvent, SessionChangeListener } from './session.js';
export type { FlowKind, FlowOptions, FlowState, FlowTypes } from './flow-store.js';

// A namespace import: React 17 has no `useSyncExternalStore` export, and a named import of it would fail to link.
const { createContext, createElement, useCallback, useContext, useEffect, useMemo } = React;

type Subscribe = (onChange: () => void) => () => void;

/**
 * React 18+'s `useSyncExternalStore`; on React 17 the same contract from `useState` + `useEffect` (re-render when
 * the snapshot changed, checked once more right after subscribing), like the `use-sync-external-store` shim.
 */
const useSyncExternalStore: <T>(subscribe: Subscribe, getSnapshot: () => T, getServerSnapshot: () => T) => T =
  typeof React.useSyncExternalStore === 'function'
    ? React.useSyncExternalStore
    : function useStoreReact17<T>(subscribe: Subscribe, getSnapshot: () => T, getServerSnapshot: () => T): T {
      const value = typeof window === 'undefined' ? getServerSnapshot() : getSnapshot();
      const [, rerender] = React.useReducer((n: number) => n + 1, 0);
      const shown = React.useRef(value);
      shown.current = value;
      useEffect(() => {
        const check = () => {
          if (!Object.is(shown.current, getSnapshot())) rerender();
        };
        const off = subscribe(check);
        check();
        return off;
      }, [subscribe, getSnapshot]);
      return value;
    };

const ClientContext = createContext<KratosClient | null>(null);

export interface KratosProviderProps {
  client: KratosClient;
  children?: ReactNode;
}

/** Makes `client` the default of `useSession()` / `useFlow()` below it. */
export function KratosProvider({ client, children }: KratosProviderProps): ReactElement {
  return createElement(ClientContext.Provider, { value: client }, children);
}

/** The client from the options or from the nearest `KratosProvider`. */
export function useKratosClient(client?: KratosClient): KratosClient {
  const fromContext = useContext(ClientContext);
  const c = client ?? fromContext;
  if (c === null || c === undefined) {
    throw new KratosError({ kind: 'invalidArgument', message: 'kratos-browser/react: wrap the app in <KratosProvider client={…}> or pass { client }' });
  }
  return c;
}

const SERVER_SESSION: SessionState = Object.freeze<SessionState>({
  status: 'unknown', session: null, aal2Required: false, error: null, checkedAt: 0,
});

export interface UseSessionOptions extends SessionWatchOptions {
  client?: KratosClient;
}

/**
 * The session state plus `refresh`: still a union on `status`, so after `status === 'signedIn'`
 * `session` is a `Session` (destructure after narrowing, or narrow the object itself).
 */
export type UseSessionResult = SessionState & {
  /** Asks Kratos again now. */
  refresh: () => Promise<SessionState>;
};

/**
 * The browser's Kratos session, kept current: revalidated on focus/visibility/online, after logins and
 * logouts through the client, and when another tab changes it. All components share one request.
 */
export function useSession(options: UseSessionOptions = {}): UseSessionResult {
  const client = useKratosClient(options.client);
  const store = useMemo(() => sessionStoreOf(client, options), [client]); // eslint-disable-line react-hooks/exhaustive-deps
  const subscribe = useCallback((onChange: () => void) => store.watch(onChange), [store]);
  const state = useSyncExternalStore(subscribe, store.getState, () => SERVER_SESSION);
  const refresh = useCallback(() => store.revalidate('refresh', true), [store]);
  return useMemo((): UseSessionResult => ({ ...state, refresh }), [state, refresh]);
}

export interface UseFlowOptions<K extends FlowKind> extends FlowOptions<K> {
  client?: KratosClient;
}

export interface UseFlowResult<K extends FlowKind> extends FlowState<K> {
  /**
   * Submits a body (`csrf_token` is added). Never rejects: `undefined` on failure (see `error`).
   * `via` replaces the update call (e.g. `(flow) => passkeyLogin(client, { flow })`).
   */
  submit: (body: FlowTypes[K]['body'], via?: (flow: FlowTypes[K]['flow']) => Promise<unknown>) => Promise<FlowTypes[K]['outcome'] | undefined>;
  /** Creates a fresh flow. */
  restart: () => Promise<void>;
}

const SERVER_FLOW: FlowState<FlowKind> = Object.freeze({ flow: null, loading: true, submitting: false, error: null, outcome: null });

/**
 * One self-service flow: continues `?flow=<id>` (or `flowId`) or creates one, exposes `submit` and
 * `restart`. Expired flows and CSRF rejections are replaced by fresh flows automatically.
 */
export function useFlow<K extends FlowKind>(kind: K, options: UseFlowOptions<K> = {}): UseFlowResult<K> {
  const client = useKratosClient(options.client);
  const createKey = JSON.stringify(options.create ?? null);
  const ctl = useMemo(
    () => new FlowController(client, kind, { flowId: options.flowId, returnTo: options.returnTo, create: options.create, syncUrl: options.syncUrl }),
    [client, kind, options.flowId, options.returnTo, createKey, options.syncUrl], // eslint-disable-line react-hooks/exhaustive-deps
  );
  useEffect(() => {
    ctl.start();
  }, [ctl]);
  const state = useSyncExternalStore(ctl.subscribe, ctl.getState, () => SERVER_FLOW as FlowState<K>);
  const submit = useCallback((body: FlowTypes[K]['body'], via?: (flow: FlowTypes[K]['flow']) => Promise<unknown>) => ctl.submit(body, via), [ctl]);
  const restart = useCallback(() => ctl.restart(), [ctl]);
  return useMemo(() => ({ ...state, submit, restart }), [state, submit, restart]);
}

// The flow component (pkg/src/components/react.ts): `<KratosFlow kind="login" />`.
export { KratosFlow, loadLocale, createTranslator } from './components/react.js';
export type { KratosFlowProps, KratosComponents, NodeProps, InputProps, ButtonProps, NodeView, NodeKind, MessageView, Locale, LocaleName, UiStrings, Translator } from './components/react.js';
