import { describe, expect, it } from 'vitest';
import { connectionDetailsText, connectionPollDelay, nextConnectionPoll } from './connectionInfo';

describe('connection info polling', () => {
  it('backs off like Hathora SDKs: 0.5, 1, 2, then 3 s for good', () => {
    expect([1, 2, 3, 4, 5, 50].map(connectionPollDelay)).toEqual([500, 1000, 2000, 3000, 3000, 3000]);
    expect(connectionPollDelay(0)).toBe(500);
  });

  it('polls only while the room is starting and the user still waits', () => {
    expect(nextConnectionPoll({ status: 'starting', answers: 1, stopped: false })).toBe(500);
    expect(nextConnectionPoll({ status: 'starting', answers: 3, stopped: false })).toBe(2000);
    expect(nextConnectionPoll({ status: 'starting', answers: 3, stopped: true })).toBe(false);
    expect(nextConnectionPoll({ status: 'active', answers: 2, stopped: false })).toBe(false);
    // no answer yet (loading, or the first call failed): nothing to poll for
    expect(nextConnectionPoll({ status: undefined, answers: 0, stopped: false })).toBe(false);
  });
});

describe('connection details as text', () => {
  it('lists the address, its parts and every additional port', () => {
    const text = connectionDetailsText({
      roomId: 'r1',
      status: 'active',
      exposedPort: { host: '1.proxy.hathora.dev', port: 34567, transportType: 'tcp', name: 'default' },
      additionalExposedPorts: [{ host: '1.proxy.hathora.dev', port: 40000, transportType: 'udp', name: 'debug' }],
    });
    expect(text).toBe(
      [
        'Room: r1',
        'Status: active',
        'Address: 1.proxy.hathora.dev:34567',
        'Host: 1.proxy.hathora.dev',
        'Port: 34567',
        'Transport: tcp',
        'Port name: default',
        'Additional port "debug": 1.proxy.hathora.dev:40000 (udp)',
      ].join('\n'),
    );
  });

  it('says only the status while there is no port yet', () => {
    expect(connectionDetailsText({ roomId: 'r2', status: 'starting', additionalExposedPorts: [] })).toBe(
      'Room: r2\nStatus: starting',
    );
  });
});
