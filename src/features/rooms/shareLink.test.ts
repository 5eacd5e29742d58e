import { afterEach, describe, expect, it } from 'vitest';
import { currentShareContext, isLoopbackHostname, isSimulatedHost, shareLink } from './shareLink';

const APP = 'app-1';
const local = { publicUrl: undefined, origin: 'http://127.0.0.1:8080', hostname: '127.0.0.1' };

describe('shareLink', () => {
  it('puts the join page on ROOMDECK_PUBLIC_URL when it is set', () => {
    expect(shareLink(APP, 'room 1', '/api', { ...local, publicUrl: 'http://192.168.1.20:8080' })).toEqual({
      url: 'http://192.168.1.20:8080/join/app-1/room%201',
      thisMachineOnly: false,
    });
  });

  it('keeps another API in the link, made absolute', () => {
    const { url } = shareLink(APP, 'r1', 'https://api.example.com/v1', { ...local, publicUrl: 'https://qa.example' });
    expect(url).toBe(`https://qa.example/join/app-1/r1?api=${encodeURIComponent('https://api.example.com/v1')}`);
  });

  it('says a loopback address works on this machine only, and another does not', () => {
    expect(shareLink(APP, 'r1', '/api', local)).toEqual({
      url: 'http://127.0.0.1:8080/join/app-1/r1',
      thisMachineOnly: true,
    });
    const lan = { publicUrl: undefined, origin: 'http://192.168.1.20:8080', hostname: '192.168.1.20' };
    expect(shareLink(APP, 'r1', '/api', lan)).toEqual({
      url: 'http://192.168.1.20:8080/join/app-1/r1',
      thisMachineOnly: false,
    });
  });

  it('counts localhost, 127/8 and ::1 as loopback', () => {
    for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) {
      expect(isLoopbackHostname(h), h).toBe(true);
    }
    for (const h of ['192.168.1.20', 'example.com', '127.0.0.1.example.com', '[::2]', 'localhost.example']) {
      expect(isLoopbackHostname(h), h).toBe(false);
    }
  });

  it('knows the simulated runtime addresses', () => {
    expect(isSimulatedHost('chicago.rooms.roomdeck.local')).toBe(true);
    expect(isSimulatedHost('127.0.0.1')).toBe(false);
    expect(isSimulatedHost('rooms.roomdeck.local.example.com')).toBe(false);
  });
});

describe('currentShareContext', () => {
  afterEach(() => {
    delete window.__ROOMDECK__;
  });

  it('reads the public URL from the serving Roomdeck config script, and refuses a damaged one', () => {
    window.__ROOMDECK__ = { apiBaseUrl: '/api', appId: APP, mode: 'local', publicUrl: 'http://192.168.1.20:8080' };
    expect(currentShareContext()).toEqual({
      publicUrl: 'http://192.168.1.20:8080',
      origin: window.location.origin,
      hostname: window.location.hostname,
    });
    for (const bad of ['javascript:alert(1)', '//evil.example', 'http://u:p@host', 'http://host/?q=1']) {
      window.__ROOMDECK__ = { apiBaseUrl: '/api', appId: APP, publicUrl: bad };
      expect(currentShareContext().publicUrl, bad).toBeUndefined();
    }
  });
});
