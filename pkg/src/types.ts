/**
 * Kratos' wire JSON, typed. Field names are Kratos' own (snake_case), exactly as the server sends
 * them, so Ory's docs apply unchanged. Timestamps are ISO strings. Enums accept unknown strings
 * (`(string & {})`) so a newer Kratos still type-checks.
 */

type Open<T extends string> = T | (string & {});

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type Aal = Open<'aal0' | 'aal1' | 'aal2' | 'aal3'>;
export type FlowState = Open<'choose_method' | 'sent_email' | 'passed_challenge' | 'show_form' | 'success'>;

/** A message or label: stable numeric `id` for i18n, English `text`, values in `context`. */
export interface UiText {
  id: number;
  text: string;
  type: Open<'info' | 'error' | 'success'>;
  context?: Record<string, JsonValue>;
}

export type UiNodeGroup = Open<
  | 'default' | 'password' | 'oidc' | 'profile' | 'link' | 'code' | 'totp' | 'lookup_secret' | 'webauthn'
  | 'passkey' | 'identifier_first' | 'captcha' | 'saml'
>;

export interface UiNodeInputAttributes {
  node_type: 'input';
  name: string;
  type: Open<'text' | 'password' | 'number' | 'checkbox' | 'hidden' | 'email' | 'tel' | 'submit' | 'button' | 'datetime-local' | 'date' | 'url'>;
  value?: JsonValue;
  required?: boolean;
  disabled: boolean;
  autocomplete?: string;
  label?: UiText;
  pattern?: string;
  maxlength?: number;
  onclick?: string;
  onclickTrigger?: string;
  onload?: string;
  onloadTrigger?: string;
}
export interface UiNodeTextAttributes { node_type: 'text'; id: string; text: UiText }
export interface UiNodeImageAttributes { node_type: 'img'; id: string; src: string; width: number; height: number }
export interface UiNodeAnchorAttributes { node_type: 'a'; id: string; href: string; title: UiText }
export interface UiNodeScriptAttributes {
  node_type: 'script'; id: string; src: string; async: boolean; referrerpolicy: string; crossorigin: string;
  integrity: string; type: string; nonce: string;
}
export interface UiNodeDivisionAttributes { node_type: 'div'; id: string; class?: string; data?: Record<string, string> }

interface UiNodeBase { group: UiNodeGroup; messages: UiText[]; meta: { label?: UiText } }
export interface UiNodeInput extends UiNodeBase { type: 'input'; attributes: UiNodeInputAttributes }
export interface UiNodeText extends UiNodeBase { type: 'text'; attributes: UiNodeTextAttributes }
export interface UiNodeImage extends UiNodeBase { type: 'img'; attributes: UiNodeImageAttributes }
export interface UiNodeAnchor extends UiNodeBase { type: 'a'; attributes: UiNodeAnchorAttributes }
export interface UiNodeScript extends UiNodeBase { type: 'script'; attributes: UiNodeScriptAttributes }
export interface UiNodeDivision extends UiNodeBase { type: 'div'; attributes: UiNodeDivisionAttributes }
/** A UI node, discriminated on `type` (mirrors `attributes.node_type`). */
export type UiNode = UiNodeInput | UiNodeText | UiNodeImage | UiNodeAnchor | UiNodeScript | UiNodeDivision;

export interface UiContainer {
  action: string;
  method: Open<'POST' | 'GET'>;
  nodes: UiNode[];
  /** Omitted by Kratos when empty. */
  messages?: UiText[];
}

interface FlowBase {
  id: string;
  type: Open<'browser' | 'api'>;
  expires_at: string;
  issued_at: string;
  request_url: string;
  return_to?: string;
  active?: string;
  ui: UiContainer;
  transient_payload?: Record<string, JsonValue>;
}
export interface LoginFlow extends FlowBase {
  /** Kratos v25+: the identity schema this flow uses (`identitySchema` at creation). */
  identity_schema?: string;
  refresh?: boolean;
  requested_aal?: Aal;
  state: FlowState;
  organization_id?: string | null;
  oauth2_login_challenge?: string;
  created_at?: string;
  updated_at?: string;
}
export interface RegistrationFlow extends FlowBase {
  state: FlowState; organization_id?: string | null; oauth2_login_challenge?: string;
  /** Kratos v25+: the identity schema this flow uses (`identitySchema` at creation). */
  identity_schema?: string;
}
export interface SettingsFlow extends FlowBase { identity: Identity; state: FlowState; continue_with?: ContinueWith[] }
export interface RecoveryFlow extends FlowBase { state: FlowState; continue_with?: ContinueWith[] }
export interface VerificationFlow extends FlowBase { state: FlowState }
export type Flow = LoginFlow | RegistrationFlow | SettingsFlow | RecoveryFlow | VerificationFlow;

