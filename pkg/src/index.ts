/**
 * kratos-browser: Ory Kratos self-service flows from the browser.
 *
 * ```ts
 * import { KratosClient } from 'kratos-browser';
 * const kratos = new KratosClient({ baseUrl: 'http://localhost:4433' });
 * const flow = await kratos.createBrowserLoginFlow();
 * const result = await kratos.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier, password } });
 * if (result.kind === 'success') console.log(result.session.identity?.traits);
 * if (result.kind === 'flow') render(result.flow); // wrong password: messages are on the flow
 * ```
 */
import { csrfToken as rawCsrfToken, type KratosClient as RawClient } from './wasm/kratos_browser.js';
import { backend as v1Backend, isReady } from './init.js';
import type { WasmBackend } from './backend.js';
import type { FlowKind } from './flow-store.js';
import { KratosError, argumentError, isSignedOut, toKratosError } from './errors.js';
import { setupProblems, type SetupProblem } from './diagnostics.js';
import type {
  ContinueWith, ErrorBrowserLocationChangeRequired, Flow, GenericError, FlowError, IdentitySchemaContainer, Identity, LoginFlow, LogoutFlow,
  NextStep, RecoveryFlow, RegistrationFlow, Session, SettingsFlow, SkippedStep, SuccessfulNativeLogin, SuccessfulNativeRegistration,
  UpdateLoginFlowBody, UpdateRecoveryFlowBody, UpdateRegistrationFlowBody, UpdateSettingsFlowBody,
  UpdateVerificationFlowBody, VerificationFlow,
} from './types.js';

export * from './types.js';
export { KratosError, isKratosError, isSignedOut, isCsrfError } from './errors.js';
export type { KratosErrorKind, KratosErrorId, KratosErrorInit } from './errors.js';
export { init, isReady } from './init.js';
export { setupProblems } from './diagnostics.js';
export type { SetupProblem, SetupProblemCode, PageContext } from './diagnostics.js';

/** Options of `new KratosClient(…)`. */
export interface KratosClientConfig {
  /** Kratos' public URL, e.g. `http://localhost:4433` (same site as the page!). */
  baseUrl: string;
  /** Per-call timeout in ms (default 10000; 0 = none). */
  timeoutMs?: number;
  /** Retries of idempotent GETs after a network failure (default 2, max 5). */
  retries?: number;
  /** Origins a 422 redirect may go to besides Kratos' and the page's (e.g. your OIDC providers). */
  allowedRedirectOrigins?: string[];
  /**
   * Called when Kratos requires a browser navigation (HTTP 422 `browser_location_change_required`).
   * Default: `window.location.assign(url)`. Pass a function for SPA routers, or `false` to only
   * return the `redirect` outcome. Only URLs that passed the safety check reach this.
   */
  onRedirect?: ((url: string) => void | Promise<void>) | false;
  /**
   * The Kratos API generation of the server (default `'v1'`). Older generations are rewritten to
   * their own paths and parameters; see the README's compatibility table and `./legacy`.
   */
  apiVersion?: ApiVersion;
  /**
   * When a call fails with a `network` error or a CSRF violation and `setupProblems()` finds a
   * cause (page and Kratos on different sites, `localhost` vs `127.0.0.1`, …), say so once with
   * `console.warn` (default `true`). The problems are on the error's `setupProblems` either way.
   */
  setupWarnings?: boolean;
}

/** Kratos API generations: `v1` (v1.x and later), `v0.8`…`v0.11`, `v0.6`, `v0.5`, `v0.4` (patch suffixes allowed). */
export type ApiVersion = 'v1' | 'v0.11' | 'v0.10' | 'v0.9' | 'v0.8' | 'v0.6' | 'v0.5' | 'v0.4' | (string & {});

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call (rejects with kind `aborted`). */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

