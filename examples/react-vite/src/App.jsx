import { useEffect, useState } from 'react';
import { KratosFlow, useSession } from 'kratos-browser/react';
import { isKratosError } from 'kratos-browser';
import { kratos } from './kratos.js';
import { Link, navigate, usePathname } from './router.jsx';

export function App() {
  const path = usePathname();
  const { status, session } = useSession();
  const Page = PAGES[path] ?? NotFound;
  return (
    <>
      <header data-status={status}>
        <strong>kratos-browser · React</strong>
        <nav>
          <Link to="/">Home</Link>
          {status === 'signedIn' ? <Link to="/settings">Settings</Link> : <><Link to="/login">Log in</Link><Link to="/registration">Sign up</Link></>}
        </nav>
      </header>
      <main key={path}>
        <Page session={session} />
      </main>
    </>
  );
}

function Home() {
  const { status, session, aal2Required } = useSession();
  const [busy, setBusy] = useState(false);
  const logout = async () => {
    setBusy(true);
    try {
      const { logout_token } = await kratos.createBrowserLogoutFlow();
      await kratos.updateLogoutFlow({ token: logout_token }); // useSession() (here and in other tabs) flips to signedOut
      navigate('/login');
    } finally {
      setBusy(false);
    }
  };
  if (status === 'unknown') return <p>Loading…</p>;
  if (status === 'signedIn') {
    return (
      <>
        <h1>Welcome</h1>
        <p id="whoami">Signed in as <b>{String(session.identity?.traits?.email)}</b> ({session.authenticator_assurance_level})</p>
        <button id="logout" onClick={logout} disabled={busy}>Log out</button>
      </>
    );
  }
  return (
    <>
      <h1>Welcome</h1>
      <p id="whoami">Not signed in.</p>
      {aal2Required && <p><Link to="/login?aal=aal2">Confirm with your second factor</Link></p>}
      <p><Link to="/login">Log in</Link> · <Link to="/registration">Sign up</Link> · <Link to="/recovery">Forgot password?</Link></p>
    </>
  );
}

/** One page per flow kind: <KratosFlow> continues `?flow=` or creates a flow, renders its nodes and submits. */
function FlowPage({ kind, title, options, onSuccess }) {
  const [saved, setSaved] = useState(false);
  const onError = (error) => {
    if (isKratosError(error) && error.id === 'session_already_available') navigate('/');
    if (isKratosError(error) && error.status === 401 && kind === 'settings') navigate('/login');
  };
  return (
    <>
      <h1>{title}</h1>
      <KratosFlow kind={kind} {...options} onError={onError}
        onSuccess={(out) => (kind === 'settings' ? setSaved(true) : onSuccess?.(out))} />
      {saved && <p id="saved">Saved.</p>}
    </>
  );
}

function Login() {
  const q = new URLSearchParams(location.search);
  const create = { aal: q.get('aal') ?? undefined, refresh: q.get('refresh') === 'true' || undefined };
  return <FlowPage kind="login" title="Log in" options={{ create }} onSuccess={() => navigate('/')} />;
}
const Registration = () => <FlowPage kind="registration" title="Sign up" onSuccess={() => navigate('/')} />;
const Recovery = () => <FlowPage kind="recovery" title="Recover your account" />;
const Verification = () => <FlowPage kind="verification" title="Verify your email" />;
const Settings = () => <FlowPage kind="settings" title="Settings" />;

function ErrorPage() {
  const [err, setErr] = useState(null);
  useEffect(() => {
    const id = new URLSearchParams(location.search).get('id');
    if (id) kratos.getFlowError({ id }).then(setErr, setErr);
  }, []);
  return <><h1>Error</h1><pre id="error">{err ? JSON.stringify(err.error ?? err.message, null, 2) : '…'}</pre></>;
}
const NotFound = () => <h1>Not found</h1>;

const PAGES = {
  '/': Home, '/login': Login, '/registration': Registration, '/recovery': Recovery,
  '/verification': Verification, '/settings': Settings, '/error': ErrorPage,
};
