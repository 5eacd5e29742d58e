import { describe, expect, it } from 'vitest';
import { paths } from '@/config/paths';
import { createHathoraClient } from './client';
import { type ApiScope, linkTo } from './scope';

const scope = (sharedAppId?: boolean): ApiScope => ({
  connectionId: 'conn-2',
  appId: 'app-1',
  baseUrl: '/api',
  client: createHathoraClient({ baseUrl: '/api' }),
  readOnly: false,
  ...(sharedAppId ? { sharedAppId } : {}),
});

describe('linkTo', () => {
  it('names the connection in links only when another connection shares the app id', () => {
    expect(paths.room.getHref(linkTo(scope()), 'r1')).toBe('/apps/app-1/rooms/r1');
    expect(paths.room.getHref(linkTo(scope(true)), 'r1')).toBe('/apps/app-1/rooms/r1?c=conn-2');
    expect(paths.process.getHref(linkTo(scope(true)), 'p1')).toBe('/apps/app-1/processes/p1?c=conn-2');
  });
});
