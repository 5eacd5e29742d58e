import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './config.ts';

/**
 * `npm install` on Node 20 gives no engine warning: every package the lockfile installs accepts the oldest Node
 * Roomdeck supports (package.json engines), as npm checks it (cookie@2, pulled by light-my-request 6.8, wants 22).
 */
describe('engines', () => {
  it('every locked package accepts Node 20.19', () => {
    const lock = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
    };
    const refused = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !p.optional && typeof p.engines === 'object' && !Array.isArray(p.engines))
      .filter(([, p]) => {
        const range = (p.engines as { node?: string }).node;
        return range !== undefined && !semver.satisfies('20.19.0', range, { includePrerelease: true });
      })
      .map(([path, p]) => `${path}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(refused).toEqual([]);
  });
});
