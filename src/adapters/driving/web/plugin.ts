/**
 * Serves the NOC dashboard (design §2 web/, issue 6 §5): `/noc` is the page, `/noc/<file>` its
 * static assets (plain HTML/CSS and browser ES modules from ./public — no build step), `/` redirects
 * to `/noc`. The files need no key; every data call the page makes does (design §4).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../api/errors.ts';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

interface Asset {
  body: Buffer;
  type: string;
}

/** The files of ./public, read once (they are small); only these names are ever served (no path walking). */
function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(PUBLIC_DIR)) {
    const type = CONTENT_TYPES[path.extname(name)];
    if (type) assets.set(name, { body: readFileSync(path.join(PUBLIC_DIR, name)), type });
  }
  return assets;
}

/**
 * Third-party browser files, served from their npm package (issue 15 item 4: a well-kept chart
 * library bundled locally, no CDN, no build step): `/noc/vendor/<name>`.
 */
function loadVendor(): Map<string, Asset> {
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
  } catch {
    // a checkout whose node_modules predates the dependency: the API runs, the chart's files 404
    return new Map();
  }
  const files: [string, string][] = [
    ['uPlot.esm.js', 'dist/uPlot.esm.js'],
    ['uPlot.min.css', 'dist/uPlot.min.css'],
  ];
  return new Map(
    files.map(([name, rel]) => [
      name,
      { body: readFileSync(path.join(dir, rel)), type: CONTENT_TYPES[path.extname(name)] },
    ]),
  );
}

// Same-origin only: the page loads nothing from elsewhere, and nothing may frame it.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export async function nocDashboard(app: FastifyInstance): Promise<void> {
  const assets = loadAssets();
  const vendor = loadVendor();
  const index = assets.get('index.html');
  if (!index) throw new Error(`NOC dashboard: ${PUBLIC_DIR}/index.html missing`);
  const opts = { config: { public: true }, schema: { hide: true } } as const;

  app.get('/', opts, async (_req, reply) => reply.redirect('/noc'));
  for (const url of ['/noc', '/noc/']) {
    app.get(url, opts, async (_req, reply) =>
      reply
        .headers({ ...SECURITY_HEADERS, 'content-type': index.type, 'cache-control': 'no-cache' })
        .send(index.body),
    );
  }
  app.get('/noc/vendor/:file', opts, async (req, reply) => {
    const asset = vendor.get((req.params as { file: string }).file);
    if (!asset) return reply.status(404).send(errorBody('NOT_FOUND', 'no such dashboard file'));
    return reply
      .headers({ ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': 'no-cache' })
      .send(asset.body);
  });
  app.get('/noc/:file', opts, async (req, reply) => {
    const asset = assets.get((req.params as { file: string }).file);
    if (!asset) return reply.status(404).send(errorBody('NOT_FOUND', 'no such dashboard file'));
    // no-cache: the browser revalidates, so an upgraded controller never runs a stale script
    return reply
      .headers({ ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': 'no-cache' })
      .send(asset.body);
  });
}
