// Proves scripts/check-layers.mjs catches what it is for: run it on small fixture trees. `node --test scripts/`
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), 'check-layers.mjs');

function check(files) {
  const dir = mkdtempSync(join(tmpdir(), 'layers-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
    return { status: run.status, out: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fine = {
  'src/lib/time.ts': 'export const now = () => 1;\n',
  'src/features/rooms/roomQueries.ts': "import { now } from '@/lib/time';\nexport const q = now;\n",
  'src/features/rooms/roomQueries.test.ts':
    "import { createQueryClient } from '@/app/queryClient';\nvoid createQueryClient;\n",
  'src/app/queryClient.ts': "import { q } from '@/features/rooms/roomQueries';\nexport const createQueryClient = q;\n",
  'src/api/schema.d.ts': 'export interface paths {}\n',
  'server/views.ts': "import type { paths } from '../src/api/schema.d.ts';\nexport type P = paths;\n",
  'src/api/client.test.ts': "import { start } from '../../server/test/harness.ts';\nvoid start;\n",
  'server/test/harness.ts': 'export const start = 1;\n',
};

test('a tree that keeps the layers passes', () => {
  const { status, out } = check(fine);
  assert.equal(status, 0, out);
});

test('a feature importing another feature is reported with file:line and the rule', () => {
  const { status, out } = check({
    ...fine,
    'src/features/processes/processView.ts':
      "// a comment line\nimport { q } from '../rooms/roomQueries';\nexport const v = q;\n",
  });
  assert.equal(status, 1);
  assert.match(
    out,
    /src\/features\/processes\/processView\.ts:2: imports \.\.\/rooms\/roomQueries: feature "processes" imports another feature \("rooms"\)/,
  );
});

test('shared code importing a feature or the app, a feature importing the app, src/ importing server/', () => {
  const { status, out } = check({
    ...fine,
    'src/components/Thing.tsx': "import { q } from '@/features/rooms/roomQueries';\nexport const T = q;\n",
    'src/lib/x.ts': "export const x = () => import('@/app/queryClient');\n",
    'src/features/rooms/useThing.ts':
      "import { createQueryClient } from '../../app/queryClient';\nvoid createQueryClient;\n",
    'src/config/env.ts': "import { start } from '../../server/test/harness';\nvoid start;\n",
    'server/app.ts': "import { now } from '../src/lib/time';\nvoid now;\n",
  });
  assert.equal(status, 1);
  assert.match(out, /src\/components\/Thing\.tsx:1: .*imports no feature/);
  assert.match(out, /src\/lib\/x\.ts:1: .*imports nothing from src\/app/);
  assert.match(out, /src\/features\/rooms\/useThing\.ts:1: .*features never depend on the app/);
  assert.match(out, /src\/config\/env\.ts:1: .*src\/ never imports server\//);
  assert.match(out, /server\/app\.ts:1: .*server\/ imports nothing from src\//);
});

test('an import cycle is reported; a cycle through type-only imports is not', () => {
  const cyclic = check({
    ...fine,
    'server/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
    'server/b.ts': "\nimport { a } from './a.ts';\nexport const b = () => a;\n",
  });
  assert.equal(cyclic.status, 1);
  assert.match(
    cyclic.out,
    /server\/a\.ts:1: import cycle: server\/a\.ts -> server\/b\.ts \(line 1 of server\/a\.ts\) -> server\/a\.ts \(line 2 of server\/b\.ts\)/,
  );
  const typeOnly = check({
    ...fine,
    'server/a.ts': "import type { B } from './b.ts';\nexport type A = B | 1;\n",
    'server/b.ts': "import { type A } from './a.ts';\nexport type B = A | 2;\nexport const b = 1;\n",
  });
  assert.equal(typeOnly.status, 0, typeOnly.out);
});
