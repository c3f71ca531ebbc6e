// Minimal SMTP capture for Kratos releases whose courier speaks SMTP only (v0.4–v0.11): accepts
// plain SMTP on 127.0.0.1 (no STARTTLS advertised, no AUTH), stores every message, and pulls the
// recovery/verification links out of the (quoted-printable) body.
import net from 'node:net';
import { EventEmitter } from 'node:events';

function decodeQuotedPrintable(s) {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** Parses one DATA payload into { to, subject, body, links }. */
export function parseMessage(raw, rcpt) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = rest.join('\n\n');
  if (/quoted-printable/i.test(raw)) body = decodeQuotedPrintable(body);
  body = body.replace(/&amp;/g, '&');
  const links = [...new Set(body.match(/https?:\/\/[^\s"'<>]+/g) ?? [])];
  return { to: rcpt, subject: headers.subject ?? '', headers, body, links };
}

/** @returns {Promise<{url, port, messages, waitForMessage(to, {timeoutMs?}), waitForLink(to, re, {timeoutMs?}), close()}>} */
export async function startSmtpCapture({ port = 0, host = '127.0.0.1' } = {}) {
  const messages = [];
  const emitter = new EventEmitter();
  const sockets = new Set();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.setEncoding('utf8');
    let buf = '';
    let data = null;
    let rcpt = [];
    const reply = (l) => sock.write(l + '\r\n');
    reply('220 kb-smtp-capture ready');
    sock.on('data', (chunk) => {
      buf += chunk;
      for (;;) {
        if (data !== null) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buf.slice(0, end);
          buf = buf.slice(end + 5);
          const raw = data.replace(/^\.\./gm, '.');
          data = null;
          for (const to of rcpt) {
            const msg = { ...parseMessage(raw, to), raw, consumed: false };
            messages.push(msg);
            emitter.emit('message', msg);
          }
          rcpt = [];
          reply('250 OK');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO') reply('250-kb-smtp-capture\r\n250 8BITMIME');
        else if (cmd === 'HELO') reply('250 kb-smtp-capture');
        else if (cmd === 'MAIL') reply('250 OK');
        else if (cmd === 'RCPT') {
          const m = /<([^>]*)>/.exec(line);
          rcpt.push((m ? m[1] : line.slice(8)).toLowerCase());
          reply('250 OK');
        } else if (cmd === 'DATA') {
          data = '';
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (cmd === 'QUIT') {
          reply('221 Bye');
          sock.end();
        } else if (cmd === 'RSET') {
          rcpt = [];
          reply('250 OK');
        } else reply('250 OK');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;

  function waitForMessage(to, { timeoutMs = 20000, predicate = () => true } = {}) {
    const match = (m) => !m.consumed && m.to === to.toLowerCase() && predicate(m);
    const hit = messages.find(match);
    if (hit) return Promise.resolve(Object.assign(hit, { consumed: true }));
    return new Promise((resolve, reject) => {
      const on = (m) => {
        if (!match(m)) return;
        clearTimeout(t);
        emitter.off('message', on);
        resolve(Object.assign(m, { consumed: true }));
      };
      const t = setTimeout(() => {
        emitter.off('message', on);
        reject(new Error(`no mail for ${to} within ${timeoutMs} ms; captured: ${messages.map((m) => `${m.to} "${m.subject}"`).join(', ') || '(none)'}`));
      }, timeoutMs);
      emitter.on('message', on);
    });
  }

  return {
    url: `smtp://${host}:${actual}/`,
    port: actual,
    messages,
    waitForMessage,
    async waitForLink(to, re, opts) {
      const m = await waitForMessage(to, { ...opts, predicate: (x) => x.links.some((l) => re.test(l)) });
      return m.links.find((l) => re.test(l));
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
