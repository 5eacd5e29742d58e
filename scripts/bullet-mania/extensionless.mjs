// Restores what `node --experimental-specifier-resolution=node` did before Node 19 removed the flag: a relative
// ESM import without an extension ("../common/types") resolves to "<it>.js" or "<it>/index.js".
// For games built for Node 18 (e.g. hathora/bullet-mania, whose Dockerfile runs
// `node --experimental-specifier-resolution=node server/server.js`); see docs/bullet-mania.md.
// Use: node --import /path/to/extensionless.mjs server/server.js   (Node >= 20.6)
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !relative || /\\.[cm]?js$|\\.json$/.test(specifier)) throw err;
    for (const suffix of ['.js', '/index.js']) {
      try {
        return await next(specifier + suffix, context);
      } catch {}
    }
    throw err;
  }
}
`),
);
