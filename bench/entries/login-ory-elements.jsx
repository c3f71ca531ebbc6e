// The same page with @ory/elements-react 1.2.1: <Login flow config /> (flow fetched with plain fetch).
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Login } from '@ory/elements-react/theme';
import '@ory/elements-react/theme/styles.css';

const url = 'http://localhost:4433';
const config = {
  sdk: { url },
  project: {
    name: 'bench', registration_enabled: true, verification_enabled: true, recovery_enabled: true,
    registration_ui_url: '/registration', verification_ui_url: '/verification', recovery_ui_url: '/recovery',
    login_ui_url: '/login', settings_ui_url: '/settings', default_redirect_url: '/', error_ui_url: '/error',
  },
};
function Page() {
  const [flow, setFlow] = useState(null);
  useEffect(() => {
    fetch(`${url}/self-service/login/browser`, { credentials: 'include', headers: { Accept: 'application/json' } })
      .then((r) => r.json()).then(setFlow);
  }, []);
  return flow ? <Login flow={flow} config={config} /> : null;
}
createRoot(document.getElementById('root')).render(<Page />);
