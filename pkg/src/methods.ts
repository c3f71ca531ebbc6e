/**
 * The methods whose bodies an app would otherwise assemble from hidden nodes: one-time codes
 * (passwordless login and sign-up, code as a second factor, resending), the identifier-first
 * login step, and linking / unlinking a social sign-in provider in settings. Thin wrappers over
 * `update*Flow` (tree-shakable, no wasm of their own), so they resolve to the usual outcomes.
 *
 * ```ts
 * let flow = await kratos.createBrowserLoginFlow();
 * let out = await loginWithCode(kratos, { flow, identifier: email });   // Kratos mails a code
 * if (out.kind === 'flow') out = await loginWithCode(kratos, { flow: out.flow, code: typed }); // identifier kept
 * ```
 */
import type { CallOptions, KratosClient, LoginOutcome, RegistrationOutcome, SettingsOutcome } from './index.js';
import type { Flow, JsonValue, LoginFlow, RegistrationFlow, SettingsFlow, UiNodeInput, UpdateLoginFlowBody, UpdateRegistrationFlowBody } from './types.js';
import { argumentError } from './errors.js';
import { flowKindOf } from './ui.js';

/**
 * Login with a one-time code. Without `code` Kratos sends one (the flow comes back as `flow` with
 * `state: 'sent_email'`); with `code` it signs in. `identifier` defaults to the one Kratos kept in
 * the flow after sending. On an aal2 flow (code as second factor) pass `address` (one of the
 * flow's `address` buttons, see `codeAddresses`) to send the code there.
 */
export function loginWithCode(
  kratos: KratosClient,
  params: { flow: LoginFlow; identifier?: string; code?: string; address?: string },
  options?: CallOptions,
): Promise<LoginOutcome> {
  return login(kratos, () => {
    const { flow, code, address } = params;
    const identifier = params.identifier ?? inputValue(flow, 'identifier');
    return [flow, defined<UpdateLoginFlowBody>({ method: 'code', identifier, code, address })];
  }, options);
}

/**
 * Sign-up with a one-time code (`selfservice.methods.code.passwordless_enabled`). Without `code`
 * Kratos sends one to the address in `traits`; with `code` the identity is created. `traits`
 * default to the ones Kratos kept in the flow (hidden after the code was sent, or after the
 * profile step of a two-step registration).
 */
export function registerWithCode(
  kratos: KratosClient,
  params: { flow: RegistrationFlow; traits?: Record<string, JsonValue>; code?: string },
  options?: CallOptions,
): Promise<RegistrationOutcome> {
  return registration(kratos, () => {
    const { flow, code } = params;
    const traits = params.traits ?? flowTraits(flow);
    return [flow, defined<UpdateRegistrationFlowBody>({ method: 'code', traits, code })];
  }, options);
}

/**
 * Asks Kratos for a new code on a login or registration flow that is waiting for one
 * (`state: 'sent_email'`), with the identifier or traits Kratos kept in that flow.
 */
export function resendCode(kratos: KratosClient, params: { flow: LoginFlow }, options?: CallOptions): Promise<LoginOutcome>;
export function resendCode(kratos: KratosClient, params: { flow: RegistrationFlow }, options?: CallOptions): Promise<RegistrationOutcome>;
export function resendCode(kratos: KratosClient, params: { flow: LoginFlow | RegistrationFlow }, options?: CallOptions): Promise<LoginOutcome | RegistrationOutcome> {
  let flow: LoginFlow | RegistrationFlow, registering: boolean;
  try { flow = params.flow; registering = flowKindOf(flow) === 'registration'; } catch (e) { return Promise.reject(argumentError('params', e)); }
  if (registering) return registration(kratos, () => [flow as RegistrationFlow, { method: 'code', resend: 'code', traits: flowTraits(flow) }], options);
  return login(kratos, () => [flow as LoginFlow, defined<UpdateLoginFlowBody>({ method: 'code', resend: 'code', identifier: inputValue(flow, 'identifier') })], options);
}

/**
 * Moves a two-step registration between its screens: `'previous'` back to the profile form (the
 * traits kept), `'credential-selection'` on to the methods. Sent without `method`: Kratos v1.3
 * reads `method: 'profile'` as "continue" whatever the screen. `traits` default to the flow's.
 */
export function registrationScreen(
  kratos: KratosClient,
  params: { flow: RegistrationFlow; screen: 'previous' | 'credential-selection'; traits?: Record<string, JsonValue> },
  options?: CallOptions,
): Promise<RegistrationOutcome> {
  return registration(kratos, () => [params.flow, { screen: params.screen, traits: params.traits ?? flowTraits(params.flow) }], options);
}

/** The addresses an aal2 login flow offers to send a code to (Kratos' `address` buttons). */
export function codeAddresses(flow: LoginFlow): string[] {
  return inputs(flow).flatMap((n) => (n.group === 'code' && n.attributes.name === 'address' && typeof n.attributes.value === 'string' ? [n.attributes.value] : []));
}

