/**
 * Svelte bindings: `kratos-browser/svelte`. Plain Svelte stores (the `subscribe` contract), so they work
 * with `$store` in Svelte 3, 4 and 5 components and need no `svelte` import at runtime.
 *
 * ```svelte
 * <script>
 *   import { kratos } from './kratos.js';                  // a KratosClient
 *   import { sessionStore, flowStore } from 'kratos-browser/svelte';
 *   const session = sessionStore(kratos);
 *   const login = flowStore(kratos, 'login');               // continues ?flow=… or creates a flow
 * </script>
 * {#if $session.status === 'signedIn'}Hello {$session.session.identity.traits.email}{/if}
 * {#if $login.flow}<!-- render $login.flow.ui.nodes; submit with login.submit(body) -->{/if}
 * ```
 */
import type { KratosClient } from './index.js';
import { sessionStoreOf, type SessionState, type SessionWatchOptions } from './session.js';
import { FlowController, type FlowKind, type FlowOptions, type FlowState, type FlowTypes } from './flow-store.js';

export type { SessionState, SessionWatchOptions, SessionChangeEvent, SessionChangeListener } from './session.js';
export type { FlowKind, FlowOptions, FlowState, FlowTypes } from './flow-store.js';

/** Svelte's readable store contract (structurally the same as `svelte/store`'s `Readable`). */
export interface Readable<T> {
  subscribe(run: (value: T) => void, invalidate?: () => void): () => void;
}

export interface SessionStoreHandle extends Readable<SessionState> {
  /** Asks Kratos again now. */
  refresh(): Promise<SessionState>;
}

/**
 * The browser's Kratos session as a store: revalidated on focus/visibility/online, after logins and logouts
 * through the client, and when another tab changes it. Watching starts with the first subscriber.
 */
export function sessionStore(client: KratosClient, options?: SessionWatchOptions): SessionStoreHandle {
  const store = sessionStoreOf(client, options);
  return {
    subscribe(run) {
      run(store.getState());
      return store.watch(run);
    },
    refresh: () => store.revalidate('refresh', true),
  };
}

export interface FlowStoreHandle<K extends FlowKind> extends Readable<FlowState<K>> {
  /** Submits a body (`csrf_token` is added). Never rejects: `undefined` on failure (see `error`). */
  submit(body: FlowTypes[K]['body'], via?: (flow: FlowTypes[K]['flow']) => Promise<unknown>): Promise<FlowTypes[K]['outcome'] | undefined>;
  /** Creates a fresh flow. */
  restart(): Promise<void>;
}

/**
 * One self-service flow as a store: the first subscriber (in the browser) continues `?flow=<id>`
 * (or `flowId`) or creates a flow. Expired flows and CSRF rejections are replaced automatically.
 */
export function flowStore<K extends FlowKind>(client: KratosClient, kind: K, options?: FlowOptions<K>): FlowStoreHandle<K> {
  const ctl = new FlowController(client, kind, options);
  return {
    subscribe(run) {
      run(ctl.getState());
      const off = ctl.subscribe(run);
      if (typeof window !== 'undefined') ctl.start();
      return off;
    },
    submit: (body, via) => ctl.submit(body, via),
    restart: () => ctl.restart(),
  };
}
