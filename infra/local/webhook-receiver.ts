/**
 * The local stand-in for the clinic's chat or CRM: it takes the lead webhook on 127.0.0.1,
 * checks each signature exactly as a receiver should (functions/webhook/signature.ts) and
 * shows every webhook it got on a small page, newest first, as the SES emulator's inbox shows
 * the emails. A signed, fresh webhook is answered 200; any other 401, and shown as refused.
 *
 * `GET /` the page; `GET /received` the same as JSON; `POST /hooks/leads` (any path) a webhook.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { escapeHtml } from '../../functions/contract/html';
import {
  checkSignature,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  type SignatureCheck,
} from '../../functions/webhook/signature';

/** The path the local configuration points the webhook at. */
export const LOCAL_WEBHOOK_PATH = '/hooks/leads';

/** Bodies larger than this are refused (the alerts are well under 2 KiB). */
const MAX_BODY_BYTES = 64 * 1024;

/** One webhook as the receiver got it. */
export interface ReceivedWebhook {
  /** ISO 8601, UTC. */
  readonly at: string;
  readonly path: string;
  readonly check: SignatureCheck;
  readonly delivery?: string;
  readonly body: string;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: () => readonly ReceivedWebhook[];
  readonly stop: () => Promise<void>;
}

/** Starts the receiver; `secret` reads the signing secret (it may be made after the start). */
export async function startWebhookReceiver(options: {
  readonly port: number;
  readonly secret: () => Promise<Uint8Array>;
  readonly now?: () => Date;
}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const now = options.now ?? (() => new Date());

  const take = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        response.writeHead(413).end();
        return;
      }
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const header = request.headers[SIGNATURE_HEADER.toLowerCase()];
    const check = checkSignature(
      await options.secret(),
      typeof header === 'string' ? header : undefined,
      body,
      now(),
    );
    const delivery = request.headers[DELIVERY_HEADER.toLowerCase()];
    received.push({
      at: now().toISOString(),
      path: request.url ?? '/',
      check,
      ...(typeof delivery === 'string' && { delivery }),
      body,
    });
    response
      .writeHead(check === 'ok' ? 200 : 401, { 'content-type': 'application/json' })
      .end(JSON.stringify({ received: check === 'ok', check }));
  };

  const server = createServer((request, response) => {
    if (request.method === 'POST') {
      take(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
      });
      return;
    }
    if (request.method === 'GET' && request.url === '/received') {
      response
        .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        .end(JSON.stringify({ webhooks: received }));
      return;
    }
    if (request.method === 'GET' && request.url === '/') {
      response
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        })
        .end(page(received));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => [...received],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const CHECK_WORDS: Readonly<Record<SignatureCheck, string>> = {
  ok: 'signature verified',
  missing: 'refused: no signature',
  malformed: 'refused: malformed signature header',
  'bad-signature': 'refused: signature does not match',
  stale: 'refused: timestamp too old or too new (replay?)',
};

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function page(received: readonly ReceivedWebhook[]): string {
  const items = [...received]
    .reverse()
    .map(
      (w) => `<li><p><strong>${escapeHtml(w.at)}</strong> POST ${escapeHtml(w.path)}
 · <span class="${w.check === 'ok' ? 'ok' : 'bad'}">${escapeHtml(CHECK_WORDS[w.check])}</span>
${w.delivery === undefined ? '' : ` · delivery ${escapeHtml(w.delivery)}`}</p>
<pre>${escapeHtml(pretty(w.body))}</pre></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local webhook receiver</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}li{margin-bottom:1.5rem}
pre{background:#f4f4f4;padding:.75rem;overflow:auto}.ok{color:#17613a}.bad{color:#a4161a}</style>
</head><body><h1>Lead webhooks received</h1>
<p>Every webhook the local stack sent, newest first, with the result of checking its
${escapeHtml(SIGNATURE_HEADER)} header. Reload to see new ones.</p>
${received.length === 0 ? '<p>None yet: send a request from the site.</p>' : `<ol reversed>${items}</ol>`}
</body></html>`;
}