export interface LogoutFlow { logout_url: string; logout_token: string }

export interface VerifiableAddress {
  id?: string; value: string; verified: boolean; via: Open<'email' | 'sms'>; status: Open<'pending' | 'sent' | 'completed'>;
  verified_at?: string; created_at?: string; updated_at?: string;
}
export interface RecoveryAddress { id: string; value: string; via: Open<'email' | 'sms'>; created_at?: string; updated_at?: string }

export interface Identity {
  id: string;
  schema_id: string;
  schema_url: string;
  state?: Open<'active' | 'inactive'>;
  state_changed_at?: string;
  traits: Record<string, JsonValue>;
  verifiable_addresses?: VerifiableAddress[];
  recovery_addresses?: RecoveryAddress[];
  metadata_public: JsonValue | null;
  created_at?: string;
  updated_at?: string;
  organization_id?: string | null;
  /** Kratos v25+. */
  external_id?: string;
}

export interface AuthenticationMethod {
  method: Open<'password' | 'oidc' | 'totp' | 'lookup_secret' | 'webauthn' | 'code' | 'passkey' | 'profile' | 'link_recovery' | 'code_recovery' | 'saml'>;
  aal?: Aal;
  completed_at?: string;
  provider?: string;
  organization?: string;
}
export interface Device { id: string; ip_address?: string | null; user_agent?: string | null; location?: string | null }

export interface Session {
  id: string;
  active?: boolean;
  expires_at?: string;
  authenticated_at?: string;
  authenticator_assurance_level?: Aal;
  authentication_methods?: AuthenticationMethod[];
  issued_at?: string;
  identity?: Identity;
  devices?: Device[];
  tokenized?: string;
}

export interface ContinueWithFlowRef { id: string; url?: string }
export type ContinueWith =
  | { action: 'show_verification_ui'; flow: ContinueWithFlowRef & { verifiable_address: string } }
  | { action: 'set_ory_session_token'; ory_session_token: string }
  | { action: 'show_settings_ui'; flow: ContinueWithFlowRef }
  | { action: 'show_recovery_ui'; flow: ContinueWithFlowRef }
  | { action: 'redirect_browser_to'; redirect_browser_to: string };

/**
 * What the app does next after an outcome, decided by the SDK from Kratos' `continue_with`: the first
 * `show_*_ui` item (flow id + the app's UI URL for it), else `redirect_browser_to`. Every URL passed
 * the SDK's redirect check. Get the flow by `flowId` (`getVerificationFlow({ id: flowId })`, …) to show
 * it without a page load.
 */
export type NextStep =
  | { action: 'showVerificationUi'; flowId: string; url?: string; address?: string }
  | { action: 'showSettingsUi'; flowId: string; url?: string }
  | { action: 'showRecoveryUi'; flowId: string; url?: string }
  /** Kratos' `return_to` after a finished flow; an `onRedirect` function was already called with it. */
  | { action: 'redirect'; redirectTo: string };
/**
 * A `continue_with` item the SDK did not act on, and why: `nativeOnly` (`set_ory_session_token`: a session
 * token is for native apps; in a browser the session is Kratos' cookie, and the SDK never stores tokens),
 * `unknownAction` (from a newer Kratos), `unsafeUrl` (failed the redirect check), `noFlowId`.
 */
export interface SkippedStep { action: string; reason: 'nativeOnly' | 'unknownAction' | 'unsafeUrl' | 'noFlowId' }

export interface SuccessfulNativeLogin { session: Session; session_token?: string; continue_with: ContinueWith[] | null }
export interface SuccessfulNativeRegistration { session?: Session; identity: Identity; session_token?: string; continue_with: ContinueWith[] | null }

