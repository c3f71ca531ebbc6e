/**
 * Second factors without digging through nodes: TOTP (authenticator apps) and lookup secrets
 * (backup codes) in settings, and both as the aal2 step of login. Readers are synchronous and
 * need no wasm; the actions are thin wrappers over `updateSettingsFlow` / `updateLoginFlow`, so
 * they return the usual typed outcomes.
 *
 * ```ts
 * const flow = await kratos.createBrowserSettingsFlow();
 * showQr(totpQrCode(flow)); showSecret(totpSecret(flow));
 * const out = await enableTotp(kratos, { flow, code: userTypedCode }); // same flow: the secret is per flow
 * ```
 *
 * After a second factor exists, Kratos (with `required_aal: highest_available`) answers whoami and
 * settings with 403 `session_aal2_required` for aal1 sessions, and a password login answers 422
 * to `…/self-service/login/browser?aal=aal2`: create a login flow with `{ aal: 'aal2' }` and use
 * `loginWithTotp`, `loginWithLookupSecret` or `webAuthnLogin`.
 */
import type { CallOptions, KratosClient, LoginOutcome, SettingsOutcome } from './index.js';
import type { Flow, LoginFlow, SettingsFlow, UiNode, UpdateLoginFlowBody, UpdateSettingsFlowBody } from './types.js';
import { argumentError } from './errors.js';

/** The TOTP secret (base32) to type into an authenticator app, from a settings flow. */
export function totpSecret(flow: SettingsFlow): string | undefined {
  const text = textNode(flow, 'totp_secret_key');
  const secret = text?.context?.secret;
  return typeof secret === 'string' ? secret : text?.text || undefined;
}

/** The TOTP QR code (a `data:image/png` URL for an `<img src>`), from a settings flow. */
export function totpQrCode(flow: SettingsFlow): string | undefined {
  for (const n of nodesOf(flow)) {
    if (n.type === 'img' && n.attributes.id === 'totp_qr' && typeof n.attributes.src === 'string') return n.attributes.src;
  }
  return undefined;
}

/** Whether the identity has an authenticator app linked (the flow offers `totp_unlink`). */
export function totpLinked(flow: SettingsFlow): boolean {
  return hasInput(flow, 'totp_unlink');
}

/** One backup code as Kratos lists it (after reveal/regenerate). */
export interface LookupCode {
  /** The code, when it is still usable; `undefined` for used codes (Kratos only says when). */
  code?: string;
  used: boolean;
  /** When it was used (ISO timestamp), for used codes. */
  usedAt?: string;
}

/** The backup codes shown by a settings flow after `revealLookupSecrets` / `regenerateLookupSecrets`, with used ones marked. */
export function lookupSecretCodes(flow: SettingsFlow): LookupCode[] | undefined {
  const text = textNode(flow, 'lookup_secret_codes');
  const secrets = text?.context?.secrets;
  if (!Array.isArray(secrets)) return undefined;
  const out: LookupCode[] = [];
  for (const s of secrets) {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) continue;
    const ctx = (s as { context?: unknown }).context;
    const c = typeof ctx === 'object' && ctx !== null && !Array.isArray(ctx) ? (ctx as Record<string, unknown>) : {};
    if (typeof c.secret === 'string') out.push({ code: c.secret, used: false });
    else out.push({ used: true, usedAt: typeof c.used_at === 'string' ? c.used_at : undefined });
  }
  return out;
}

/** The still-usable backup codes shown by a settings flow (see `lookupSecretCodes`). */
export function lookupCodes(flow: SettingsFlow): string[] | undefined {
  return lookupSecretCodes(flow)?.flatMap((c) => (c.code === undefined ? [] : [c.code]));
}

/** Which lookup-secret actions the settings flow offers right now. */
export function lookupSecretActions(flow: SettingsFlow): ('reveal' | 'regenerate' | 'confirm' | 'disable')[] {
  const all = ['reveal', 'regenerate', 'confirm', 'disable'] as const;
  return all.filter((a) => hasInput(flow, `lookup_secret_${a}`));
}

/** The second factors an (aal2) login flow offers. */
export function secondFactors(flow: LoginFlow): ('totp' | 'lookup_secret' | 'webauthn' | 'code')[] {
  const out: ('totp' | 'lookup_secret' | 'webauthn' | 'code')[] = [];
  if (hasInput(flow, 'totp_code')) out.push('totp');
  if (hasInput(flow, 'lookup_secret')) out.push('lookup_secret');
  if (hasInput(flow, 'webauthn_login_trigger')) out.push('webauthn');
  // Code as second factor: a `method` submit, or (Kratos v1.2+) one `address` button per address to send it to.
  if (nodesOf(flow).some((n) => n.group === 'code' && n.type === 'input' && (n.attributes.name === 'method' || n.attributes.name === 'address'))) out.push('code');
  return out;
}

