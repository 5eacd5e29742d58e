import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ContainerPort, Deployment, TransportType } from './runtime/types.ts';

/** A deployment file that cannot be used; the message names the file and the field. */
export class DeploymentError extends Error {
  override name = 'DeploymentError';
}

const TRANSPORTS: readonly TransportType[] = ['tcp', 'udp', 'tls'];
const PORT_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,31}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KNOWN = new Set([
  'command',
  'env',
  'roomsPerProcess',
  'transportType',
  'additionalContainerPorts',
  'idleTimeoutEnabled',
]);
/** Set by Roomdeck for every process (the contract): a deployment may not set them. */
const RESERVED_ENV =
  /^(PORT|ROOMDECK_.*|HATHORA_(PROCESS_ID|APP_ID|REGION|ROOMS_PER_PROCESS|INITIAL_ROOM_ID|INITIAL_ROOM_CONFIG|DEPLOYMENT_ID|HOSTNAME|[A-Z0-9_]+_PORT))$/;

/**
 * Reads and checks a deployment file (ROOMDECK_DEPLOYMENT):
 * `{"command": ["python3", "game.py"], "env": {...}, "roomsPerProcess": 4, "transportType": "tcp",
 *   "additionalContainerPorts": [{"name": "debug", "transportType": "udp"}], "idleTimeoutEnabled": true}`.
 * Only `command` is required. Every problem is reported at once, naming the field.
 */
export function loadDeployment(path: string, defaults: { roomsPerProcess: number }): Deployment {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new DeploymentError(
      `Deployment file ${path} cannot be read (${why}); set ROOMDECK_DEPLOYMENT to a JSON file`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DeploymentError(`Deployment file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseDeployment(json, dirname(resolve(path)), defaults, path);
}

export function parseDeployment(
  json: unknown,
  cwd: string,
  defaults: { roomsPerProcess: number },
  file = 'the deployment',
): Deployment {
  const problems: string[] = [];
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new DeploymentError(
      `Deployment file ${file} must hold a JSON object such as {"command": ["node", "server.mjs"]}`,
    );
  }
  const o = json as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.has(key)) problems.push(`unknown field "${key}" (known: ${[...KNOWN].join(', ')})`);
  }

  const command = o.command;
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    command.some((a) => typeof a !== 'string' || a.length === 0 || a.includes('\0'))
  ) {
    problems.push(
      '"command" must be a non-empty array of non-empty strings (an argv, run without a shell), e.g. ["node", "server.mjs"]',
    );
  }

  const env: Record<string, string> = {};
  if (o.env !== undefined) {
    if (o.env === null || typeof o.env !== 'object' || Array.isArray(o.env)) {
      problems.push('"env" must be an object of strings, e.g. {"LOG_LEVEL": "debug"}');
    } else {
      for (const [name, value] of Object.entries(o.env)) {
        if (!ENV_NAME.test(name)) problems.push(`"env.${name}" is not a valid variable name`);
        else if (RESERVED_ENV.test(name))
          problems.push(`"env.${name}" is set by Roomdeck for every process and cannot be set here`);
        else if (typeof value !== 'string' || value.includes('\0')) problems.push(`"env.${name}" must be a string`);
        else env[name] = value;
      }
    }
  }

  let roomsPerProcess = defaults.roomsPerProcess;
  if (o.roomsPerProcess !== undefined) {
    const n = o.roomsPerProcess;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 10000) {
      problems.push(`"roomsPerProcess" must be a whole number from 1 to 10000, got ${JSON.stringify(n)}`);
    } else roomsPerProcess = n;
  }

  let transportType: TransportType = 'tcp';
  if (o.transportType !== undefined) {
    if (!TRANSPORTS.includes(o.transportType as TransportType)) {
      problems.push(`"transportType" must be tcp, udp or tls, got ${JSON.stringify(o.transportType)}`);
    } else transportType = o.transportType as TransportType;
  }

  const additionalContainerPorts: ContainerPort[] = [];
  if (o.additionalContainerPorts !== undefined) {
    if (!Array.isArray(o.additionalContainerPorts)) {
      problems.push('"additionalContainerPorts" must be an array of {"name": ..., "transportType": ...}');
    } else {
      const names = new Set<string>(['default']);
      o.additionalContainerPorts.forEach((p: unknown, i) => {
        const at = `"additionalContainerPorts[${i}]"`;
        if (p === null || typeof p !== 'object') {
          problems.push(`${at} must be an object {"name": ..., "transportType": ...}`);
          return;
        }
        const { name, transportType: t } = p as Record<string, unknown>;
        if (typeof name !== 'string' || !PORT_NAME.test(name)) {
          problems.push(
            `${at}.name must be a letter then up to 31 letters, digits, '_' or '-', got ${JSON.stringify(name)}`,
          );
        } else if (names.has(name.toLowerCase())) {
          problems.push(`${at}.name "${name}" is used twice (or is "default", the main port's name)`);
        } else if (!TRANSPORTS.includes(t as TransportType)) {
          problems.push(`${at}.transportType must be tcp, udp or tls, got ${JSON.stringify(t)}`);
        } else {
          names.add(name.toLowerCase());
          additionalContainerPorts.push({ name, transportType: t as TransportType });
        }
      });
      if (o.additionalContainerPorts.length > 2)
        problems.push('"additionalContainerPorts" may list at most 2 ports (as on Hathora)');
    }
  }

  let idleTimeoutEnabled = true;
  if (o.idleTimeoutEnabled !== undefined) {
    if (typeof o.idleTimeoutEnabled !== 'boolean') problems.push('"idleTimeoutEnabled" must be true or false');
    else idleTimeoutEnabled = o.idleTimeoutEnabled;
  }

  if (problems.length > 0) {
    throw new DeploymentError(`Deployment file ${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return {
    command: command as string[],
    cwd: isAbsolute(cwd) ? cwd : resolve(cwd),
    env,
    roomsPerProcess,
    transportType,
    additionalContainerPorts,
    idleTimeoutEnabled,
  };
}

/** Identifies a deployment's content: a changed file is a new deployment. */
export function deploymentHash(runtime: string, deployment: Deployment | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify({ runtime, deployment: deployment ?? null }))
    .digest('hex')
    .slice(0, 32);
}

/** The environment variable of an additional port: `debug` -> HATHORA_DEBUG_PORT. */
export function portEnvName(name: string): string {
  return `HATHORA_${name.toUpperCase().replaceAll('-', '_')}_PORT`;
}
