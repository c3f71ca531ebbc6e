// The demo SPA: every Kratos flow rendered by kratos-browser's <KratosFlow> (React), plus the session,
// other sessions, logout and the error page. Bundled on the fly by www/bundle.mjs (esbuild).
import { StrictMode, useEffect, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { KratosClient, isKratosError } from 'kratos-browser';
import { KratosFlow, KratosProvider, useSession } from 'kratos-browser/react';

const params = new URLSearchParams(location.search);
const kratosUrl = params.get('kratos') || globalThis.KRATOS_PUBLIC_URL || `${location.protocol}//${location.hostname}:4433`;
const kratos = new KratosClient({
  baseUrl: kratosUrl,
  // SPA navigation for same-origin targets; full navigation for Kratos/OIDC.
  onRedirect: (url) => (new URL(url).origin === location.origin ? go(new URL(url).pathname + new URL(url).search) : location.assign(url)),
});
// Texts: ?lang=de loads the German locale (a separate chunk in a split build); one override by id.
const lang = params.get('lang') === 'de' ? 'de' : undefined;

function go(path) {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}
const subscribe = (cb) => (addEventListener('popstate', cb), () => removeEventListener('popstate', cb));
const usePath = () => useSyncExternalStore(subscribe, () => location.pathname.replace(/\/+$/, '') || '/');
document.addEventListener('click', (e) => {
  const a = e.target.closest('a');
  if (a && a.origin === location.origin && !a.hasAttribute('download')) {
    e.preventDefault();
    go(a.pathname + a.search);
  }
});

const TITLES = { login: 'Log in', registration: 'Sign up', settings: 'Account settings', recovery: 'Recover your account', verification: 'Verify your address' };

function FlowPage({ kind }) {
  const q = new URLSearchParams(location.search);
  const create = kind === 'login' ? { aal: q.get('aal') ?? undefined, refresh: q.get('refresh') === 'true' || undefined } : undefined;
  const returnTo = q.get('return_to') ?? undefined;
  return (
    <>
      <h1>{TITLES[kind]}</h1>
      <KratosFlow kind={kind} create={create} returnTo={returnTo} locale={lang} passkeyAutofill={q.get('autofill') !== 'off'}
        onSuccess={(out) => {
          if (kind === 'settings') return;
          const next = out.continueWith?.find((c) => c.action === 'redirect_browser_to')?.redirect_browser_to;
          go(next && new URL(next).origin === location.origin ? new URL(next).pathname + new URL(next).search : '/');
        }}
        onOutcome={(out) => {
          if (out.kind === 'aal2Required') return go(`/login?aal=aal2${out.returnTo ? `&return_to=${encodeURIComponent(out.returnTo)}` : ''}`), true;
          if (out.kind === 'refreshRequired') return go(`/login?refresh=true&return_to=${encodeURIComponent(location.href)}`), true;
        }}
        onError={(e) => {
          if (isKratosError(e, 'api') && e.status === 401 && kind === 'settings') go('/login');
          if (isKratosError(e, 'api') && e.id === 'session_already_available') go('/');
        }} />
    </>
  );
}

function Home() {
  const { status, session } = useSession();
  if (status === 'unknown') return <p>Loading…</p>;
  if (status !== 'signedIn' || !session) {
    return (<><h1>Welcome</h1><p id="who">You are not signed in.</p><p><a href="/login">Log in</a> or <a href="/registration">sign up</a></p></>);
  }
  const s = session;
  return (
    <>
      <h1>Welcome</h1>
      <p id="who">{`Signed in as ${s.identity?.traits?.email ?? s.identity?.id}`}</p>
      <p>Assurance level: {s.authenticator_assurance_level}; methods: {(s.authentication_methods ?? []).map((m) => m.method).join(', ')}</p>
      <pre>{JSON.stringify(s.identity?.traits, null, 2)}</pre>
    </>
  );
}

function Sessions() {
  const [page, setPage] = useState(null);
  const [note, setNote] = useState('');
  const load = () => kratos.listMySessions().then(setPage, (e) => setNote(e.message));
  useEffect(() => void load(), []);
  return (
    <>
      <h1>Other sessions</h1>
      {note && <p className="kratos-message kratos-message--success">{note}</p>}
      <table><tbody>
        {page?.sessions.length ? page.sessions.map((s) => (
          <tr key={s.id}><td>{s.id.slice(0, 8)}</td><td>{s.devices?.[0]?.user_agent?.slice(0, 40) ?? ''}</td>
            <td><button className="secondary" onClick={async () => { await kratos.disableMySession({ id: s.id }); load(); }}>Revoke</button></td></tr>
        )) : <tr><td>No other sessions</td></tr>}
      </tbody></table>
      <button onClick={async () => { const { count } = await kratos.disableMyOtherSessions(); setNote(`Revoked ${count} session(s)`); load(); }}>Revoke all others</button>
    </>
  );
}

function Logout() {
  useEffect(() => {
    kratos.createBrowserLogoutFlow()
      .then(({ logout_token }) => kratos.updateLogoutFlow({ token: logout_token }))
      .catch(() => undefined)
      .then(() => go('/'));
  }, []);
  return <p>Signing out…</p>;
}

function ErrorPage() {
  const [err, setErr] = useState(null);
  useEffect(() => {
    const id = new URLSearchParams(location.search).get('id');
    if (id) kratos.getFlowError({ id }).then(setErr, setErr);
  }, []);
  return <><h1>Error</h1><pre id="error">{JSON.stringify(err?.error ?? err?.message ?? {}, null, 2)}</pre></>;
}

function App() {
  const path = usePath();
  const kind = path.slice(1);
  if (TITLES[kind]) return <FlowPage key={path + location.search} kind={kind} />;
  if (path === '/sessions') return <Sessions />;
  if (path === '/logout') return <Logout />;
  if (path === '/error') return <ErrorPage />;
  return <Home />;
}

createRoot(document.getElementById('app')).render(
  <StrictMode><KratosProvider client={kratos}><App /></KratosProvider></StrictMode>,
);
