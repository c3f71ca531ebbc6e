// A typed usage example: compiled with `tsc --strict --noEmit` against the built package's .d.ts.
// It must type-check, and the @ts-expect-error lines prove misuse is caught.
import {
  KratosClient, KratosError, isKratosError, isSignedOut, type LoginFlow, type LoginOutcome, type Session, type UiNode,
  type SetupProblemCode, setupProblems,
} from 'kratos-browser';
import * as legacy from 'kratos-browser/legacy';
import { startBrowserFlow, submitFlowNatively, flowIdFromUrl, toFormEntries, type NativeForm } from 'kratos-browser/legacy';

const kratos = new KratosClient({ baseUrl: 'http://localhost:4433', timeoutMs: 5000, onRedirect: (url) => console.log(url) });

function label(node: UiNode): string {
  switch (node.type) {
    case 'input':
      return node.meta.label?.text ?? node.attributes.name;
    case 'text':
      return node.attributes.text.text;
    case 'a':
      return node.attributes.title.text;
    case 'img':
      return node.attributes.src;
    case 'script':
      return node.attributes.src;
    case 'div':
      return node.attributes.id;
  }
}

export async function login(identifier: string, password: string): Promise<Session | LoginFlow> {
  const flow: LoginFlow = await kratos.createBrowserLoginFlow({ returnTo: 'http://localhost:5173/', refresh: false });
  flow.ui.nodes.map(label);
  const out: LoginOutcome = await kratos.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier, password } });
  switch (out.kind) {
    case 'success':
      return out.session;
    case 'flow':
    case 'restarted':
      return out.flow;
    case 'aal2Required':
      return kratos.createAal2LoginFlow({ returnTo: out.returnTo });
    case 'verificationRequired':
      return out.next?.action === 'showVerificationUi' ? kratos.getVerificationFlow({ id: out.next.flowId }) : flow;
    case 'redirect':
      throw new Error(out.redirectTo);
    default: {
      // Exhaustive: a new outcome kind is a compile error here.
      const unhandled: never = out;
      throw new Error(`unhandled outcome ${JSON.stringify(unhandled)}`);
    }
  }
}

export async function whoami(): Promise<string | null> {
  try {
    const s = await kratos.toSession();
    const email: unknown = s.identity?.traits.email;
    return typeof email === 'string' ? email : null;
  } catch (e) {
    if (isSignedOut(e)) return null;
    if (isKratosError(e) && e.kind === 'network') {
      // Set-up causes (e.g. localhost vs 127.0.0.1), typed by code.
      const codes: SetupProblemCode[] = (e.setupProblems ?? kratos.setupProblems()).map((p) => p.code);
      return codes.includes('loopbackMismatch') ? 'use the same host name for the app and Kratos' : null;
    }
    if (e instanceof KratosError && e.id === 'session_aal2_required') return e.redirectTo ?? null;
    throw e;
  }
}

export async function misuse(): Promise<void> {
  // @ts-expect-error: method is required in the body
  await kratos.updateLoginFlow({ flow: 'id', updateLoginFlowBody: { identifier: 'a', password: 'b' } });
  // @ts-expect-error: ids are strings
  await kratos.getLoginFlow({ id: 42 });
  // @ts-expect-error: the page context needs href
  setupProblems('http://localhost:4433', { inCrossSiteFrame: true });
  // @ts-expect-error: unknown kind
  const k: LoginOutcome['kind'] = 'done';
  void k;
}

// Older Kratos generations (apiVersion) from `kratos-browser/legacy`: start by navigation, read ?flow=, submit natively.
export async function legacyLogin(identifier: string, password: string): Promise<NativeForm | string> {
  const old = new legacy.KratosClient({ baseUrl: 'http://localhost:4433', apiVersion: 'v0.5' });
  const asV1: KratosClient = old; // the same API: usable wherever a KratosClient is expected
  void asV1;
  const id = flowIdFromUrl('http://localhost:5173/login?flow=abc');
  if (!id) return startBrowserFlow(old, 'login', { returnTo: 'http://localhost:5173/' });
  const flow: LoginFlow = await old.getLoginFlow({ id });
  const entries: [string, string][] = toFormEntries({ traits: { email: identifier } });
  void entries;
  return submitFlowNatively(old, 'login', flow, { method: 'password', identifier, password });
}
