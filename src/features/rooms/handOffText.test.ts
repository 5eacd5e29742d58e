import { describe, expect, it } from 'vitest';
import { handOffText } from './handOffText';

const base = {
  appId: 'app-1',
  roomId: 'qa-1',
  exposedPort: { host: '1.proxy.local', port: 34567, transportType: 'tcp' as const, name: 'default' },
  additionalExposedPorts: [{ host: '1.proxy.local', port: 34568, transportType: 'udp' as const, name: 'debug' }],
  joinUrl: 'https://roomdeck.example/join/app-1/qa-1',
};

describe('hand-off text', () => {
  it('says plainly what the public connection info cannot tell', () => {
    expect(handOffText(base)).toBe(
      [
        'Room: qa-1 (app app-1)',
        'Connect: 1.proxy.local:34567 (TCP)',
        'Also: debug 1.proxy.local:34568 (UDP)',
        'Region: not known here (the public connection info does not include it)',
        'Config: not known here (reading it needs a dev token; see the room in Roomdeck)',
        'Join page: https://roomdeck.example/join/app-1/qa-1',
      ].join('\n'),
    );
  });

  it('includes the region and config when the caller knows them', () => {
    const text = handOffText({
      ...base,
      additionalExposedPorts: [],
      region: 'Washington_DC',
      roomConfig: '{"players":4}',
    });
    expect(text).toContain('Region: Washington, D.C. (US East)');
    expect(text).toContain('Config: {"players":4}');
    expect(text).not.toContain('Also:');
    expect(handOffText({ ...base, roomConfig: null })).toContain('Config: none');
  });
});
