import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file the dashboard serves as it is. */
export type Asset = { file: string; contentType: string; cacheControl: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The page's folder: plain HTML, CSS and ES modules the browser loads as they are (no build step). */
export const PAGE_DIR = fileURLToPath(new URL('../../page/', import.meta.url));

/** Where the page imports ECharts from (its import map names this path). */
export const ECHARTS_PATH = '/vendor/echarts.js';

/**
 * The URL paths the dashboard serves from disk: `/` (the page), every page file by name, and ECharts'
 * ES module build from the installed package (the machine may be offline, so never a CDN).
 */
export function dashboardAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const fresh = 'no-cache';
  for (const name of readdirSync(PAGE_DIR)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType === undefined) continue;
    assets.set(`/${name}`, { file: join(PAGE_DIR, name), contentType, cacheControl: fresh });
  }
  assets.set('/', {
    file: join(PAGE_DIR, 'index.html'),
    contentType: CONTENT_TYPES['.html'] as string,
    cacheControl: fresh,
  });
  assets.set(ECHARTS_PATH, {
    file: echartsModuleFile(),
    contentType: CONTENT_TYPES['.js'] as string,
    cacheControl: 'max-age=3600',
  });
  return assets;
}

/** ECharts' minified ES module build, next to the CommonJS build its package resolves to. */
function echartsModuleFile(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('echarts')), 'echarts.esm.min.mjs');
}
