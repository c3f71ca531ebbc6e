/** Every failure of a kratos-browser call is a `KratosError`. Switch on `kind`, then on `id`. */
import type { SetupProblem } from './diagnostics.js';

/** What went wrong, broadly. */
export type KratosErrorKind =
  | 'api' // Kratos answered with an error envelope: see `status` and `id`
  | 'network' // no response (Kratos down, DNS, CORS misconfiguration)
  | 'timeout' // no response within the configured timeout
  | 'aborted' // the caller's AbortSignal fired
  | 'offline' // the browser reports being offline
  | 'invalidResponse' // not JSON, truncated, or the wrong shape: see `status` and `excerpt`
  | 'unsafeRedirect' // a redirect target was refused: see `redirectTo`
  | 'invalidArgument' // a wrong argument was passed in
  | 'browserOnly' // called outside a browser
  | 'wasmBlocked' // the page's Content-Security-Policy blocks WebAssembly: add 'wasm-unsafe-eval' to script-src (see the message)
  | 'unsupported'; // the configured Kratos version (apiVersion) has no such call, or only by navigation: see the message

/** Kratos `error.id` values (plus any other string a newer Kratos may send). */
export type KratosErrorId =
  | 'browser_location_change_required'
  | 'self_service_flow_expired'
  | 'self_service_flow_replaced'
  | 'session_aal2_required'
  | 'session_aal1_required'
  | 'session_refresh_required'
  | 'session_already_available'
  | 'session_inactive'
  | 'security_csrf_violation'
  | 'security_identity_mismatch'
  | 'self_service_flow_return_to_forbidden'
  | 'self_service_flow_disabled'
  | (string & {});

/** The error class every call rejects with. */
export class KratosError extends Error {
  override readonly name = 'KratosError';
  /** Broad category. */
  readonly kind: KratosErrorKind;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** Kratos' `error.id`, when it sent one. */
  readonly id?: KratosErrorId;
  /** Kratos' `error.reason`. */
  readonly reason?: string;
  /** Kratos' short `error.message`. */
  readonly kratosMessage?: string;
  /** Kratos' `error.details`. */
  readonly details?: Record<string, unknown>;
  /** Where Kratos wants the browser to go (aal2 / refresh), or the refused redirect target. */
  readonly redirectTo?: string;
  /** Replacement flow id (410). */
  readonly useFlowId?: string;
  /**
   * How a flow UI recovers from this error, decided by the SDK's decision table: `'useFlowId'`
   * (get Kratos' replacement flow) or `'create'` (expired, unknown or CSRF-rejected flow: create a
   * new one). Absent: show the error.
   */
  readonly restart?: 'useFlowId' | 'create';
  /** The parsed response body, for `api` errors. */
  readonly body?: unknown;
  /** The first characters of an unparseable body, for `invalidResponse`. */
  readonly excerpt?: string;
  /**
   * On `network` errors and CSRF violations: set-up problems that explain them (page and Kratos
   * on different sites, `localhost` vs `127.0.0.1`, …); see `KratosClient.setupProblems()`.
   */
  readonly setupProblems?: SetupProblem[];

  constructor(init: KratosErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.status = init.status;
    this.id = init.id;
    this.reason = init.reason;
    this.kratosMessage = init.kratosMessage;
    this.details = init.details;
    this.redirectTo = init.redirectTo;
    this.useFlowId = init.useFlowId;
    this.restart = init.restart;
    this.body = init.body;
    this.excerpt = init.excerpt;
    this.setupProblems = init.setupProblems;
  }
}

/** Fields of a `KratosError`. */
export interface KratosErrorInit {
  kind: KratosErrorKind;
  message: string;
  status?: number;
  id?: KratosErrorId;
  reason?: string;
  kratosMessage?: string;
  details?: Record<string, unknown>;
  redirectTo?: string;
  useFlowId?: string;
  restart?: 'useFlowId' | 'create';
  body?: unknown;
  excerpt?: string;
  setupProblems?: SetupProblem[];
}

/** Type guard: is `e` a `KratosError` (optionally of `kind`)? Works across bundle copies. */
export function isKratosError(e: unknown, kind?: KratosErrorKind): e is KratosError {
  return (
    typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'KratosError' &&
    (kind === undefined || (e as KratosError).kind === kind)
  );
}

/** Is `e` "not signed in" (any 401 from `toSession`, whose 401 carries no id in Kratos v1.3)? */
export function isSignedOut(e: unknown): e is KratosError {
  return isKratosError(e, 'api') && e.status === 401;
}

/** Is `e` Kratos' CSRF rejection (restart the flow)? */
export function isCsrfError(e: unknown): e is KratosError {
  return isKratosError(e, 'api') && e.id === 'security_csrf_violation';
}

/** @internal An argument that threw when read (a getter, a Proxy trap, a revoked Proxy). */
export function argumentError(name: string, e: unknown): KratosError {
  let detail = '';
  try { detail = `: ${e instanceof Error ? e.message : String(e)}`; } catch { /* a hostile thrown value */ }
  return new KratosError({ kind: 'invalidArgument', message: `\`${name}\` threw when read${detail}` });
}

/** @internal Turns what the wasm layer throws into a `KratosError`. */
export function toKratosError(e: unknown): KratosError {
  if (e instanceof KratosError) return e;
  if (typeof e === 'object' && e !== null && (e as { kratosError?: unknown }).kratosError === true) {
    return new KratosError(e as KratosErrorInit);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new KratosError({ kind: 'invalidArgument', message: `kratos-browser internal error: ${message}` });
}
