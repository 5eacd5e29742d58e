// Fails when src/api/schema.d.ts is not what openapi-typescript generates from openapi/openapi.yaml.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'roomdeck-api-'));
const out = join(dir, 'schema.d.ts');
try {
  execFileSync('npx', ['openapi-typescript', 'openapi/openapi.yaml', '-o', out], { stdio: 'pipe' });
  const fresh = readFileSync(out, 'utf8');
  const committed = readFileSync('src/api/schema.d.ts', 'utf8');
  if (fresh !== committed) {
    console.error('src/api/schema.d.ts is out of date with openapi/openapi.yaml: run `npm run gen:api` and commit it.');
    process.exit(1);
  }
  console.log('API types match openapi/openapi.yaml');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
