// Bundle-size entry: the same four calls through @ory/client-fetch (FrontendApi + Configuration,
// credentials: 'include'; Accept: application/json so Kratos answers browser flows with JSON, not a 303).
import { Configuration, FrontendApi } from '@ory/client-fetch';

const ory = new FrontendApi(
  new Configuration({ basePath: 'http://localhost:4433', credentials: 'include', headers: { Accept: 'application/json' } }),
);

export async function loginPage(identifier, password) {
  const flow = await ory.createBrowserLoginFlow();
  // The app has to find and echo the CSRF token itself.
  const csrf = flow.ui.nodes.find((n) => n.attributes?.name === 'csrf_token')?.attributes?.value;
  const out = await ory.updateLoginFlow({
    flow: flow.id,
    updateLoginFlowBody: { method: 'password', identifier, password, csrf_token: csrf },
  });
  const session = await ory.toSession();
  const logout = await ory.createBrowserLogoutFlow();
  return { out, session, logout };
}
