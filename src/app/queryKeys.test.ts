import { describe, expect, it } from 'vitest';
import { processKeyRoots } from '@/api/scope';
import { processKeys } from '@/features/processes/processQueries';

// Room mutations refresh process data through the shared roots (features do not import each other).
describe('process key roots', () => {
  it('are the prefixes of the process keys', () => {
    const s = { connectionId: 'c', appId: 'a' } as Parameters<typeof processKeys.all>[0];
    expect(processKeys.all(s)).toEqual(processKeyRoots.all(s));
    expect(processKeys.list(s, 'running', undefined).slice(0, 5)).toEqual(processKeyRoots.lists(s));
    expect(processKeys.detail(s, 'p1')).toEqual(processKeyRoots.detail(s, 'p1'));
  });
});
