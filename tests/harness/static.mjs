// Static app server for the e2e rig, reachable as http://localhost:PORT from Chromium (listens on 127.0.0.1
// and ::1 with the same port, so it works whichever address `localhost` resolves to, without opening other
// interfaces).
//
//   /pkg/...       -> <repo>/pkg/dist/...
//   /__test__/...  -> <repo>/tests/e2e/pages/...   (test-only pages)
//   everything else-> <repo>/www/..., SPA fallback to www/index.html for extension-less paths
// Extra handlers (tests): `routes` option or `server.route(...)`, checked before the files.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/** Resolve `rel` (URL-decoded, starts with "/") under `base`; undefined when it escapes `base`. */
function safeJoin(base, rel) {
  if (rel.includes('\0')) return undefined;
  const full = path.resolve(base, '.' + path.posix.normalize('/' + rel));
  if (full !== base && !full.startsWith(base + path.sep)) return undefined;
  return full;
}

async function statFile(p) {
  try {
    const st = await fs.promises.stat(p);
    return st;
  } catch {
    return undefined;
  }
}

function matchRoute(route, method, pathname) {
  if (route.method && route.method !== '*' && route.method.toUpperCase() !== method) return undefined;
  if (typeof route.path === 'string') {
    if (route.path.endsWith('*')) return pathname.startsWith(route.path.slice(0, -1)) ? [pathname] : undefined;
    return route.path === pathname ? [pathname] : undefined;
  }
  if (route.path instanceof RegExp) return route.path.exec(pathname) ?? undefined;
  return undefined;
}

/**
 * @param {{
 *   port?: number, root?: string,
 *   mounts?: Record<string,string>,   // URL prefix (ending in "/") -> directory; defaults below
 *   routes?: Array<{method?: string, path: string|RegExp, handler: (req, res, ctx) => any}>,
 *   log?: (line: string) => void,
 * }} [opts]
 * @returns {Promise<StaticServer>}
 *
 * StaticServer = {
 *   origin: 'http://localhost:PORT', port,
 *   route(path: string|RegExp, handler, {method?}) -> () => void   // returns an unregister function
 *   close() -> Promise<void>
 * }
 * handler(req, res, { url: URL, params: RegExpExecArray|[pathname], body: () => Promise<Buffer> }) must either
 * answer the request, or return the symbol `NEXT` (exported) to fall through to the next route / the files.
 * A string `path` matches exactly, or as a prefix when it ends with "*".
 */
export const NEXT = Symbol('next');

export async function startStaticServer({ port = 0, root = REPO_ROOT, mounts, routes = [], log } = {}) {
  const mountTable = Object.entries(
    mounts ?? {
      '/pkg/': path.join(root, 'pkg', 'dist'),
      '/__test__/': path.join(root, 'tests', 'e2e', 'pages'),
      '/': path.join(root, 'www'),
    },
  )
    .map(([prefix, dir]) => [prefix, path.resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const wwwDir = path.resolve(mounts?.['/'] ?? path.join(root, 'www'));
  const routeList = [...routes];

  async function serveFile(req, res, file, st) {
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': st.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    await new Promise((resolve) => {
      const s = fs.createReadStream(file);
      s.on('error', () => {
        res.destroy();
        resolve();
      });
      s.on('end', resolve);
      s.pipe(res);
    });
  }

  async function handle(req, res) {
    let url;
    try {
      url = new URL(req.url, 'http://localhost');
    } catch {
      return send(res, 400, 'bad url');
    }
    const method = req.method.toUpperCase();
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'bad url encoding');
    }

    let bodyPromise;
    const ctx = {
      url,
      params: undefined,
      body: () =>
        (bodyPromise ??= new Promise((resolve, reject) => {
          const chunks = [];
          req.on('data', (c) => chunks.push(c));
          req.on('end', () => resolve(Buffer.concat(chunks)));
          req.on('error', reject);
        })),
    };
    for (const r of routeList) {
      const params = matchRoute(r, method, pathname);
      if (!params) continue;
      ctx.params = params;
      const out = await r.handler(req, res, ctx);
      if (out !== NEXT) return;
    }

    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });

    const [prefix, dir] = mountTable.find(([p]) => pathname.startsWith(p) || pathname + '/' === p) ?? [];
    if (!dir) return send(res, 404, 'not found');
    const rel = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : '';
    const file = safeJoin(dir, '/' + rel);
    if (!file) return send(res, 403, 'forbidden');

    let st = await statFile(file);
    if (st?.isDirectory()) {
      const idx = path.join(file, 'index.html');
      const ist = await statFile(idx);
      if (ist?.isFile()) return serveFile(req, res, idx, ist);
      st = undefined;
    }
    if (st?.isFile()) return serveFile(req, res, file, st);

    // SPA fallback: only for the www mount and only for extension-less paths.
    const last = pathname.split('/').pop();
    if (dir === wwwDir && !path.extname(last)) {
      const idx = path.join(wwwDir, 'index.html');
      const ist = await statFile(idx);
      if (ist?.isFile()) return serveFile(req, res, idx, ist);
    }
    // Browsers ask for a favicon on every page; answer "no content" instead of a console-noise 404.
    if (pathname === '/favicon.ico') {
      res.writeHead(204, { 'Cache-Control': 'no-store' });
      return res.end();
    }
    return send(res, 404, `not found: ${pathname}`);
  }

  const listener = (req, res) => {
    const started = Date.now();
    res.on('finish', () => log?.(`${req.method} ${req.url} -> ${res.statusCode} (${Date.now() - started} ms)`));
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, String(e?.stack ?? e));
      else res.destroy();
    });
  };

  // Bind 127.0.0.1 first (port 0 => OS picks), then ::1 on the same port. If ::1 is taken for that port
  // (rare), retry with a new port; if the host has no IPv6 at all, IPv4 alone is fine.
  const servers = [];
  let actualPort;
  for (let attempt = 0; attempt < 10 && !actualPort; attempt++) {
    const v4 = http.createServer(listener);
    await new Promise((resolve, reject) => {
      v4.once('error', reject);
      v4.listen(port, '127.0.0.1', resolve);
    });
    const p = v4.address().port;
    const v6 = http.createServer(listener);
    const v6err = await new Promise((resolve) => {
      v6.once('error', (e) => resolve(e));
      v6.listen(p, '::1', () => resolve(undefined));
    });
    if (!v6err) {
      servers.push(v4, v6);
      actualPort = p;
    } else if (v6err.code === 'EADDRNOTAVAIL' || v6err.code === 'EAFNOSUPPORT') {
      servers.push(v4);
      actualPort = p;
    } else {
      await new Promise((r) => v4.close(() => r()));
      if (port !== 0) throw v6err;
    }
  }
  if (!actualPort) throw new Error('could not bind the static server on 127.0.0.1 and ::1');

  return {
    origin: `http://localhost:${actualPort}`,
    port: actualPort,
    route(pathSpec, handler, { method } = {}) {
      const r = { path: pathSpec, handler, method };
      routeList.unshift(r); // newest first, so a test can shadow earlier routes
      return () => {
        const i = routeList.indexOf(r);
        if (i >= 0) routeList.splice(i, 1);
      };
    },
    close() {
      return Promise.all(
        servers.map(
          (s) =>
            new Promise((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections?.();
            }),
        ),
      ).then(() => undefined);
    },
  };
}
