/**
 * Session state for a `KratosClient`: one shared, revalidating view of `toSession()` per client.
 *
 * ```ts
 * import { KratosClient, onSessionChange } from 'kratos-browser';
 * const kratos = new KratosClient({ baseUrl: 'http://localhost:4433' });
 * const stop = onSessionChange(kratos, (e) => {
 *   if (e.type === 'signedOut') showLogin();       // also when another tab logged out
 *   if (e.type === 'signedIn') showApp(e.session);
 * });
 * ```
 *
 * - Backed by `toSession()` with a short cache (`cacheMs`, default 2000 ms): bursts of revalidations
 *   (focus + visibilitychange, several components mounting) cost one request.
 * - Revalidates when the window regains focus, the tab becomes visible, the browser comes back `online`,
 *   the session reaches `expires_at`, and right after a session-changing call made through the same client
 *   (`updateLoginFlow`/`updateRegistrationFlow`/`updateSettingsFlow`/`updateRecoveryFlow` success or redirect,
 *   a login that needs aal2, `updateLogoutFlow`), announced by the client itself.
 * - Cross-tab: a session change noticed in one tab is announced on a `BroadcastChannel`
 *   (`kratos-browser:session`); the other tabs revalidate against Kratos (no session data crosses tabs) and
 *   emit their own events. Nothing is stored in `localStorage`/`sessionStorage`.
 * - Importing this module touches nothing; outside a browser nothing is fetched (the state stays `unknown`).
 */
import type { KratosClient } from './index.js';
import { isKratosError, isSignedOut, KratosError, toKratosError } from './errors.js';
import type { Aal, Session } from './types.js';

/** What every `SessionState` carries, whatever its `status`. */
export interface SessionStateBase {
  /**
   * The last failure: a network/timeout/offline error leaves `status` and `session` as they were
   * (a flaky network never signs anyone out); the 403 of `aal2Required` is kept here too.
   */
  error: KratosError | null;
  /** When Kratos last answered with a change of this state (ms since epoch; 0 = never). */
  checkedAt: number;
}

/** Before Kratos answered once (and on the server). */
export interface SessionStateUnknown extends SessionStateBase {
  status: 'unknown';
  session: null;
  aal2Required: false;
}

/** Kratos answered with a session. */
export interface SessionStateSignedIn extends SessionStateBase {
  status: 'signedIn';
  /** The session (never `null` here: `status === 'signedIn'` narrows it). */
  session: Session;
  aal2Required: false;
}

/** No usable session. */
export interface SessionStateSignedOut extends SessionStateBase {
  status: 'signedOut';
  session: null;
  /**
   * Kratos has a session but wants a second factor first (`toSession` answered 403
   * `session_aal2_required`): `error.redirectTo` is the AAL2 login.
   */
  aal2Required: boolean;
}

/**
 * What the SDK currently knows about the browser's Kratos session: a union on `status`, so
 * `if (state.status === 'signedIn') state.session.identity` needs no null check.
 */
export type SessionState = SessionStateUnknown | SessionStateSignedIn | SessionStateSignedOut;

/** Why a revalidation ran. */
export type SessionChangeSource =
  | 'initial' // first answer for this listener
  | 'call' // a session-changing call through this client (login, logout, …)
  | 'otherTab' // another tab announced a change
  | 'focus' // window focus / tab became visible
  | 'online' // the browser came back online
  | 'expiry' // the session reached `expires_at`
  | 'refresh' // `refreshSession()`
  | 'toSession'; // the app's own `toSession()` answered

/** Past-tense session events. */
export type SessionChangeType = 'signedIn' | 'signedOut' | 'refreshed' | 'aalChanged';

/** What every `SessionChangeEvent` carries, whatever its `type`. */
export interface SessionChangeEventBase {
  /** The first event this listener receives: the state as first known (not a change). */
  initial: boolean;
  source: SessionChangeSource;
  state: SessionState;
}

/**
 * A session event: a union on `type`, so `e.type === 'signedIn'` narrows `e.session` to a `Session`.
 * - `signedIn`: there is a session now (on the first answer too: `initial: true`).
 * - `signedOut`: there is no usable session now (on the first answer too; see `state.aal2Required`).
 * - `refreshed`: still the same identity, but the session changed (re-authentication, extended
 *   expiry, updated traits, a new session id).
 * - `aalChanged`: still the same identity, `authenticator_assurance_level` changed (e.g. aal1 → aal2).
 * A different identity replacing the current one is `signedOut` followed by `signedIn`.
 * `session` is the current session, `previous` the one before the change (`null` when there was none
 * or for the initial event).
 */
