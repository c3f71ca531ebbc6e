// Typed usage of the WebAuthn / passkey / second-factor helpers: `tsc --strict --noEmit` against
// the built package's .d.ts (tests/types/tsconfig.json). The @ts-expect-error lines prove misuse is caught.
import {
  KratosClient, passkeyLogin, passkeyRegister, passkeySettingsRegister, webAuthnLogin, webAuthnRegister,
  webAuthnCeremonies, webAuthnCredentials, removeWebAuthnCredential, webAuthnUnsupportedReason,
  loadWebAuthnScript, runWebAuthnTrigger, webAuthnTriggers, runWebAuthnOnloadTriggers, needsWebAuthnScript,
  totpSecret, totpQrCode, totpLinked, lookupCodes, lookupSecretCodes, lookupSecretActions, secondFactors,
  enableTotp, unlinkTotp, revealLookupSecrets, regenerateLookupSecrets, confirmLookupSecrets, disableLookupSecrets,
  loginWithTotp, loginWithLookupSecret,
  type LoginFlow, type PasskeyLoginOutcome, type PasskeyRegisterOutcome, type WebAuthnSettingsOutcome, type Session, type WebAuthnCeremony, type WebAuthnFailure, type SettingsFlow,
} from 'kratos-browser';

const kratos = new KratosClient({ baseUrl: 'http://localhost:4433' });

export async function signIn(): Promise<Session | LoginFlow> {
  const flow = await kratos.createBrowserLoginFlow();
  const offered: WebAuthnCeremony[] = webAuthnCeremonies(flow);
  if (webAuthnUnsupportedReason() !== undefined || !offered.includes('passkeyLogin')) return flow;
  const out: PasskeyLoginOutcome = await passkeyLogin(kratos, { flow }, { signal: AbortSignal.timeout(60_000) });
  switch (out.kind) {
    case 'success':
      return out.session;
    case 'flow':
    case 'restarted':
      return out.flow;
    case 'aal2Required':
      return kratos.createAal2LoginFlow({ returnTo: out.returnTo });
    case 'verificationRequired':
      return flow; // Kratos v25+: verify an address first (out.next: the verification flow)
    case 'redirect':
      return flow;
    case 'cancelled':
    case 'unsupported':
    case 'webauthnFailed': {
      const f: WebAuthnFailure<LoginFlow> = out;
      console.log(f.name, f.message);
      return f.flow;
    }
  }
}

export async function rest(settings: SettingsFlow, login: LoginFlow): Promise<void> {
  const reg = await passkeyRegister(kratos, { flow: await kratos.createBrowserRegistrationFlow(), traits: { email: 'a@b.c' } });
  if (reg.kind === 'success') console.log(reg.identity.id);
  if (reg.kind === 'cancelled') console.log(reg.flow.id);
  const s1 = await passkeySettingsRegister(kratos, { flow: settings });
  const s2 = await webAuthnRegister(kratos, { flow: settings, displayName: 'YubiKey' });
  if (s1.kind === 'success' && s2.kind === 'flow') console.log(s1.flow.state, s2.flow.state);
  await webAuthnLogin(kratos, { flow: login });
  // Passwordless security keys: sign-up on a registration flow, first-factor login with an identifier.
  const signup: PasskeyRegisterOutcome = await webAuthnRegister(kratos, { flow: await kratos.createBrowserRegistrationFlow(), traits: { email: 'a@b.c' }, displayName: 'Key' });
  if (signup.kind === 'success') console.log(signup.identity.id);
  if (signup.kind === 'cancelled') console.log(signup.flow.id);
  const s3: WebAuthnSettingsOutcome = await webAuthnRegister(kratos, { flow: settings });
  if (s3.kind === 'success') console.log(s3.flow.state);
  const pw = await webAuthnLogin(kratos, { flow: login, identifier: 'a@b.c' });
  if (pw.kind === 'success') console.log(pw.session.id);
  for (const c of webAuthnCredentials(settings)) await removeWebAuthnCredential(kratos, { flow: settings, credential: c });

  const secret: string | undefined = totpSecret(settings);
  const qr: string | undefined = totpQrCode(settings);
  const linked: boolean = totpLinked(settings);
  const codes: string[] | undefined = lookupCodes(settings);
  console.log(secret, qr, linked, codes, lookupSecretCodes(settings)?.map((c) => c.usedAt), lookupSecretActions(settings), secondFactors(login));
  await enableTotp(kratos, { flow: settings, code: '123456' });
  await unlinkTotp(kratos, { flow: settings });
  await revealLookupSecrets(kratos, { flow: settings });
  await regenerateLookupSecrets(kratos, { flow: settings });
  await confirmLookupSecrets(kratos, { flow: settings });
  await disableLookupSecrets(kratos, { flow: settings });
  const t = await loginWithTotp(kratos, { flow: login, code: '123456' });
  const l = await loginWithLookupSecret(kratos, { flow: login, code: 'abcd1234' });
  if (t.kind === 'success' && l.kind === 'success') console.log(t.session.id, l.session.id);

  const status: 'ready' | 'notNeeded' | 'unsupported' = await loadWebAuthnScript(login, { nonce: 'n', timeoutMs: 5000 });
  if (status === 'ready' && needsWebAuthnScript(login)) {
    for (const t of webAuthnTriggers(login)) if (t.onclick) runWebAuthnTrigger(t.onclick);
    runWebAuthnOnloadTriggers(login);
  }

  // @ts-expect-error passkey login needs the flow object (its nodes hold the options), not an id
  await passkeyLogin(kratos, { flow: login.id });
  // @ts-expect-error webAuthnRegister needs the flow object, not an id
  await webAuthnRegister(kratos, { flow: settings.id });
  // @ts-expect-error traits only go with a registration flow
  await webAuthnRegister(kratos, { flow: settings, traits: { email: 'a@b.c' } });
  // @ts-expect-error a settings key gives a settings outcome, not a registration one
  const wrong: PasskeyRegisterOutcome = await webAuthnRegister(kratos, { flow: settings });
  // @ts-expect-error the code is a string
  await loginWithTotp(kratos, { flow: login, code: 123456 });
  console.log(wrong);
}