/** herodot's error object. */
export interface GenericError {
  id?: string; code?: number; status?: string; request?: string; reason?: string;
  details?: Record<string, JsonValue>; message: string; debug?: string;
}
export interface ErrorBrowserLocationChangeRequired { error: GenericError; redirect_browser_to: string }
export interface FlowError { id: string; error?: GenericError; created_at?: string; updated_at?: string }
export interface IdentitySchemaContainer { id: string; schema: Record<string, JsonValue> }

/* ---------- update bodies (csrf_token is added by the SDK when omitted) ---------- */

interface WithCsrf { csrf_token?: string; transient_payload?: Record<string, JsonValue> }
export type UpdateLoginFlowBody =
  | (WithCsrf & { method: 'password'; identifier: string; password: string })
  | (WithCsrf & { method: 'oidc'; provider: string; traits?: Record<string, JsonValue>; upstream_parameters?: Record<string, string> })
  | (WithCsrf & { method: 'totp'; totp_code: string })
  | (WithCsrf & { method: 'webauthn'; identifier: string; webauthn_login?: string })
  | (WithCsrf & { method: 'lookup_secret'; lookup_secret: string })
  | (WithCsrf & { method: 'code'; identifier?: string; code?: string; resend?: string; address?: string })
  | (WithCsrf & { method: 'passkey'; passkey_login?: string })
  | (WithCsrf & { method: 'identifier_first'; identifier: string });
export type UpdateRegistrationFlowBody =
  | (WithCsrf & { method: 'password'; traits: Record<string, JsonValue>; password: string })
  | (WithCsrf & { method: 'profile'; traits: Record<string, JsonValue>; screen?: 'credential-selection' | 'previous' })
  /** Two-step registration navigation: no `method` (Kratos v1.3 reads `method: 'profile'` as "continue"). */
  | (WithCsrf & { method?: undefined; traits: Record<string, JsonValue>; screen: 'credential-selection' | 'previous' })
  | (WithCsrf & { method: 'oidc'; provider: string; traits?: Record<string, JsonValue>; upstream_parameters?: Record<string, string> })
  | (WithCsrf & { method: 'webauthn'; traits: Record<string, JsonValue>; webauthn_register?: string; webauthn_register_displayname?: string })
  | (WithCsrf & { method: 'code'; traits: Record<string, JsonValue>; code?: string; resend?: string })
  | (WithCsrf & { method: 'passkey'; traits: Record<string, JsonValue>; passkey_register?: string });
export type UpdateSettingsFlowBody =
  | (WithCsrf & { method: 'password'; password: string })
  | (WithCsrf & { method: 'profile'; traits: Record<string, JsonValue> })
  | (WithCsrf & { method: 'oidc'; link?: string; unlink?: string; traits?: Record<string, JsonValue>; upstream_parameters?: Record<string, string> })
  | (WithCsrf & { method: 'totp'; totp_code?: string; totp_unlink?: boolean })
  | (WithCsrf & { method: 'webauthn'; webauthn_register?: string; webauthn_register_displayname?: string; webauthn_remove?: string })
  | (WithCsrf & { method: 'lookup_secret'; lookup_secret_reveal?: boolean; lookup_secret_regenerate?: boolean; lookup_secret_confirm?: boolean; lookup_secret_disable?: boolean })
  | (WithCsrf & { method: 'passkey'; passkey_settings_register?: string; passkey_remove?: string });
export type UpdateRecoveryFlowBody =
  | (WithCsrf & {
      method: 'code'; email?: string; code?: string;
      /** Kratos v25+ address selection: any recovery address of the identity, to start with. */
      recovery_address?: string;
      /** Kratos v25+: the (masked) address picked to get the code at. */
      recovery_select_address?: string;
      /** Kratos v25+: the full address typed to confirm the picked one. */
      recovery_confirm_address?: string;
      /** Kratos v25+: `previous` goes back to the address choice. */
      screen?: Open<'previous'>;
    })
  | (WithCsrf & { method: 'link'; email: string });
export type UpdateVerificationFlowBody =
  | (WithCsrf & { method: 'code'; email?: string; code?: string })
  | (WithCsrf & { method: 'link'; email: string });
