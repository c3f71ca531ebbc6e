// Bundle-size entry: the four calls an app makes on a login page, through kratos-browser.
// (esbuild resolves 'kratos-browser' to this repo's pkg/dist/index.js.)
import { KratosClient } from 'kratos-browser';

const kratos = new KratosClient({ baseUrl: 'http://localhost:4433' });

export async function loginPage(identifier, password) {
  const flow = await kratos.createBrowserLoginFlow();
  const out = await kratos.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier, password } });
  const session = await kratos.toSession();
  const logout = await kratos.createBrowserLogoutFlow();
  return { out, session, logout };
}