export interface CreateBrowserLoginFlowRequest {
  refresh?: boolean; aal?: string; returnTo?: string; loginChallenge?: string; organization?: string; via?: string;
  /** Kratos v25+: an identity schema marked `selfservice_selectable` (sent as `identity_schema`). */
  identitySchema?: string;
}
export interface CreateBrowserRegistrationFlowRequest {
  returnTo?: string; loginChallenge?: string; afterVerificationReturnTo?: string; organization?: string;
  /** Kratos v25+: an identity schema marked `selfservice_selectable` (sent as `identity_schema`). */
  identitySchema?: string;
}
export interface CreateBrowserSettingsFlowRequest { returnTo?: string }
export interface CreateBrowserRecoveryFlowRequest { returnTo?: string }
export interface CreateBrowserVerificationFlowRequest { returnTo?: string }
export interface CreateBrowserLogoutFlowRequest { returnTo?: string }
export interface GetFlowRequest { id: string }
export interface ToSessionRequest { tokenizeAs?: string }
export interface ListMySessionsRequest { pageSize?: number; pageToken?: string }

/** A flow object as returned by the SDK, or just its id (the SDK remembers its CSRF token). */
export type FlowRef<F> = F | string;

export interface UpdateLoginFlowRequest { flow: FlowRef<LoginFlow>; updateLoginFlowBody: UpdateLoginFlowBody }
export interface UpdateRegistrationFlowRequest { flow: FlowRef<RegistrationFlow>; updateRegistrationFlowBody: UpdateRegistrationFlowBody }
export interface UpdateSettingsFlowRequest { flow: FlowRef<SettingsFlow>; updateSettingsFlowBody: UpdateSettingsFlowBody }
export interface UpdateRecoveryFlowRequest { flow: FlowRef<RecoveryFlow>; updateRecoveryFlowBody: UpdateRecoveryFlowBody; token?: string }
export interface UpdateVerificationFlowRequest { flow: FlowRef<VerificationFlow>; updateVerificationFlowBody: UpdateVerificationFlowBody; token?: string }
export interface UpdateLogoutFlowRequest { token: string; returnTo?: string }

/** Kratos needs the browser to navigate (already done unless `onRedirect: false`). */
export interface RedirectOutcome { kind: 'redirect'; redirectTo: string; body: ErrorBrowserLocationChangeRequired }
/**
 * What an outcome tells the app to do next (Kratos' `continue_with`, decided by the SDK): `next` is
 * `null` when there is nothing to do; `skipped` lists the items not acted on, with the reason.
 */
export interface Continues { next: NextStep | null; skipped: SkippedStep[] }
/**
 * Show this flow again: validation messages, or the next step (e.g. two-step registration). A
 * recovery flow whose code was accepted (`use_continue_with_transitions`) has `next.action ===
 * 'showSettingsUi'`: Kratos issued a session (the session store already knows) and the settings flow
 * to show is `next.flowId`.
 */
export interface FlowOutcome<F> extends Continues { kind: 'flow'; flow: F }
/**
 * The flow had expired (or was replaced): this is the fresh flow, already fetched, with Kratos'
 * message (e.g. 4010001) in `flow.ui.messages`. Render it; the user submits again.
 */
export interface RestartedOutcome<F> { kind: 'restarted'; flow: F }
/**
 * A second factor is needed (login 422 to `aal=aal2`, or 403 `session_aal2_required`). Nothing
 * navigated: call `createAal2LoginFlow({ returnTo })` and render that flow.
 */
export interface Aal2RequiredOutcome { kind: 'aal2Required'; returnTo?: string; redirectTo?: string }
/**
 * The session is too old for this settings change (403 `session_refresh_required`). Nothing
 * navigated: call `createRefreshLoginFlow({ returnTo: <your settings page> })`, then submit again.
 */
export interface RefreshRequiredOutcome { kind: 'refreshRequired'; redirectTo?: string }

/**
 * Kratos v25+: the login needs a verified address first (403 `session_verified_address_required`, the
 * `require_verified_address` hook). Kratos created a verification flow and sent the code: `next` is
 * `{ action: 'showVerificationUi', flowId, url, address }`. No session; nothing navigated.
 */
export interface VerificationRequiredOutcome extends Continues { kind: 'verificationRequired'; body: { error: GenericError } }

export type LoginOutcome =
  | ({ kind: 'success'; session: Session; continueWith: ContinueWith[]; body: SuccessfulNativeLogin } & Continues)
  | FlowOutcome<LoginFlow>
  | RestartedOutcome<LoginFlow>
  | Aal2RequiredOutcome
  | VerificationRequiredOutcome
  | RedirectOutcome;
