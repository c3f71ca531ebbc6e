import { KratosClient, init, isReady, isSignedOut } from 'kratos-browser';

const kratos = new KratosClient({ baseUrl: new URLSearchParams(location.search).get('kratos') ?? 'http://localhost:4433' });

async function main() {
  const result = { readyBefore: isReady() };
  try {
    await init(); // optional: every call loads the module on first use
    result.ready = isReady();
    const flow = await kratos.createBrowserLoginFlow();
    result.flowType = flow.type;
    try {
      await kratos.toSession();
      result.signedOut = false;
    } catch (e) {
      result.signedOut = isSignedOut(e);
    }
  } catch (e) {
    result.error = String(e?.message ?? e);
  }
  window.result = result;
  document.getElementById('out').textContent = JSON.stringify(result, null, 2);
}
main();