/**
 * The first step of `selfservice.flows.login.style: identifier_first`: sends the identifier;
 * Kratos answers with the same flow showing the methods this account can use (`flow`).
 */
export function identifierFirst(kratos: KratosClient, params: { flow: LoginFlow; identifier: string }, options?: CallOptions): Promise<LoginOutcome> {
  return login(kratos, () => [params.flow, { method: 'identifier_first', identifier: params.identifier }], options);
}

/** One social sign-in provider on a settings flow: whether it is linked to this identity. */
export interface OidcProviderState { provider: string; linked: boolean }

/** The providers a settings flow offers to link or unlink. */
export function oidcProviders(flow: SettingsFlow): OidcProviderState[] {
  return inputs(flow).flatMap((n) => {
    const { name, value } = n.attributes;
    return n.group === 'oidc' && (name === 'link' || name === 'unlink') && typeof value === 'string' ? [{ provider: value, linked: name === 'unlink' }] : [];
  });
}

/**
 * Links a provider to the signed-in identity. Kratos answers `redirect` to the provider (followed
 * through `onRedirect`); the provider sends the browser back to the settings UI.
 */
export function linkOidc(
  kratos: KratosClient,
  params: { flow: SettingsFlow; provider: string; upstreamParameters?: Record<string, string> },
  options?: CallOptions,
): Promise<SettingsOutcome> {
  return settings(kratos, () => [params.flow, defined({ method: 'oidc', link: params.provider, upstream_parameters: params.upstreamParameters })], options);
}

/** Unlinks a provider (Kratos refuses to remove the identity's last way to sign in). */
export function unlinkOidc(kratos: KratosClient, params: { flow: SettingsFlow; provider: string }, options?: CallOptions): Promise<SettingsOutcome> {
  return settings(kratos, () => [params.flow, { method: 'oidc', unlink: params.provider }], options);
}

/**
 * `read` takes what the call needs from the caller's `params`; a getter, Proxy trap or revoked
 * Proxy that throws there rejects with `invalidArgument` instead of throwing synchronously.
 */
function login(kratos: KratosClient, read: () => [LoginFlow, UpdateLoginFlowBody], options?: CallOptions): Promise<LoginOutcome> {
  let flow: LoginFlow, body: UpdateLoginFlowBody;
  try { [flow, body] = read(); } catch (e) { return Promise.reject(argumentError('params', e)); }
  return kratos.updateLoginFlow({ flow, updateLoginFlowBody: body }, options);
}

function registration(kratos: KratosClient, read: () => [RegistrationFlow, UpdateRegistrationFlowBody], options?: CallOptions): Promise<RegistrationOutcome> {
  let flow: RegistrationFlow, body: UpdateRegistrationFlowBody;
  try { [flow, body] = read(); } catch (e) { return Promise.reject(argumentError('params', e)); }
  return kratos.updateRegistrationFlow({ flow, updateRegistrationFlowBody: body }, options);
}

function settings(kratos: KratosClient, read: () => [SettingsFlow, Record<string, unknown>], options?: CallOptions): Promise<SettingsOutcome> {
  let flow: SettingsFlow, body: Record<string, unknown>;
  try { [flow, body] = read(); } catch (e) { return Promise.reject(argumentError('params', e)); }
  return kratos.updateSettingsFlow({ flow, updateSettingsFlowBody: body as never }, options);
}

/** The body without the members the caller left out (Kratos reads `"code": null` as a code). */
function defined<T extends object>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as T;
}

function inputs(flow: Flow | undefined): UiNodeInput[] {
  const nodes = (flow as { ui?: { nodes?: unknown } } | undefined)?.ui?.nodes;
  return Array.isArray(nodes) ? (nodes as UiNodeInput[]).filter((n) => n?.type === 'input' && typeof n.attributes?.name === 'string') : [];
}

function inputValue(flow: Flow | undefined, name: string): string | undefined {
  const v = inputs(flow).find((n) => n.attributes.name === name)?.attributes.value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The `traits.*` inputs of a flow as the nested `traits` object (`traits.name.first` → `{ name: { first } }`). */
function flowTraits(flow: Flow | undefined): Record<string, JsonValue> {
  const traits: Record<string, JsonValue> = {};
  for (const n of inputs(flow)) {
    const { name, value, type } = n.attributes;
    if (!name.startsWith('traits.') || value === undefined || type === 'submit' || type === 'button') continue;
    const keys = name.split('.').slice(1);
    let cur = traits;
    for (const k of keys.slice(0, -1)) {
      const next = cur[k];
      cur = (cur[k] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Record<string, JsonValue>;
    }
    cur[keys[keys.length - 1]] = value as JsonValue;
  }
  return traits;
}
