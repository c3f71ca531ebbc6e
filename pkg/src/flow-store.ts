/**
 * @internal Framework-agnostic state of one self-service flow (create-or-get, submit, restart), used by
 * `kratos-browser/react` (`useFlow`) and `kratos-browser/svelte` (`flowStore`).
 */
import type {
  CreateBrowserLoginFlowRequest, CreateBrowserRecoveryFlowRequest, CreateBrowserRegistrationFlowRequest,
  CreateBrowserSettingsFlowRequest, CreateBrowserVerificationFlowRequest, KratosClient, LoginOutcome, RecoveryOutcome,
  RegistrationOutcome, SettingsOutcome, VerificationOutcome,
} from './index.js';
import { isKratosError, KratosError, toKratosError } from './errors.js';
import { sessionStoreOf } from './session.js';
import type {
  LoginFlow, RecoveryFlow, RegistrationFlow, SettingsFlow, UpdateLoginFlowBody, UpdateRecoveryFlowBody,
  UpdateRegistrationFlowBody, UpdateSettingsFlowBody, UpdateVerificationFlowBody, VerificationFlow,
} from './types.js';

/** The five self-service flows. */
export type FlowKind = 'login' | 'registration' | 'settings' | 'recovery' | 'verification';

/** Per kind: the flow object, the submit body, the submit outcome and the create parameters. */
export interface FlowTypes {
  login: { flow: LoginFlow; body: UpdateLoginFlowBody; outcome: LoginOutcome; create: CreateBrowserLoginFlowRequest };
  registration: {
    flow: RegistrationFlow; body: UpdateRegistrationFlowBody; outcome: RegistrationOutcome; create: CreateBrowserRegistrationFlowRequest;
  };
  settings: { flow: SettingsFlow; body: UpdateSettingsFlowBody; outcome: SettingsOutcome; create: CreateBrowserSettingsFlowRequest };
  recovery: { flow: RecoveryFlow; body: UpdateRecoveryFlowBody; outcome: RecoveryOutcome; create: CreateBrowserRecoveryFlowRequest };
  verification: {
    flow: VerificationFlow; body: UpdateVerificationFlowBody; outcome: VerificationOutcome; create: CreateBrowserVerificationFlowRequest;
  };
}

export interface FlowOptions<K extends FlowKind> {
  /**
   * The flow to continue. `undefined` (default): the page's `?flow=` query parameter, if any;
   * `null`: always create a new flow.
   */
  flowId?: string | null;
  /** `return_to` of a newly created flow. */
  returnTo?: string;
  /** Further parameters of the create call (e.g. `{ aal: 'aal2' }`, `{ refresh: true }` for login). */
  create?: Omit<FlowTypes[K]['create'], 'returnTo'>;
  /** Write `?flow=<id>` into the address bar (`history.replaceState`), so a reload continues the flow (default true). */
  syncUrl?: boolean;
}

export interface FlowState<K extends FlowKind> {
  /** The flow to render (`null` while loading, or when it could not be loaded: see `error`). */
  flow: FlowTypes[K]['flow'] | null;
  /** The flow is being fetched or created. */
  loading: boolean;
  /** A submit is running. */
  submitting: boolean;
  /**
   * The last error. An expired flow or a CSRF rejection is restarted for you (a fresh flow is in `flow`,
   * the error says why the user must submit again).
   */
  error: KratosError | null;
  /** The outcome of the last submit (`success` carries the session / identity). */
  outcome: FlowTypes[K]['outcome'] | null;
}

const KINDS: readonly FlowKind[] = ['login', 'registration', 'settings', 'recovery', 'verification'];
const cap = (k: FlowKind) => k[0].toUpperCase() + k.slice(1);

type AnyFn = (...args: unknown[]) => Promise<unknown>;

/** @internal */
export class FlowController<K extends FlowKind> {
  readonly #client: KratosClient;
  readonly #kind: K;
  readonly #options: FlowOptions<K>;
  #state: FlowState<K> = { flow: null, loading: true, submitting: false, error: null, outcome: null };
  readonly #listeners = new Set<(s: FlowState<K>) => void>();
  #started = false;
  #gen = 0;

  constructor(client: KratosClient, kind: K, options: FlowOptions<K> = {}) {
    if (!KINDS.includes(kind)) {
      throw new KratosError({ kind: 'invalidArgument', message: `unknown flow kind ${JSON.stringify(kind)} (expected ${KINDS.join(', ')})` });
    }
    if (typeof client !== 'object' || client === null) throw new KratosError({ kind: 'invalidArgument', message: 'expected a KratosClient' });
    this.#client = client;
    this.#kind = kind;
    this.#options = { ...options };
    // Session-changing submits announce themselves (other tabs, session hooks/stores).
    sessionStoreOf(client);
  }

  getState = (): FlowState<K> => this.#state;

  subscribe = (fn: (s: FlowState<K>) => void): (() => void) => {
    this.#listeners.add(fn);
    return () => {
      this.#listeners.delete(fn);
    };
  };

