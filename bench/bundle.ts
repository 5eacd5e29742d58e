import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Manifest } from 'vite';
import { ROOT } from './server.ts';

/**
 * The production builds `npm run bench` measures: the dashboard at `/`, the bare React reference at `/reference/`,
 * and the bench page mounting the process page's panels at `/panels/` (bench/panels/).
 */
export async function buildWeb(webRoot: string): Promise<Manifest> {
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'error',
    build: { outDir: webRoot, emptyOutDir: true, manifest: true },
  });
  await build({
    configFile: join(ROOT, 'bench/reference/vite.config.ts'),
    logLevel: 'error',
    build: { outDir: join(webRoot, 'reference') },
  });
  await build({
    configFile: join(ROOT, 'bench/panels/vite.config.ts'),
    logLevel: 'error',
    build: { outDir: join(webRoot, 'panels') },
  });
  return JSON.parse(readFileSync(join(webRoot, '.vite/manifest.json'), 'utf8')) as Manifest;
}

export interface Sizes {
  /** Bytes after gzip (zlib's default level, as servers compress on the fly), per kind. */
  js: number;
  css: number;
  files: string[];
}

/** gzip sizes of built files, given as paths under the web root (`assets/index-abc.js`). */
export function gzipSizes(webRoot: string, files: Iterable<string>): Sizes {
  const sizes: Sizes = { js: 0, css: 0, files: [] };
  for (const file of new Set(files)) {
    const bytes = gzipSync(readFileSync(join(webRoot, file))).length;
    if (file.endsWith('.js')) sizes.js += bytes;
    else if (file.endsWith('.css')) sizes.css += bytes;
    else continue;
    sizes.files.push(file);
  }
  sizes.files.sort();
  return sizes;
}

/** A chunk of the manifest with everything it imports statically: what loading it fetches (JS and CSS). */
export function closure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const css of chunk.css ?? []) into.add(css);
  for (const imported of chunk.imports ?? []) closure(manifest, imported, into);
  return into;
}

export interface LazyChunk {
  /** The lazily loaded module, e.g. `ProcessPage` (a route) or `IdSearch`. */
  name: string;
  source: string;
  /** What loading it adds to what the first page already loaded. */
  more: Sizes;
}

/** Every dynamic import of the build (routes, the id search, overlays) and what it adds to the first page. */
export function lazyChunks(webRoot: string, manifest: Manifest, firstPage: ReadonlySet<string>): LazyChunk[] {
  const sources = new Set(Object.values(manifest).flatMap((chunk) => chunk.dynamicImports ?? []));
  const onFirstPage = (source: string) => firstPage.has(manifest[source]?.file ?? '');
  return [...sources]
    .filter((source) => !onFirstPage(source))
    .sort()
    .map((source) => ({
      name: basename(source).replace(/\.[jt]sx?$/, ''),
      source,
      more: gzipSizes(
        webRoot,
        [...closure(manifest, source)].filter((file) => !firstPage.has(file)),
      ),
    }));
}

export const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