export type RegistrationOutcome =
  | ({ kind: 'success'; identity: Identity; session?: Session; continueWith: ContinueWith[]; body: SuccessfulNativeRegistration } & Continues)
  | FlowOutcome<RegistrationFlow>
  | RestartedOutcome<RegistrationFlow>
  | RedirectOutcome;
export type SettingsOutcome =
  | ({ kind: 'success'; flow: SettingsFlow; continueWith: ContinueWith[] } & Continues)
  | FlowOutcome<SettingsFlow>
  | RestartedOutcome<SettingsFlow>
  | Aal2RequiredOutcome
  | RefreshRequiredOutcome
  | RedirectOutcome;
/** Recovery answers are flows (state tells the step), or a redirect (code accepted → settings). */
export type RecoveryOutcome = FlowOutcome<RecoveryFlow> | RestartedOutcome<RecoveryFlow> | RedirectOutcome;
/** Verification answers are flows; `flow.state === 'passed_challenge'` means verified. */
export type VerificationOutcome = FlowOutcome<VerificationFlow> | RestartedOutcome<VerificationFlow> | RedirectOutcome;

export interface SessionPage { sessions: Session[]; nextPageToken: string | null }

/** What every wasm call resolves to: the finished value and the call's effect on the session. */
interface WasmResult<T> { value: T; session?: 'changed' | 'signedIn' }

function isBrowser(): boolean {
  return typeof document !== 'undefined' || typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
}

/** The Kratos frontend API for browser apps. Method names are Ory's operationIds. */
export class KratosClient {
  /**
   * @internal The wasm build this class runs on: the v1 build here; `kratos-browser/legacy`
   * subclasses it with the build that also speaks Kratos v0.4–v0.6.
   */
  static readonly _wasmBackend: WasmBackend = v1Backend;
  readonly #config: KratosClientConfig;
  /** A config that threw when read: every call rejects with this. */
  readonly #configError: KratosError | undefined;
  #raw: RawClient | null = null;
  readonly #mutationListeners = new Set<(signedIn: boolean, signedOut: boolean) => unknown>();
  readonly #sessionObservers = new Set<(session: Session | null) => void>();
  /** Counts the session-changing answers, so a `toSession` answer that raced one is not reported as current. */
  #mutations = 0;
  #warned = false;

  constructor(config: KratosClientConfig) {
    let copy = {} as KratosClientConfig;
    try {
      copy = { ...config };
    } catch (e) {
      // A hostile config (getter, Proxy trap, revoked Proxy): no sync throw; every call rejects.
      this.#configError = argumentError('config', e);
    }
    this.#config = copy;
    if (!this.#configError && (typeof config !== 'object' || config === null || typeof copy.baseUrl !== 'string')) {
      throw new KratosError({ kind: 'invalidArgument', message: 'new KratosClient({ baseUrl }) needs baseUrl as a string' });
    }
  }

  async #client(): Promise<RawClient> {
    if (this.#configError) throw this.#configError;
    if (!isBrowser()) {
      throw new KratosError({ kind: 'browserOnly', message: 'kratos-browser calls need a browser (cookies, CORS); it was called outside one' });
    }
    const backend = (this.constructor as typeof KratosClient)._wasmBackend;
    await backend.init();
    if (this.#raw === null) {
      const { onRedirect: _ignored, setupWarnings: _alsoIgnored, ...rest } = this.#config;
      this.#raw = new backend.Client(rest) as RawClient;
    }
    return this.#raw;
  }

  /**
   * @internal Used by the session store: `cb` runs (and is awaited) after every call that may
   * have changed the session (login, registration, settings, recovery, logout); `signedOut` after a
   * logout Kratos confirmed. Returns an unsubscribe.
   */
  _onSessionMutation(cb: (signedIn: boolean, signedOut: boolean) => unknown): () => void {
    this.#mutationListeners.add(cb);
    return () => this.#mutationListeners.delete(cb);
  }

