// Courier capture: Kratos' courier (delivery_strategy: http, body `function(ctx) ctx`) POSTs one JSON
// document per message here. See kratos-wire-facts.md §7.3 for the shape:
//   { recipient, subject, body, message_type, template_type, template_data: { to, recovery_code | verification_code | login_code | registration_code, ... } }
import http from 'node:http';
import { EventEmitter } from 'node:events';

const CODE_KINDS = ['recovery', 'verification', 'login', 'registration'];

function matches(msg, { recipient, templateType, predicate }) {
  if (recipient !== undefined && String(msg.recipient).toLowerCase() !== String(recipient).toLowerCase()) return false;
  if (templateType !== undefined) {
    const tt = msg.template_type;
    if (templateType instanceof RegExp) {
      if (!templateType.test(tt ?? '')) return false;
    } else if (Array.isArray(templateType)) {
      if (!templateType.includes(tt)) return false;
    } else if (tt !== templateType) return false;
  }
  if (predicate && !predicate(msg)) return false;
  return true;
}

/** Pulls the 6-digit code of `kind` out of a captured message (template_data first, then the body text). */
export function codeFromMessage(msg, kind) {
  const td = msg.template_data || {};
  const field = `${kind}_code`;
  if (typeof td[field] === 'string' && td[field]) return td[field];
  const m = /\b(\d{6})\b/.exec(msg.body || '');
  return m ? m[1] : undefined;
}

/**
 * Start the capture server on 127.0.0.1.
 * @param {{port?: number, host?: string, path?: string}} [opts]
 * @returns {Promise<MailCapture>}
 *
 * MailCapture = {
 *   url, port, messages,                       // messages: every captured message, oldest first
 *   waitForMessage({recipient?, templateType?, predicate?, timeoutMs?=15000, consume?=true}) -> Promise<message>,
 *   waitForCode(recipient, kind, {timeoutMs?}) -> Promise<string>,   // kind: recovery|verification|login|registration
 *   find(filter) -> message[], clear(), close() -> Promise<void>
 * }
 * A message is { seq, receivedAt, path, headers, raw, recipient, template_type, template_data, subject, body, ... }.
 * waitForMessage returns the OLDEST not-yet-consumed matching message, whether it already arrived or arrives
 * later, and marks it consumed, so two waits for the same recipient return two different messages in order.
 */
export async function startMailCapture({ port = 0, host = '127.0.0.1', path = '/mail' } = {}) {
  const messages = [];
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let seq = 0;

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let parsed;
      try {
        parsed = JSON.parse(raw);
      } catch (e) {
        parsed = { parse_error: String(e) };
      }
      if (req.method === 'POST') {
        const msg = {
          ...(parsed && typeof parsed === 'object' ? parsed : { value: parsed }),
          seq: ++seq,
          receivedAt: Date.now(),
          path: req.url,
          headers: req.headers,
          raw,
          consumed: false,
        };
        messages.push(msg);
        emitter.emit('message', msg);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;

  function find(filter = {}) {
    return messages.filter((m) => matches(m, filter));
  }

  function waitForMessage({ recipient, templateType, predicate, timeoutMs = 15000, consume = true } = {}) {
    const filter = { recipient, templateType, predicate };
    const take = (m) => {
      if (consume) m.consumed = true;
      return m;
    };
    const existing = messages.find((m) => !m.consumed && matches(m, filter));
    if (existing) return Promise.resolve(take(existing));
    return new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m.consumed || !matches(m, filter)) return;
        cleanup();
        resolve(take(m));
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = messages.map((m) => `${m.recipient} ${m.template_type}`).slice(-10);
        reject(
          new Error(
            `no courier message for ${JSON.stringify({ recipient, templateType: String(templateType ?? '*') })} ` +
              `within ${timeoutMs} ms; last captured: ${seen.length ? seen.join(', ') : '(none)'}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        emitter.off('message', onMessage);
      };
      emitter.on('message', onMessage);
    });
  }

  async function waitForCode(recipient, kind, { timeoutMs = 15000 } = {}) {
    if (!CODE_KINDS.includes(kind)) throw new Error(`unknown code kind ${kind}; one of ${CODE_KINDS.join(', ')}`);
    const msg = await waitForMessage({ recipient, templateType: `${kind}_code_valid`, timeoutMs });
    const code = codeFromMessage(msg, kind);
    if (!code) throw new Error(`courier message ${msg.template_type} for ${recipient} has no ${kind} code: ${msg.raw}`);
    return code;
  }

  return {
    url: `http://${host}:${actualPort}${path}`,
    port: actualPort,
    messages,
    find,
    waitForMessage,
    waitForCode,
    clear() {
      messages.length = 0;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}
