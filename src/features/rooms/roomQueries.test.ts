import type { Query } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/errors';
import { type ConnectionInfo, connectionInfoPollInterval } from './roomQueries';

type InfoQuery = Parameters<typeof connectionInfoPollInterval>[0];
const query = (state: Partial<Query<ConnectionInfo, Error>['state']>) =>
  ({ state: { dataUpdateCount: 0, errorUpdateCount: 0, data: undefined, error: null, ...state } }) as InfoQuery;
const starting: ConnectionInfo = { roomId: 'r', status: 'starting', additionalExposedPorts: [] };
const active: ConnectionInfo = {
  roomId: 'r',
  status: 'active',
  additionalExposedPorts: [],
  exposedPort: { host: 'h', port: 1, transportType: 'tcp', name: 'default' },
};

describe('connection info polling', () => {
  it('backs off 0.5 s, 1 s, 2 s, then every 3 s while the room starts', () => {
    expect(
      [1, 2, 3, 4, 9].map((n) => connectionInfoPollInterval(query({ data: starting, dataUpdateCount: n }))),
    ).toEqual([500, 1000, 2000, 3000, 3000]);
    expect(connectionInfoPollInterval(query({ errorUpdateCount: 5, error: new ApiError(500, 'x') }))).toBe(3000);
  });

  it('stops once the room is active, and for a room that is gone', () => {
    expect(connectionInfoPollInterval(query({ data: active, dataUpdateCount: 3 }))).toBe(false);
    expect(
      connectionInfoPollInterval(query({ data: active, dataUpdateCount: 3, error: new ApiError(404, 'gone') })),
    ).toBe(false);
  });

  it('stops for a suspended room (409): only a resume schedules it again', () => {
    const suspended = new ApiError(409, 'Room r is suspended; resume it');
    expect(connectionInfoPollInterval(query({ errorUpdateCount: 1, error: suspended }))).toBe(false);
    expect(connectionInfoPollInterval(query({ data: starting, dataUpdateCount: 2, error: suspended }))).toBe(false);
  });
});
