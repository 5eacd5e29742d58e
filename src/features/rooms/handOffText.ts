import { regionLabel } from './regions';
import type { ExposedPort } from './roomQueries';

export const endpoint = (port: Pick<ExposedPort, 'host' | 'port'>) => `${port.host}:${port.port}`;
export const transportLabel = (transport: string) => transport.toUpperCase();

export interface HandOff {
  appId: string;
  roomId: string;
  exposedPort: ExposedPort;
  additionalExposedPorts: readonly ExposedPort[];
  joinUrl: string;
  /** Undefined when the caller cannot know it (the public connection info has no region). */
  region?: string | undefined;
  /** Undefined when the caller cannot know it (reading it needs a dev token); null when the room has none. */
  roomConfig?: string | null | undefined;
}

/** The text QA gets to connect to a room: plain lines, saying plainly what is not known. */
export function handOffText(h: HandOff): string {
  const lines = [
    `Room: ${h.roomId} (app ${h.appId})`,
    `Connect: ${endpoint(h.exposedPort)} (${transportLabel(h.exposedPort.transportType)})`,
    ...h.additionalExposedPorts.map((p) => `Also: ${p.name} ${endpoint(p)} (${transportLabel(p.transportType)})`),
    `Region: ${h.region === undefined ? 'not known here (the public connection info does not include it)' : regionLabel(h.region)}`,
    `Config: ${
      h.roomConfig === undefined
        ? 'not known here (reading it needs a dev token; see the room in Roomdeck)'
        : h.roomConfig === null || h.roomConfig === ''
          ? 'none'
          : h.roomConfig
    }`,
    `Join page: ${h.joinUrl}`,
  ];
  return lines.join('\n');
}
