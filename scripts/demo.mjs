// The demo: a local Kratos v1.3.1 (in-memory) + the www/ SPA, with the courier's codes printed here.
import { demoRoutes } from '../www/bundle.mjs';
import { startKratos, startMailCapture, startStaticServer, pickPorts, codeFromMessage } from '../tests/harness/index.mjs';

const env = (k, d) => Number(process.env[k]) || d;
const ports = await pickPorts({ publicPort: env('KB_PUBLIC_PORT', 4433), adminPort: env('KB_ADMIN_PORT', 4434), appPort: env('KB_APP_PORT', 5173), mailPort: env('KB_MAIL_PORT', 4999) });
const appOrigin = `http://localhost:${ports.appPort}`;
const mail = await startMailCapture({ port: ports.mailPort });
const publicUrl = `http://localhost:${ports.publicPort}`;
const server = await startStaticServer({
  port: ports.appPort,
  routes: [...Object.entries(await demoRoutes()).map(([path, handler]) => ({ path, handler })), { path: '/config.js', handler: (req, res) => { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(`globalThis.KRATOS_PUBLIC_URL = ${JSON.stringify(publicUrl)};\n`); } }],
});
const kratos = await startKratos({ ...ports, appOrigin, mailUrl: mail.url, oidcIssuer: `${appOrigin}/__oidc__`, name: 'demo' });

(async () => {
  for (;;) {
    const msg = await mail.waitForMessage({ timeoutMs: 2 ** 31 - 1 });
    const kind = ['recovery', 'verification', 'login', 'registration'].find((k) => String(msg.template_type).startsWith(k));
    const code = kind ? codeFromMessage(msg, kind) : undefined;
    console.log(`[mail] ${msg.template_type} to ${msg.recipient}${code ? `: code ${code}` : ''}`);
  }
})().catch(() => {});

console.log(`\nkratos-browser demo running:\n  app:    ${appOrigin}/\n  kratos: ${publicUrl}/ (admin ${kratos.adminUrl})\n` +
  `Recovery and verification codes are printed below. Ctrl-C stops everything.\n`);
const stop = async () => { await kratos.stop(); await server.close(); await mail.close(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