/** Links an authenticator app: `code` computed from `totpSecret(flow)` of this same flow. */
export function enableTotp(kratos: KratosClient, params: { flow: SettingsFlow; code: string }, options?: CallOptions): Promise<SettingsOutcome> {
  return settings(kratos, () => [params?.flow, { method: 'totp', totp_code: params?.code }], options);
}

/** Unlinks the authenticator app. */
export function unlinkTotp(kratos: KratosClient, params: { flow: SettingsFlow }, options?: CallOptions): Promise<SettingsOutcome> {
  return settings(kratos, () => [params?.flow, { method: 'totp', totp_unlink: true }], options);
}

/** Shows the current backup codes: read them from the returned flow with `lookupSecretCodes`. */
export function revealLookupSecrets(kratos: KratosClient, params: { flow: SettingsFlow }, options?: CallOptions): Promise<SettingsOutcome> {
  return lookupAction(kratos, params, 'lookup_secret_reveal', options);
}

/** Creates new backup codes (shown in the returned flow; not active until `confirmLookupSecrets`). */
export function regenerateLookupSecrets(kratos: KratosClient, params: { flow: SettingsFlow }, options?: CallOptions): Promise<SettingsOutcome> {
  return lookupAction(kratos, params, 'lookup_secret_regenerate', options);
}

/** Saves the codes of `regenerateLookupSecrets`: pass the flow it returned. */
export function confirmLookupSecrets(kratos: KratosClient, params: { flow: SettingsFlow }, options?: CallOptions): Promise<SettingsOutcome> {
  return lookupAction(kratos, params, 'lookup_secret_confirm', options);
}

/** Removes the backup codes. */
export function disableLookupSecrets(kratos: KratosClient, params: { flow: SettingsFlow }, options?: CallOptions): Promise<SettingsOutcome> {
  return lookupAction(kratos, params, 'lookup_secret_disable', options);
}

/** Second factor with an authenticator app code. */
export function loginWithTotp(kratos: KratosClient, params: { flow: LoginFlow; code: string }, options?: CallOptions): Promise<LoginOutcome> {
  return login(kratos, () => [params?.flow, { method: 'totp', totp_code: params?.code }], options);
}

/** Second factor with a backup code (each code works once). */
export function loginWithLookupSecret(kratos: KratosClient, params: { flow: LoginFlow; code: string }, options?: CallOptions): Promise<LoginOutcome> {
  return login(kratos, () => [params?.flow, { method: 'lookup_secret', lookup_secret: params?.code }], options);
}

function lookupAction(kratos: KratosClient, params: { flow: SettingsFlow }, field: 'lookup_secret_reveal' | 'lookup_secret_regenerate' | 'lookup_secret_confirm' | 'lookup_secret_disable', options?: CallOptions): Promise<SettingsOutcome> {
  return settings(kratos, () => [params?.flow, { method: 'lookup_secret', [field]: true }], options);
}

/**
 * `read` takes what the call needs from the caller's `params`; a getter, Proxy trap or revoked
 * Proxy that throws there rejects with `invalidArgument` instead of throwing synchronously.
 */
function settings(kratos: KratosClient, read: () => [SettingsFlow, UpdateSettingsFlowBody], options?: CallOptions): Promise<SettingsOutcome> {
  let flow: SettingsFlow, body: UpdateSettingsFlowBody;
  try { [flow, body] = read(); } catch (e) { return Promise.reject(argumentError('params', e)); }
  return kratos.updateSettingsFlow({ flow, updateSettingsFlowBody: body }, options);
}

function login(kratos: KratosClient, read: () => [LoginFlow, UpdateLoginFlowBody], options?: CallOptions): Promise<LoginOutcome> {
  let flow: LoginFlow, body: UpdateLoginFlowBody;
  try { [flow, body] = read(); } catch (e) { return Promise.reject(argumentError('params', e)); }
  return kratos.updateLoginFlow({ flow, updateLoginFlowBody: body }, options);
}

function nodesOf(flow: Flow | undefined): UiNode[] {
  const nodes = (flow as { ui?: { nodes?: unknown } } | undefined)?.ui?.nodes;
  return Array.isArray(nodes) ? (nodes as UiNode[]) : [];
}

function hasInput(flow: Flow, name: string): boolean {
  return nodesOf(flow).some((n) => n.type === 'input' && n.attributes.name === name);
}

function textNode(flow: Flow, id: string) {
  for (const n of nodesOf(flow)) {
    if (n.type === 'text' && n.attributes.id === id) return n.attributes.text;
  }
  return undefined;
}