export type SessionChangeEvent = SessionChangeEventBase & (
  | { type: 'signedIn'; session: Session; previous: null }
  | { type: 'signedOut'; session: null; previous: Session | null }
  | { type: 'refreshed' | 'aalChanged'; session: Session; previous: Session }
);

/** @internal An event before `initial`/`source`/`state` are added. */
interface Change { type: SessionChangeType; session: Session | null; previous: Session | null }

export type SessionChangeListener = (event: SessionChangeEvent) => void;

export interface SessionWatchOptions {
  /**
   * How long a `toSession()` answer is reused, in ms (default 2000). Applies to focus/visibility
   * revalidation and to new subscribers; changes made through the client, other tabs' announcements
   * and `online` always ask Kratos again. Set by the first watcher of a client.
   */
  cacheMs?: number;
  /** BroadcastChannel name (default `kratos-browser:session`); `false` disables cross-tab sync. */
  channel?: string | false;
  /** Revalidate on window focus / tab visible (default true). */
  revalidateOnFocus?: boolean;
  /** Revalidate when the browser comes back online (default true). */
  revalidateOnOnline?: boolean;
}

const DEFAULT_CACHE_MS = 2000;
const DEFAULT_CHANNEL = 'kratos-browser:session';
const MAX_TIMER_MS = 2_147_483_647;
/** Waits before asking whoami again after a 401 that followed a login/registration (see `#toSession`). */
const SIGNED_IN_RETRY_MS = [100, 300, 900];
const INITIAL_STATE: SessionState = Object.freeze<SessionStateUnknown>({
  status: 'unknown', session: null, aal2Required: false, error: null, checkedAt: 0,
});

interface ListenerEntry { cb: SessionChangeListener; primed: boolean }

/**
 * What goes over the BroadcastChannel: hints, never session data.
 * - `status: 'signedOut'` (a logout Kratos confirmed, or a tab finding no session): a receiver that is
 *   `signedIn` and asked Kratos before `at` applies it at once (its listeners hear `signedOut` without
 *   waiting for a request), then checks with Kratos like for any message; a wrong hint is corrected by
 *   that answer, and answers to requests sent before the hint are dropped as stale.
 * - `status: 'signedIn'` or none: the receiver asks Kratos ("signed in" is never taken from another tab).
 * - `seen`: the sender's first answer (e.g. the tab came back from a logout or login done by navigation):
 *   news only for a receiver that knows otherwise (one still asking will know soon).
 * - `at`: when the sender asked Kratos (or when its logout was confirmed), on the shared `Date.now()` clock.
 */
interface TabMessage {
  v: 1;
  type: 'sessionChanged';
  status?: 'signedIn' | 'signedOut';
  at?: number;
  seen?: boolean;
}

function hasWindow(): boolean {
  return typeof window !== 'undefined' && typeof window.addEventListener === 'function';
}

function aalOf(s: Session | null): Aal | undefined {
  return s?.authenticator_assurance_level;
}

/** A cheap fingerprint of what a "refreshed" event is about. */
function fingerprint(s: Session): string {
  const i = s.identity;
  return JSON.stringify([
    s.id, s.authenticated_at, s.expires_at, s.active, (s.authentication_methods ?? []).length,
    i?.updated_at, i?.traits, i?.state,
    (i?.verifiable_addresses ?? []).map((a) => [a.value, a.verified]),
  ]);
}

/** @internal The per-client store behind `onSessionChange`, `useSession` and the Svelte `session` store. */
export class SessionStore {
  readonly #client: KratosClient;
  #state: SessionState = INITIAL_STATE;
  readonly #options: Required<SessionWatchOptions>;
  readonly #events = new Set<ListenerEntry>();
  readonly #watchers = new Set<(s: SessionState) => void>();
  #inflight: Promise<SessionState> | null = null;
  #inflightEpoch = -1;
  #answerEpoch = -1; // epoch of the request behind the current (authoritative) state
  #answeredAt = 0; // when Kratos last gave an authoritative answer
  #askedAt = 0; // see TabMessage
  #hintAt = 0;
  #epoch = 0; // bumped by every announced change: answers from older epochs are stale
  #channel: BroadcastChannel | null = null;
  #expiryTimer: ReturnType<typeof setTimeout> | null = null;
  #detach: (() => void) | null = null;