  /**
   * @internal Used by the session store: `cb` hears every answer to the app's own `toSession()` (the
   * session, or `null` for a 401), unless a session-changing call resolved meanwhile. Returns an unsubscribe.
   */
  _onSessionObserved(cb: (session: Session | null) => void): () => void {
    this.#sessionObservers.add(cb);
    return () => this.#sessionObservers.delete(cb);
  }

  /**
   * Runs one wasm call. Every wasm call resolves to `{ value, session? }`: the finished result,
   * and what the call did to the session (decided in Rust), which the session listeners hear
   * before the caller gets the result. `f` reads the caller's `params` synchronously: a throw
   * there is that argument's `invalidArgument`.
   */
  async #call<T>(f: (c: RawClient) => Promise<WasmResult<T>> | WasmResult<T>, signedOut = false): Promise<T> {
    let result: WasmResult<T>;
    try {
      const c = await this.#client();
      let pending: Promise<WasmResult<T>> | WasmResult<T>;
      try {
        pending = f(c);
      } catch (e) {
        throw argumentError('params', e);
      }
      result = await pending;
    } catch (e) {
      throw this.#explain(toKratosError(e));
    }
    if (result.session !== undefined) {
      this.#mutations++;
      for (const cb of [...this.#mutationListeners]) {
        try { await cb(result.session === 'signedIn', signedOut); } catch { /* a listener must not fail the call */ }
      }
    }
    return result.value;
  }

