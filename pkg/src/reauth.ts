/**
 * Resume a settings change after re-authentication (Kratos 403 `session_refresh_required`).
 *
 * ```ts
 * const out = await updateSettingsFlowWithReauth(kratos, {
 *   flow, updateSettingsFlowBody: { method: 'password', password },
 *   // Show `loginFlow` (e.g. in a dialog); resolve with the login outcome once it is `success`.
 *   reauthenticate: (loginFlow) => askForPassword(loginFlow),
 * });
 * if (out.kind === 'success') toast('Password changed');   // one success, no page load, nothing typed twice
 * ```
 *
 * The pending submission lives in this call's closure only: never in storage, gone when the call
 * settles. Whether an answer is "refresh required" is decided by the client (the outcome's kind).
 */
import type { CallOptions, KratosClient, LoginOutcome, SettingsOutcome, UpdateSettingsFlowRequest } from './index.js';
import type { LoginFlow } from './types.js';
import { KratosError, argumentError } from './errors.js';

export interface UpdateSettingsFlowWithReauthRequest extends UpdateSettingsFlowRequest {
  /**
   * Runs when Kratos wants a fresh login: show `flow` (a `refresh: true` login flow for the same
   * identity) and resolve with the outcome of the login once it is `success` (any other value, or
   * a rejection, abandons the change). `redirectTo` is Kratos' suggested URL, for apps that prefer
   * a full page (the change is not resumed across a page load).
   */
  reauthenticate: (flow: LoginFlow, redirectTo: string | undefined) => Promise<LoginOutcome | { kind: string } | undefined | void>;
  /** `return_to` of the refresh login flow (default: the current page). */
  returnTo?: string;
}

/**
 * `updateSettingsFlow`, and when that answers `refreshRequired`: a refresh login flow for
 * `reauthenticate`, then the same body submitted again once that login succeeded. Resolves to the
 * settings outcome of that second submit (or the `refreshRequired` outcome when the user did not
 * re-authenticate).
 */
export async function updateSettingsFlowWithReauth(
  kratos: KratosClient,
  params: UpdateSettingsFlowWithReauthRequest,
  options?: CallOptions,
): Promise<SettingsOutcome> {
  let request: UpdateSettingsFlowRequest, reauthenticate: UpdateSettingsFlowWithReauthRequest['reauthenticate'], returnTo: string | undefined;
  try {
    request = { flow: params.flow, updateSettingsFlowBody: params.updateSettingsFlowBody };
    reauthenticate = params.reauthenticate;
    returnTo = params.returnTo;
  } catch (e) {
    throw argumentError('params', e);
  }
  if (typeof reauthenticate !== 'function') {
    throw new KratosError({ kind: 'invalidArgument', message: 'updateSettingsFlowWithReauth needs `reauthenticate`, a function' });
  }
  const first = await kratos.updateSettingsFlow(request, options);
  if (first.kind !== 'refreshRequired') return first;
  const loginFlow = await kratos.createRefreshLoginFlow(returnTo === undefined ? undefined : { returnTo }, options);
  const login = await reauthenticate(loginFlow, first.redirectTo);
  if (login?.kind !== 'success') return first;
  return kratos.updateSettingsFlow(request, options);
}