  constructor(client: KratosClient, options: SessionWatchOptions = {}) {
    this.#client = client;
    this.#options = {
      cacheMs: typeof options.cacheMs === 'number' && options.cacheMs >= 0 ? options.cacheMs : DEFAULT_CACHE_MS,
      channel: options.channel === false ? false : typeof options.channel === 'string' ? options.channel : DEFAULT_CHANNEL,
      revalidateOnFocus: options.revalidateOnFocus !== false,
      revalidateOnOnline: options.revalidateOnOnline !== false,
    };
    this.#wrapClient();
  }

  /** The current state (a new object after every change; the same object otherwise). Bound: pass it around. */
  getState = (): SessionState => this.#state;

  /** State subscription (every change, including `error`/`aal2Required`); starts watching. */
  watch(cb: (s: SessionState) => void): () => void {
    this.#watchers.add(cb);
    this.#activate();
    return () => {
      this.#watchers.delete(cb);
      this.#maybeDeactivate();
    };
  }

  /** Event subscription (see `onSessionChange`). */
  listen(cb: SessionChangeListener): () => void {
    const entry: ListenerEntry = { cb, primed: false };
    this.#events.add(entry);
    if (this.#state.status !== 'unknown') {
      queueMicrotask(() => {
        if (this.#events.has(entry) && !entry.primed) this.#prime(entry);
      });
    }
    this.#activate();
    return () => {
      this.#events.delete(entry);
      this.#maybeDeactivate();
    };
  }

  /**
   * Revalidates against Kratos. Without `force` a fresh cached answer is reused. A request already
   * running that started after the last announced change is always shared.
   */
  revalidate(source: SessionChangeSource, force = false, expectSession = false): Promise<SessionState> {
    if (this.#inflight !== null && this.#inflightEpoch === this.#epoch) return this.#inflight;
    if (!force && this.#inflight === null && this.#answerEpoch === this.#epoch &&
        Date.now() - this.#answeredAt < this.#options.cacheMs) {
      return Promise.resolve(this.#state);
    }
    const epoch = this.#epoch;
    const run = (this.#inflight ?? Promise.resolve(this.#state)).catch(() => undefined).then(() => this.#fetch(source, epoch, expectSession));
    this.#inflight = run;
    this.#inflightEpoch = epoch;
    const clear = () => {
      if (this.#inflight === run) this.#inflight = null;
    };
    run.then(clear, clear);
    return run;
  }

  /**
   * The session changed in this tab: tell the other tabs, and revalidate when watched.
   * `signedIn`: Kratos just issued a session (login/registration success).
   */
  changed(source: SessionChangeSource = 'call', signedIn = false, signedOut = false): Promise<SessionState> {
    this.#epoch++;
    this.#post(signedOut ? { status: 'signedOut', at: Date.now() } : {});
    if (this.#detach === null && this.#events.size === 0 && this.#watchers.size === 0) return Promise.resolve(this.#state);
    return this.revalidate(source, true, signedIn);
  }

  async #fetch(source: SessionChangeSource, epoch: number, expectSession: boolean): Promise<SessionState> {
    let next: SessionState;
    let authoritative = true;
    const asked = Date.now();
    try {
      const session = await this.#toSession(epoch, expectSession);
      if (this.#hintAt > asked) return this.#state;
      next = { status: 'signedIn', session, aal2Required: false, error: null, checkedAt: Date.now() };
    } catch (e) {
      const err = isKratosError(e) ? e : toKratosError(e);
      if (isSignedOut(e)) {
        next = { status: 'signedOut', session: null, aal2Required: false, error: null, checkedAt: Date.now() };
      } else if (err.kind === 'api' && err.status === 403 && err.id === 'session_aal2_required') {
        next = { status: 'signedOut', session: null, aal2Required: true, error: err, checkedAt: Date.now() };
      } else {
        // Transient (network, timeout, offline, browserOnly, …): keep what we knew.
        authoritative = false;
        next = { ...this.#state, error: err };
      }
    }
    if (authoritative) {
      this.#answerEpoch = epoch;
      this.#answeredAt = Date.now();
      this.#askedAt = asked;
    }
    this.#commit(next, source, authoritative ? asked : undefined);
    return this.#state;
  }

  /**
   * `toSession()`; right after Kratos issued a session, a 401 is asked again a few times first:
   * with several Kratos replicas the one answering whoami may not know the new session yet
   * (ory/kratos#3296). A newer announced change ends the retries.
   */
  async #toSession(epoch: number, expectSession: boolean): Promise<Session> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#client._toSession();
      } catch (e) {
        const wait = SIGNED_IN_RETRY_MS[attempt];
        if (!expectSession || !isSignedOut(e) || wait === undefined || epoch !== this.#epoch) throw e;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  #commit(next: SessionState, source: SessionChangeSource, asked?: number): void {
    const prev = this.#state;
    const events = this.#diff(prev, next);
    const sameSession = prev.session === next.session ||
      (prev.session !== null && next.session !== null && fingerprint(prev.session) === fingerprint(next.session));
    const same = events.length === 0 && sameSession && prev.status === next.status &&
      prev.aal2Required === next.aal2Required && prev.error === next.error;
    // Nothing relevant changed: keep the old object, so React/Svelte do not re-render.
    this.#state = same ? prev : next;
    this.#scheduleExpiry();
    if (!same) for (const w of [...this.#watchers]) safely(() => w(this.#state));
    // Found by this tab (a change, or its first answer): news for the others (never rebroadcast).
    if (asked !== undefined && next.status !== 'unknown' && source !== 'otherTab') {
      if (prev.status === 'unknown') this.#post({ seen: true, status: next.status, at: asked });
      else if (events.length > 0 && source !== 'call') this.#post({ status: next.status, at: asked });
    }
    for (const entry of [...this.#events]) {
      if (!this.#events.has(entry)) continue;
      if (!entry.primed) {
        if (this.#state.status !== 'unknown') this.#prime(entry);
        continue;
      }
      for (const e of events) safely(() => entry.cb({ ...e, initial: false, source, state: this.#state } as SessionChangeEvent));
    }
  }

  #prime(entry: ListenerEntry): void {
    entry.primed = true;
    const s = this.#state;
    safely(() => entry.cb({
      type: s.status === 'signedIn' ? 'signedIn' : 'signedOut', session: s.session, previous: null, initial: true,
      source: 'initial', state: s,
    } as SessionChangeEvent));
  }

  #diff(prev: SessionState, next: SessionState): Change[] {
    if (next.status === 'unknown' || prev.status === 'unknown') return [];
    const a = prev.session, b = next.session;
    if (prev.status !== 'signedIn' && next.status === 'signedIn') return [{ type: 'signedIn', session: b, previous: null }];
    if (prev.status === 'signedIn' && next.status !== 'signedIn') return [{ type: 'signedOut', session: null, previous: a }];
    if (prev.status !== 'signedIn' || a === null || b === null) return [];
    if (a.identity?.id !== b.identity?.id) {
      return [{ type: 'signedOut', session: null, previous: a }, { type: 'signedIn', session: b, previous: null }];
    }
    if (aalOf(a) !== aalOf(b)) return [{ type: 'aalChanged', session: b, previous: a }];
    if (fingerprint(a) !== fingerprint(b)) return [{ type: 'refreshed', session: b, previous: a }];
    return [];
  }

  #scheduleExpiry(): void {
    if (this.#expiryTimer !== null) clearTimeout(this.#expiryTimer);
    this.#expiryTimer = null;
    const exp = this.#state.session?.expires_at;
    if (!exp || this.#detach === null) return;
    const ms = Date.parse(exp) - Date.now() + 1000;
    if (!Number.isFinite(ms)) return;
    this.#expiryTimer = setTimeout(() => {
      this.#expiryTimer = null;
      void this.revalidate('expiry', true);
    }, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
  }

  #post(hint: Omit<TabMessage, 'v' | 'type'>): void {
    const name = this.#options.channel;
    if (name === false || typeof BroadcastChannel !== 'function') return;
    const message: TabMessage = { v: 1, type: 'sessionChanged', ...hint };
    try {
      if (this.#channel !== null) {
        this.#channel.postMessage(message);
      } else {
        const ch = new BroadcastChannel(name);
        ch.postMessage(message);
        ch.close();
      }
    } catch {
      // nothing to tell
    }
  }

  #activate(): void {
    if (this.#detach === null && hasWindow()) {
      const offs: Array<() => void> = [];
      const on = (target: EventTarget, type: string, fn: () => void) => {
        target.addEventListener(type, fn);
        offs.push(() => target.removeEventListener(type, fn));
      };
      if (this.#options.revalidateOnFocus) {
        on(window, 'focus', () => void this.revalidate('focus'));
        if (typeof document !== 'undefined') {
          on(document, 'visibilitychange', () => {
            if (document.visibilityState === 'visible') void this.revalidate('focus');
          });
        }
      }
      if (this.#options.revalidateOnOnline) on(window, 'online', () => void this.revalidate('online', true));
      const name = this.#options.channel;
      if (name !== false && typeof BroadcastChannel === 'function') {
        const ch = new BroadcastChannel(name);
        ch.onmessage = (m: MessageEvent) => this.#onMessage(m.data);
        this.#channel = ch;
        offs.push(() => {
          ch.close();
          if (this.#channel === ch) this.#channel = null;
        });
      }
      this.#detach = () => offs.forEach((f) => f());
      this.#scheduleExpiry();
    }
    // Outside a browser this resolves at once (the call rejects with `browserOnly`, state stays `unknown`).
    void this.revalidate('initial');
  }

  #onMessage(data: unknown): void {
    if (data === null || typeof data !== 'object') return;
    const d = data as Partial<TabMessage>;
    if (d.type !== 'sessionChanged') return;
    const mine = this.#state.status;
    const status = d.status === 'signedIn' || d.status === 'signedOut' ? d.status : undefined;
    if (d.seen === true && (mine === 'unknown' || status === undefined || status === mine)) return;
    this.#epoch++;
    if (status === 'signedOut' && mine === 'signedIn' && typeof d.at === 'number' && d.at >= this.#askedAt) {
      this.#hintAt = Date.now();
      this.#commit({ status: 'signedOut', session: null, aal2Required: false, error: null, checkedAt: this.#state.checkedAt }, 'otherTab');
    }
    void this.revalidate('otherTab', true);
  }

  #maybeDeactivate(): void {
    if (this.#events.size > 0 || this.#watchers.size > 0) return;
    this.#detach?.();
    this.#detach = null;
    if (this.#expiryTimer !== null) clearTimeout(this.#expiryTimer);
    this.#expiryTimer = null;
  }

  /**
   * Session-changing calls made through the client announce the change when they resolve (and, when
   * the state is watched, resolve only after the state was revalidated: the next render sees it).
   */
  #wrapClient(): void {
    this.#client._onSessionMutation((signedIn, signedOut) => this.changed('call', signedIn, signedOut === true).catch(() => undefined));
    this.#client._onSessionObserved((session) => this.#observed(session));
  }

  /**
   * The app's own `toSession()` answered (the session, or `null` for a 401) with nothing
   * session-changing in between: that answer is the state now, without asking Kratos again.
   */
  #observed(session: Session | null): void {
    if (this.#inflight !== null && this.#inflightEpoch === this.#epoch) return; // the store's own answer is coming
    const now = Date.now();
    this.#answerEpoch = this.#epoch;
    this.#answeredAt = now;
    this.#commit(session === null
      ? { status: 'signedOut', session: null, aal2Required: false, error: null, checkedAt: now }
      : { status: 'signedIn', session, aal2Required: false, error: null, checkedAt: now }, 'toSession');
  }
}

function safely(f: () => void): void {
  try {
    f();
  } catch (e) {
    // A throwing listener must not break the others.
    queueMicrotask(() => {
      throw e;
    });
  }
}

const stores = new WeakMap<object, SessionStore>();

/** @internal The one store of `client` (created on first use with `options`). */
export function sessionStoreOf(client: KratosClient, options?: SessionWatchOptions): SessionStore {
  if (typeof client !== 'object' || client === null || typeof (client as { toSession?: unknown }).toSession !== 'function') {
    throw new KratosError({ kind: 'invalidArgument', message: 'expected a KratosClient' });
  }
  let s = stores.get(client);
  if (s === undefined) {
    s = new SessionStore(client, options);
    stores.set(client, s);
  }
  return s;
}

/**
 * Calls `listener` on every session change of `client`'s browser session; returns the unsubscribe function.
 * The listener first gets one `initial: true` event (`signedIn`/`signedOut`) as soon as the state is known.
 * Listeners of one client share one store: one `toSession()` request serves all of them.
 */
export function onSessionChange(client: KratosClient, listener: SessionChangeListener, options?: SessionWatchOptions): () => void {
  if (typeof listener !== 'function') {
    throw new KratosError({ kind: 'invalidArgument', message: 'onSessionChange(client, listener): listener must be a function' });
  }
  return sessionStoreOf(client, options).listen(listener);
}

/** The last known session state of `client` (`status: 'unknown'` before the first answer). */
export function getSessionState(client: KratosClient): SessionState {
  return sessionStoreOf(client).getState();
}

/**
 * Asks Kratos now (ignoring the cache unless `{ force: false }`) and resolves with the new state; listeners
 * get the resulting events.
 */
export function refreshSession(client: KratosClient, options: { force?: boolean } = {}): Promise<SessionState> {
  return sessionStoreOf(client).revalidate('refresh', options.force !== false);
}

/**
 * Tell this and the other tabs that the session changed outside the client's own calls (e.g. after a
 * native form post or a raw fetch). Calls made through the client do this by themselves.
 */
export function notifySessionChange(client: KratosClient): Promise<SessionState> {
  return sessionStoreOf(client).changed('call');
}