  /** A network error or CSRF violation with a set-up cause gets that cause attached (and warned once). */
  #explain(e: KratosError): KratosError {
    if (e.kind !== 'network' && e.id !== 'security_csrf_violation') return e;
    const problems = this.setupProblems();
    if (problems.length === 0) return e;
    if (this.#config.setupWarnings !== false && !this.#warned) {
      this.#warned = true;
      console.warn(`kratos-browser: ${e.message}. Likely cause: ${problems.map((p) => p.message).join('; ')}`);
    }
    return new KratosError({ ...e, message: e.message, setupProblems: problems });
  }

  /** Set-up problems of this page + `baseUrl` that make Kratos' cookies go missing (see `setupProblems`). */
  setupProblems(): SetupProblem[] {
    return setupProblems(this.#config.baseUrl);
  }

  /** A submit: the outcome comes finished from the decision table; a `redirect` (URL already checked) is followed. */
  async #update<O extends { kind: string }>(kind: FlowKind, params: unknown, options: CallOptions | undefined, follow = true): Promise<O> {
    const body = `update${kind[0].toUpperCase()}${kind.slice(1)}FlowBody`;
    // The app's request object is read inside #call: a throwing getter is an invalidArgument rejection.
    const outcome = await this.#call<O>((c) => {
      const p = params as Record<string, unknown> | undefined;
      return c.updateFlow(kind, p?.flow, p?.[body], p?.token, options);
    });
    const hook = this.#config.onRedirect;
    if (follow && outcome.kind === 'redirect') {
      const to = (outcome as unknown as RedirectOutcome).redirectTo;
      if (typeof hook === 'function') await hook(to);
      else if (hook !== false && typeof location !== 'undefined') location.assign(to);
    }
    // A finished flow's `redirect_browser_to` (decided and checked in the core) goes to the app's
    // router; never a page load by default: the outcome is already in the app's hands.
    const next = (outcome as Partial<Continues>).next;
    if (follow && next?.action === 'redirect' && typeof hook === 'function') await hook(next.redirectTo);
    return outcome;
  }

  createBrowserLoginFlow(params?: CreateBrowserLoginFlowRequest, options?: CallOptions): Promise<LoginFlow> {
    return this.#call((c) => c.createBrowserFlow('login', params, options));
  }
  getLoginFlow(params: GetFlowRequest, options?: CallOptions): Promise<LoginFlow> {
    return this.#call((c) => c.getFlow('login', params?.id, options));
  }
  updateLoginFlow(params: UpdateLoginFlowRequest, options?: CallOptions): Promise<LoginOutcome> {
    return this.#update('login', params, options);
  }
  /**
   * @internal Like `updateLoginFlow`, but a `redirect` is returned, not followed: the passwordless
   * security-key identifier step answers 422 pointing back at the same flow (now with the options).
   */
  _updateLoginFlowInPlace(params: UpdateLoginFlowRequest, options?: CallOptions): Promise<LoginOutcome> {
    return this.#update('login', params, options, false);
  }

  createBrowserRegistrationFlow(params?: CreateBrowserRegistrationFlowRequest, options?: CallOptions): Promise<RegistrationFlow> {
    return this.#call((c) => c.createBrowserFlow('registration', params, options));
  }
  getRegistrationFlow(params: GetFlowRequest, options?: CallOptions): Promise<RegistrationFlow> {
    return this.#call((c) => c.getFlow('registration', params?.id, options));
  }
  updateRegistrationFlow(params: UpdateRegistrationFlowRequest, options?: CallOptions): Promise<RegistrationOutcome> {
    return this.#update('registration', params, options);
  }


  createBrowserSettingsFlow(params?: CreateBrowserSettingsFlowRequest, options?: CallOptions): Promise<SettingsFlow> {
    return this.#call((c) => c.createBrowserFlow('settings', params, options));
  }
  getSettingsFlow(params: GetFlowRequest, options?: CallOptions): Promise<SettingsFlow> {
    return this.#call((c) => c.getFlow('settings', params?.id, options));
  }
  updateSettingsFlow(params: UpdateSettingsFlowRequest, options?: CallOptions): Promise<SettingsOutcome> {
    return this.#update('settings', params, options);
  }


  createBrowserRecoveryFlow(params?: CreateBrowserRecoveryFlowRequest, options?: CallOptions): Promise<RecoveryFlow> {
    return this.#call((c) => c.createBrowserFlow('recovery', params, options));
  }
  getRecoveryFlow(params: GetFlowRequest, options?: CallOptions): Promise<RecoveryFlow> {
    return this.#call((c) => c.getFlow('recovery', params?.id, options));
  }
  updateRecoveryFlow(params: UpdateRecoveryFlowRequest, options?: CallOptions): Promise<RecoveryOutcome> {
    return this.#update('recovery', params, options);
  }


  createBrowserVerificationFlow(params?: CreateBrowserVerificationFlowRequest, options?: CallOptions): Promise<VerificationFlow> {
    return this.#call((c) => c.createBrowserFlow('verification', params, options));
  }
  getVerificationFlow(params: GetFlowRequest, options?: CallOptions): Promise<VerificationFlow> {
    return this.#call((c) => c.getFlow('verification', params?.id, options));
  }
  updateVerificationFlow(params: UpdateVerificationFlowRequest, options?: CallOptions): Promise<VerificationOutcome> {
    return this.#update('verification', params, options);
  }


  createBrowserLogoutFlow(params?: CreateBrowserLogoutFlowRequest, options?: CallOptions): Promise<LogoutFlow> {
    return this.#call((c) => c.createBrowserLogoutFlow(params, options));
  }
  /** Ends the session (Kratos answers 204 to JSON requests; nothing navigates). */
  updateLogoutFlow(params: UpdateLogoutFlowRequest, options?: CallOptions): Promise<void> {
    return this.#call((c) => c.updateLogoutFlow(params?.token, params?.returnTo, options), true);
  }

  /**
   * The current session. Rejects with a 401 `KratosError` when signed out (see `isSignedOut`). The
   * answer also updates this client's session store (`onSessionChange`, `useSession`).
   */
  async toSession(params?: ToSessionRequest, options?: CallOptions): Promise<Session> {
    const seen = this.#mutations;
    const tell = (s: Session | null) => {
      if (seen !== this.#mutations) return;
      for (const cb of [...this.#sessionObservers]) {
        try { cb(s); } catch { /* a listener must not fail the call */ }
      }
    };
    try {
      const session = await this._toSession(params, options);
      tell(session);
      return session;
    } catch (e) {
      if (isSignedOut(e)) tell(null);
      throw e;
    }
  }
  /** @internal `toSession` without telling the session store (the store's own revalidation). */
  _toSession(params?: ToSessionRequest, options?: CallOptions): Promise<Session> {
    return this.#call((c) => c.toSession(params, options));
  }
  /** The identity's other sessions, one page at a time (`nextPageToken` → `pageToken`). */
  listMySessions(params?: ListMySessionsRequest, options?: CallOptions): Promise<SessionPage> {
    return this.#call((c) => c.listMySessions(params, options));
  }
  disableMySession(params: GetFlowRequest, options?: CallOptions): Promise<void> {
    return this.#call((c) => c.disableMySession(params?.id, options));
  }
  disableMyOtherSessions(options?: CallOptions): Promise<{ count: number }> {
    return this.#call((c) => c.disableMyOtherSessions(options));
  }

  getFlowError(params: GetFlowRequest, options?: CallOptions): Promise<FlowError> {
    return this.#call((c) => c.getFlowError(params?.id, options));
  }
  /** The text of Kratos' `webauthn.js`. */
  getWebAuthnJavaScript(options?: CallOptions): Promise<string> {
    return this.#call((c) => c.getWebAuthnJavaScript(options));
  }
  listIdentitySchemas(options?: CallOptions): Promise<IdentitySchemaContainer[]> {
    return this.#call((c) => c.listIdentitySchemas(options));
  }
  getIdentitySchema(params: GetFlowRequest, options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#call((c) => c.getIdentitySchema(params?.id, options));
  }

  /** The aal2 (second factor) login flow after an `aal2Required` outcome, keeping `returnTo`. */
  createAal2LoginFlow(params?: { returnTo?: string }, options?: CallOptions): Promise<LoginFlow> {
    return this.#call((c) => c.createBrowserFlow('login', { aal: 'aal2', returnTo: params?.returnTo }, options));
  }
  /**
   * The re-authentication login flow after a `refreshRequired` outcome. `returnTo` defaults to the
   * current page (your settings page), not Kratos' POST-only submit URL.
   */
  createRefreshLoginFlow(params?: { returnTo?: string }, options?: CallOptions): Promise<LoginFlow> {
    return this.#call((c) => {
      const returnTo = params?.returnTo ?? (typeof location !== 'undefined' ? location.href : undefined);
      return c.createBrowserFlow('login', { refresh: true, returnTo }, options);
    });
  }
  /** A fresh flow of the same kind and init parameters (the one-call restart after a CSRF error). */
  restartFlow<F extends Flow>(flow: F, options?: CallOptions): Promise<F> {
    return this.#call((c) => c.restartFlow(flow, options));
  }

  /** `url` if it is safe to navigate to (http(s), Kratos'/page's/listed origin); rejects otherwise. */
  checkRedirect(url: string): Promise<string> {
    // async: the wasm's refusal becomes a rejection with its own kind (not a params read error).
    return this.#call(async (c) => ({ value: c.checkRedirect(url) }));
  }

  /** @internal The loaded wasm client (for the helpers in `./legacy`). */
  async _wasm<T>(f: (c: unknown) => T | Promise<T>): Promise<T> {
    return this.#call(async (c) => ({ value: await f(c) }));
  }
}

/** The CSRF token of a flow (what the SDK echoes for you). Needs the module loaded (`await init()`). */
export function csrfToken(flow: Flow): string | undefined {
  if (!isReady()) throw new KratosError({ kind: 'invalidArgument', message: 'csrfToken() needs the wasm module: await init() first' });
  return rawCsrfToken(flow);
}
export { nodesByGroup, groups, nodeByName, csrfTokenOf, labelText, isHidden, splitVisibleHidden, allMessages, formValues, flowKindOf } from './ui.js';
export * from './webauthn.js';
export * from './second-factor.js';
export * from './methods.js';
export * from './reauth.js';

export { onSessionChange, getSessionState, refreshSession, notifySessionChange } from './session.js';
export type {
  SessionState, SessionStateUnknown, SessionStateSignedIn, SessionStateSignedOut, SessionChangeEvent, SessionChangeEventBase, SessionChangeListener, SessionChangeSource, SessionChangeType, SessionWatchOptions,
} from './session.js';
export { formatMessage, createMessageFormatter, interpolate } from './i18n.js';
export type { MessageOverride, MessageOverrides } from './i18n.js';
export { KRATOS_MESSAGES } from './messages.js';
export type { FlowKind } from './flow-store.js';
