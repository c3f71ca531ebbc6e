/**
 * Bodies an app would otherwise assemble from hidden nodes (codes, identifier-first, registration
 * screens, social sign-in in settings): thin wrappers over `update*Flow` with the usual outcomes.
 * Examples: README, "Codes, identifier-first, registration screens, social sign-in in settings".
 */
import type { CallOptions, KratosClient, LoginOutcome, RegistrationOutcome, SettingsOutcome } from './index.js';
import type { Flow, JsonValue, LoginFlow, RegistrationFlow, SettingsFlow, UiNodeInput, UpdateLoginFlowBody, UpdateRegistrationFlowBody } from './types.js';
import { argumentError } from './errors.js';
import { flowKindOf } from './ui.js';

/**
 * Login with a one-time code: without `code` Kratos sends one (`flow` in `sent_email`), with it
 * signs in. `identifier` defaults to the one kept in the flow; aal2: `address` (`codeAddresses`).
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
 * Sign-up with a one-time code: without `code` Kratos sends one, with it the identity is created.
 * `traits` default to the ones kept in the flow (after the profile step or the code was sent).
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
 * Two-step registration: `'previous'` back to the profile form, `'credential-selection'` on to the
 * methods. No `method` (v1.3 reads `method: 'profile'` as "continue"). `traits`: the flow's.
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

/** Links a provider: `redirect` to it (through `onRedirect`), then back to the settings UI. */
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

/** A throw in `read` (getter, Proxy trap) rejects with `invalidArgument`. */
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
