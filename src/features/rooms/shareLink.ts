import { readRuntimeConfig } from '@/config/runtime';
import { joinUrl } from './joinLink';

/** Where the browser is, as far as share links go: `location` in the app, a fixed value in tests. */
export interface ShareContext {
  /** ROOMDECK_PUBLIC_URL, from the serving Roomdeck's config script. */
  publicUrl: string | undefined;
  /** The origin this page was opened at. */
  origin: string;
  hostname: string;
}

export function currentShareContext(): ShareContext {
  return {
    publicUrl: readRuntimeConfig()?.publicUrl,
    origin: window.location.origin,
    hostname: window.location.hostname,
  };
}

/** localhost, 127.0.0.0/8 and ::1: an address that means "this machine" to whoever opens it. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export interface ShareLink {
  /** The absolute join URL (`/join/<appId>/<roomId>`), on ROOMDECK_PUBLIC_URL when it is set. */
  url: string;
  /** Only this machine can open `url`: no public URL is set and the page was opened at a loopback address. */
  thisMachineOnly: boolean;
}

/** The join link to hand to others, and whether it reaches anyone but this machine. */
export function shareLink(
  appId: string,
  roomId: string,
  apiBaseUrl: string,
  context: ShareContext = currentShareContext(),
): ShareLink {
  const local = new URL(joinUrl(appId, roomId, apiBaseUrl, context.origin));
  if (context.publicUrl) {
    return { url: `${context.publicUrl}${local.pathname}${local.search}`, thisMachineOnly: false };
  }
  return { url: local.href, thisMachineOnly: isLoopbackHostname(context.hostname) };
}

export const THIS_MACHINE_ONLY = 'This link works on this machine only — set ROOMDECK_PUBLIC_URL so others can open it';

/** A connection address the simulated runtime made up: nothing listens there. */
export function isSimulatedHost(host: string): boolean {
  return host.toLowerCase().endsWith('.rooms.roomdeck.local');
}
