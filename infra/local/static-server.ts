/**
 * Serves the production build (web/dist) the way CloudFront will: the site's CloudFront Function
 * in front (campaign variants, clean URLs), compressed, with the caching rules and security
 * headers of the distribution, `/api/*` passed to the API, and the 404 page for unknown paths.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { CSP_HASHES_FILE } from '../site/csp-hashes';
import { CAMPAIGN_TABLE_FILE } from '../site/viewer-function-code';
import { runViewerFunction, type ViewerHandler } from './edge-runtime';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg\+xml)/;

/** A file's bytes and its compressed forms, made on first request, with the file's stamp. */
interface CacheEntry {
  readonly raw: Buffer;
  readonly mtimeMs: number;
  readonly size: number;
  br?: Buffer;
  gzip?: Buffer;
}

export interface StaticServerOptions {
  readonly root: string;
  readonly port: number;
  readonly host?: string;
  /** Where `/api/*` goes; without it those paths answer 404. */
  readonly apiUrl?: string;
  /**
   * Response headers added to every page and asset (the distribution's security headers), or
   * a function asked on each request, for headers that follow a rebuilt site.
   */
  readonly headers?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** The site's CloudFront Function, run on each page request as CloudFront runs it. */
  readonly viewerFunction?: ViewerHandler;
}

export interface RunningStaticServer {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

/** Starts the server; resolves once it listens. */
export function startStaticServer(options: StaticServerOptions): Promise<RunningStaticServer> {
  const root = resolve(options.root);
  if (!existsSync(join(root, 'index.html'))) {
    return Promise.reject(new Error(`No site build in ${root}: run \`npm run build\` first`));
  }
  const host = options.host ?? '127.0.0.1';
  const cache = new Map<string, CacheEntry>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    // The distribution's response headers policy covers `/api/*` as well (the status pages).
    const headers = typeof options.headers === 'function' ? options.headers() : options.headers;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    if (url.pathname.startsWith('/api/')) return proxy(req, res, options.apiUrl);
    if (options.viewerFunction === undefined) return serveFile(req, res, root, url.pathname, cache);
    runViewerFunction(options.viewerFunction, req).then(
      (outcome) => {
        if (outcome.response !== undefined) {
          res.writeHead(outcome.response.status, outcome.response.headers).end();
          return;
        }
        for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value);
        serveFile(req, res, root, outcome.uri, cache);
      },
      (error: unknown) => {
        console.error('The viewer function failed:', error);
        res.writeHead(503, { 'content-type': 'text/plain' }).end('The viewer function failed');
      },
    );
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      resolvePromise({
        url: `http://${host}:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function resolvePath(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const candidate = normalize(join(root, decoded));
  if (!candidate.startsWith(root)) return undefined;
  // The CSP hash file and the campaign table are build artefacts the deploy does not upload.
  if (candidate === join(root, CSP_HASHES_FILE)) return undefined;
  if (candidate === join(root, CAMPAIGN_TABLE_FILE)) return undefined;
  if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  const index = join(candidate, 'index.html');
  if (existsSync(index)) return index;
  if (existsSync(`${candidate}.html`)) return `${candidate}.html`;
  return undefined;
}

function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
  cache: Map<string, CacheEntry>,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  // A directory asked for without its slash moves to it, so relative links keep working.
  if (
    !pathname.endsWith('/') &&
    !extname(pathname) &&
    existsSync(join(root, pathname, 'index.html'))
  ) {
    res.writeHead(301, { location: `${pathname}/` }).end();
    return;
  }
  const file = resolvePath(root, pathname);
  const notFound = join(root, '404.html');
  const path = file ?? (existsSync(notFound) ? notFound : undefined);
  if (path === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  // Hashed build assets never change; pages must always be revalidated.
  // The viewer function may have chosen one already (a page that sets a cookie, a preview).
  const chosen = res.getHeader('cache-control');
  const cacheControl =
    typeof chosen === 'string'
      ? chosen
      : pathname.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=0, must-revalidate';
  const status = file === undefined ? 404 : 200;
  const accept = String(req.headers['accept-encoding'] ?? '');
  if (!COMPRESSIBLE.test(type)) {
    res.writeHead(status, { 'content-type': type, 'cache-control': cacheControl });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(path).pipe(res);
    return;
  }
  // A file rebuilt since it was compressed is read again: the server follows `npm run build`.
  const { mtimeMs, size } = statSync(path);
  let entry = cache.get(path);
  if (entry === undefined || entry.mtimeMs !== mtimeMs || entry.size !== size) {
    entry = { raw: readFileSync(path), mtimeMs, size };
    cache.set(path, entry);
  }
  let body = entry.raw;
  let encoding: string | undefined;
  if (/\bbr\b/.test(accept)) {
    entry.br ??= brotliCompressSync(entry.raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    });
    body = entry.br;
    encoding = 'br';
  } else if (/\bgzip\b/.test(accept)) {
    entry.gzip ??= gzipSync(entry.raw, { level: 9 });
    body = entry.gzip;
    encoding = 'gzip';
  }
  res.writeHead(status, {
    'content-type': type,
    'cache-control': cacheControl,
    'content-length': body.byteLength,
    vary: 'accept-encoding',
    ...(encoding && { 'content-encoding': encoding }),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Passes a request to the local API, as the distribution passes `/api/*` to API Gateway. */
export function proxy(req: IncomingMessage, res: ServerResponse, apiUrl: string | undefined): void {
  if (apiUrl === undefined) {
    res.writeHead(404).end();
    return;
  }
  const target = new URL(req.url ?? '/', apiUrl);
  const upstream = httpRequest(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Bad Gateway' }));
  });
  req.pipe(upstream);
}
