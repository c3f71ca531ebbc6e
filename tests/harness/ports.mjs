// Free-port selection for the e2e rig.
import net from 'node:net';

/** Ask the OS for a free TCP port (binds :0 on the dual-stack wildcard, so the port is free for v4 and v6). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen({ port: 0, exclusive: true }, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** N distinct free ports (all sockets are held open together so they cannot coincide). */
export async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const srv = net.createServer();
      await new Promise((resolve, reject) => {
        srv.once('error', reject);
        srv.listen({ port: 0, exclusive: true }, resolve);
      });
      servers.push(srv);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r()))));
  }
}

function envPort(name) {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name}=${v} is not a valid port`);
  return n;
}

/**
 * Ports for one stack. Explicit arguments win, then env (KB_PUBLIC_PORT, KB_ADMIN_PORT, KB_APP_PORT,
 * KB_MAIL_PORT) when `useEnv` is true, else free ports.
 * @returns {Promise<{publicPort:number, adminPort:number, appPort:number, mailPort:number}>}
 */
export async function pickPorts({ publicPort, adminPort, appPort, mailPort, useEnv = true } = {}) {
  const want = {
    publicPort: publicPort ?? (useEnv ? envPort('KB_PUBLIC_PORT') : undefined),
    adminPort: adminPort ?? (useEnv ? envPort('KB_ADMIN_PORT') : undefined),
    appPort: appPort ?? (useEnv ? envPort('KB_APP_PORT') : undefined),
    mailPort: mailPort ?? (useEnv ? envPort('KB_MAIL_PORT') : undefined),
  };
  const missing = Object.keys(want).filter((k) => want[k] === undefined);
  const taken = new Set(Object.values(want).filter((v) => v !== undefined));
  let fresh = (await freePorts(missing.length + taken.size)).filter((p) => !taken.has(p));
  for (const k of missing) want[k] = fresh.shift();
  return want;
}
