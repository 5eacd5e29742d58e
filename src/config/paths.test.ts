import { describe, expect, it } from 'vitest';
import { paths } from './paths';

describe('paths', () => {
  it('name the connection of an app link only when given one', () => {
    expect(paths.room.getHref('app-1', 'r 1')).toBe('/apps/app-1/rooms/r%201');
    expect(paths.room.getHref({ appId: 'app-1' }, 'r1')).toBe('/apps/app-1/rooms/r1');
    expect(paths.room.getHref({ appId: 'app-1', connectionId: 'c-1' }, 'r1')).toBe('/apps/app-1/rooms/r1?c=c-1');
    expect(paths.processes.getHref({ appId: 'app-1', connectionId: 'c 2' })).toBe('/apps/app-1/processes?c=c%202');
    expect(paths.process.getHref({ appId: 'a', connectionId: 'c' }, 'p')).toBe('/apps/a/processes/p?c=c');
    expect(paths.newRoom.getHref({ appId: 'a', connectionId: 'c' })).toBe('/apps/a/rooms/new?c=c');
  });
});
