import { existsSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, badRequest } from './errors.ts';
import type { OperationHandlers } from './openapi.ts';
import { followLog, tailLog, wholeLog } from './runtime/logs.ts';
import { type MetricName, RoomSuspendedError, type Store } from './store.ts';

type H<K extends keyof OperationHandlers> = OperationHandlers[K];

/**
 * Whether the caller of a public route may resume a suspended room. `true` lets it; `false` refuses (409), unless
 * the check has answered the request itself (a wrong bearer token: 401).
 */
export type MayResume = (req: FastifyRequest, reply: FastifyReply) => boolean | Promise<boolean>;

export interface HandlerOptions {
  /** Read-only mode: no call may resume a room. */
  readOnly?: boolean;
  /** Who may resume a suspended room through GetConnectionInfo; default nobody. */
  mayResume?: MayResume;
}

/**
 * The handler of every operationId of openapi/openapi.yaml (the keys are the operationIds). Validation and
 * serialization come from the document; the handlers only call the store.
 */
export class Handlers implements OperationHandlers {
  readonly #store: Store;
  readonly #readOnly: boolean;
  readonly #mayResume: MayResume;

  constructor(store: Store, options: HandlerOptions = {}) {
    this.#store = store;
    this.#readOnly = options.readOnly ?? false;
    this.#mayResume = options.mayResume ?? (() => false);
  }

  CreateRoom: H<'CreateRoom'> = (req, reply) => {
    reply.code(201).send(this.#store.createRoom(req.params.appId, req.body, req.query.roomId));
  };
  GetRoomInfo: H<'GetRoomInfo'> = (req) => this.#store.getRoom(req.params.appId, req.params.roomId);
  GetActiveRoomsForProcess: H<'GetActiveRoomsForProcess'> = (req) =>
    this.#store.listActiveRooms(req.params.appId, req.params.processId);
  GetInactiveRoomsForProcess: H<'GetInactiveRoomsForProcess'> = (req) =>
    this.#store.listInactiveRooms(req.params.appId, req.params.processId);
  DestroyRoom: H<'DestroyRoom'> = (req, reply) => {
    this.#store.destroyRoom(req.params.appId, req.params.roomId);
    reply.code(204).send();
  };
  SuspendRoom: H<'SuspendRoom'> = (req, reply) => {
    this.#store.suspendRoom(req.params.appId, req.params.roomId);
    reply.code(204).send();
  };
  ResumeRoom: H<'ResumeRoom'> = (req) => this.#store.resumeRoom(req.params.appId, req.params.roomId);
  /**
   * Public (no token). Hathora reschedules a suspended room here; Roomdeck only for a caller who may resume it
   * (never in read-only mode), so an anonymous poll or a public join link cannot undo a suspension.
   */
  GetConnectionInfo: H<'GetConnectionInfo'> = (req, reply) => {
    const { appId, roomId } = req.params;
    try {
      return this.#store.getConnectionInfo(appId, roomId, false, this.#readOnly);
    } catch (err) {
      if (!(err instanceof RoomSuspendedError) || this.#readOnly) throw err;
      return (async () => {
        if (!(await this.#mayResume(req, reply))) {
          if (reply.sent) return reply;
          throw err;
        }
        return this.#store.getConnectionInfo(appId, roomId, true);
      })();
    }
  };
  UpdateRoomConfig: H<'UpdateRoomConfig'> = (req, reply) => {
    this.#store.updateRoomConfig(req.params.appId, req.params.roomId, req.body.roomConfig);
    reply.code(204).send();
  };
  GetRunningProcesses: H<'GetRunningProcesses'> = (req) =>
    this.#store.listRunningProcesses(req.params.appId, req.query.region);
  GetStoppedProcesses: H<'GetStoppedProcesses'> = (req) =>
    this.#store.listStoppedProcesses(req.params.appId, req.query.region);
  GetProcessInfo: H<'GetProcessInfo'> = (req) => this.#store.getProcess(req.params.appId, req.params.processId);

  // ---- ProcessesV3 ----
  GetLatestProcesses: H<'GetLatestProcesses'> = (req) =>
    this.#store.latestProcesses(req.params.appId, {
      status: req.query.status,
      region: req.query.region,
      before: req.query.before,
    });
  GetProcessesCountExperimental: H<'GetProcessesCountExperimental'> = (req) => ({
    count: this.#store.countProcesses(req.params.appId, {
      status: req.query.status,
      region: req.query.region,
      before: req.query.before,
    }),
  });
  CreateProcess: H<'CreateProcess'> = (req, reply) => {
    reply.code(201).send(this.#store.createProcess(req.params.appId, req.params.region));
  };
  GetProcess: H<'GetProcess'> = (req) => this.#store.getProcessV3(req.params.appId, req.params.processId);
  StopProcess: H<'StopProcess'> = (req, reply) => {
    this.#store.stopProcess(req.params.appId, req.params.processId);
    reply.code(204).send();
  };
  GetProcessMetrics: H<'GetProcessMetrics'> = (req) => {
    const nowS = Math.floor(this.#store.clock() / 1000);
    const end = req.query.end ?? nowS;
    const start = req.query.start ?? end - 3600;
    const step = req.query.step ?? 60;
    if (start > end) throw badRequest(`start (${start}) must not be after end (${end}): both are Unix seconds`);
    if ((end - start) / step > 10_000) {
      throw badRequest(
        `${end - start} s at step=${step} s is more than 10,000 points: use a larger step or a shorter range`,
      );
    }
    const metrics: MetricName[] = req.query.metrics ?? ['cpu', 'memory', 'activeConnections'];
    return this.#store.processMetrics(req.params.appId, req.params.processId, { metrics, start, end, step });
  };

  // ---- LogsV1 ----
  GetLogsForProcess: H<'GetLogsForProcess'> = (req, reply) => {
    const { appId, processId } = req.params;
    const file = this.#logFile(appId, processId);
    const lines = req.query.tailLines ?? 100;
    reply.type('application/octet-stream').header('cache-control', 'no-store');
    if (file === undefined) return reply.send('');
    if (!req.query.follow) return reply.send(tailLog(file, lines).text);
    const ended = () => this.#store.isTerminated(processId);
    const stream = followLog(file, lines, ended);
    req.raw.once('close', () => stream.destroy());
    // Each line as it comes: no buffering by proxies, no compression holding it back.
    reply.header('x-accel-buffering', 'no');
    return reply.send(stream);
  };
  DownloadLogForProcess: H<'DownloadLogForProcess'> = (req, reply) => {
    const { appId, processId } = req.params;
    const file = this.#logFile(appId, processId);
    reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="process-${processId}.log"`)
      .header('cache-control', 'no-store');
    return reply.send(file === undefined ? '' : wholeLog(file));
  };

  /** The process's log file; undefined when its runtime keeps none (simulated); 404 once it was pruned. */
  #logFile(appId: string, processId: string): string | undefined {
    const process = this.#store.getProcessV3(appId, processId); // 404 for an unknown one
    const file = this.#store.runtime.logPath(processId);
    if (file === undefined || this.#store.isSimulated(processId)) return undefined;
    if (!existsSync(file)) {
      if (process.terminatedAt !== null) {
        throw new ApiError(
          404,
          `The log of process ${processId} is no longer kept (it ended at ${process.terminatedAt}; logs are kept ROOMDECK_LOG_RETENTION_HOURS)`,
        );
      }
      return undefined;
    }
    return file;
  }
}