  /** Loads the flow (once): `?flow=`/`flowId` when given (restarting if it is gone), else a new one. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    let id = this.#options.flowId;
    if (id === undefined && typeof location !== 'undefined') id = new URLSearchParams(location.search).get('flow');
    if (id) void this.#load(() => this.#method('get')({ id }), true);
    else void this.#load(() => this.#create(), false);
  }

  /** Drops the current flow and creates a new one. */
  restart(): Promise<void> {
    this.#started = true;
    return this.#load(() => this.#create(), false);
  }

  /**
   * Submits `body` (the SDK adds `csrf_token`). Resolves with the outcome, or `undefined` when it failed
   * (see `error`); it never rejects. `flow` outcomes replace the flow (validation messages, next step).
   * `via` replaces the update call (e.g. a native WebAuthn ceremony that submits itself); its
   * outcome is handled alike (a `cancelled`/`unsupported`/`webauthnFailed` one keeps the flow).
   */
  async submit(body: FlowTypes[K]['body'], via?: (flow: FlowTypes[K]['flow']) => Promise<unknown>): Promise<FlowTypes[K]['outcome'] | undefined> {
    const flow = this.#state.flow;
    if (flow === null) {
      this.#set({ error: new KratosError({ kind: 'invalidArgument', message: `no ${this.#kind} flow loaded yet` }) });
      return undefined;
    }
    const gen = this.#gen;
    this.#set({ submitting: true, error: null });
    try {
      const outcome = (await (via ? via(flow) : this.#method('update')({ flow, [`update${cap(this.#kind)}FlowBody`]: body }))) as FlowTypes[K]['outcome'];
      if (gen !== this.#gen) return outcome;
      const o = outcome as { kind: string; flow?: FlowTypes[K]['flow'] };
      const nextFlow = o.kind === 'flow' || o.kind === 'restarted' || (o.kind === 'success' && this.#kind === 'settings') ? (o.flow ?? flow) : flow;
      this.#set({ submitting: false, outcome, flow: nextFlow });
      return outcome;
    } catch (e) {
      const err = isKratosError(e) ? e : toKratosError(e);
      if (gen !== this.#gen) return undefined;
      this.#set({ submitting: false, error: err });
      // Whether and how to restart is decided by the SDK's decision table (`err.restart`).
      if (err.restart === 'useFlowId') await this.#load(() => this.#method('get')({ id: err.useFlowId }), true, err);
      else if (err.restart === 'create') await this.#load(() => this.#create(), false, err);
      return undefined;
    }
  }

  #method(op: 'get' | 'update'): AnyFn {
    const name = `${op}${cap(this.#kind)}Flow`;
    const f = (this.#client as unknown as Record<string, AnyFn>)[name];
    return (...args: unknown[]) => f.apply(this.#client, args);
  }

  #create(): Promise<unknown> {
    const params: Record<string, unknown> = { ...(this.#options.create ?? {}) };
    if (this.#options.returnTo !== undefined) params.returnTo = this.#options.returnTo;
    return (this.#client as unknown as Record<string, AnyFn>)[`createBrowser${cap(this.#kind)}Flow`].call(this.#client, params);
  }

  /** Runs `fetch`; when `fallbackToCreate` and the flow is gone, creates a new one. `why` stays in `error`. */
  async #load(fetch: () => Promise<unknown>, fallbackToCreate: boolean, why: KratosError | null = null): Promise<void> {
    const gen = ++this.#gen;
    this.#set({ loading: true, error: why, outcome: null, submitting: false });
    let flow: FlowTypes[K]['flow'] | null = null;
    let error: KratosError | null = why;
    try {
      flow = (await fetch()) as FlowTypes[K]['flow'];
    } catch (e) {
      const err = isKratosError(e) ? e : toKratosError(e);
      if (fallbackToCreate && err.restart !== undefined) {
        try {
          flow = (err.restart === 'useFlowId'
            ? await this.#method('get')({ id: err.useFlowId })
            : await this.#create()) as FlowTypes[K]['flow'];
        } catch (e2) {
          error = isKratosError(e2) ? e2 : toKratosError(e2);
        }
      } else {
        error = err;
      }
    }
    if (gen !== this.#gen) return;
    this.#set({ loading: false, flow: flow ?? this.#state.flow, error });
    if (flow !== null) this.#syncUrl(flow.id);
  }

  #syncUrl(id: string): void {
    if (this.#options.syncUrl === false || typeof location === 'undefined' || typeof history === 'undefined') return;
    try {
      const url = new URL(location.href);
      if (url.searchParams.get('flow') === id) return;
      url.searchParams.set('flow', id);
      history.replaceState(history.state, '', url.href);
    } catch {
      // sandboxed documents may refuse replaceState: the flow still works
    }
  }

  #set(patch: Partial<FlowState<K>>): void {
    this.#state = { ...this.#state, ...patch };
    for (const l of [...this.#listeners]) {
      try {
        l(this.#state);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}
