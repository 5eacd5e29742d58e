import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperationHandlers } from './openapi.ts';
import { RoomSuspendedError, type Store } from './store.ts';

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
}
