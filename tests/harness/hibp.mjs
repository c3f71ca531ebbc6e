// A stand-in for api.pwnedpasswords.com, for Kratos releases that always ask it (v0.5 has no switch,
// v0.6 only a host): without network their retries take ~15 s, longer than Kratos' 10 s write timeout,
// so every registration/password change would fail. The Kratos process gets HTTPS_PROXY (a CONNECT
// proxy here) and SSL_CERT_FILE (a self-signed certificate for api.pwnedpasswords.com); every
// `/range/<prefix>` answers 200 with no matches.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import https from 'node:https';
import http from 'node:http';
import { execFileSync } from 'node:child_process';

export async function startHibpStub() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-hibp-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=api.pwnedpasswords.com', '-addext', 'subjectAltName=DNS:api.pwnedpasswords.com'], { stdio: 'ignore' });
  const tlsServer = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('');
  });
  await new Promise((r) => tlsServer.listen(0, '127.0.0.1', r));
  const proxy = http.createServer((req, res) => { res.writeHead(405); res.end(); });
  proxy.on('connect', (req, client, head) => {
    const up = net.connect(tlsServer.address().port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.address().port}`, https_proxy: `http://127.0.0.1:${proxy.address().port}`, SSL_CERT_FILE: cert },
    async close() {
      await Promise.all([tlsServer, proxy].map((s) => new Promise((r) => { s.close(() => r()); s.closeAllConnections?.(); })));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
