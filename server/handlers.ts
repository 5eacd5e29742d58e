import type { OperationHandlers } from './openapi.ts';
import type { Store } from './store.ts';

type H<K extends keyof OperationHandlers> = OperationHandlers[K];

/**
 * The handler of every operationId of openapi/openapi.yaml (the keys are the operationIds). Validation and
 * serialization come from the document; the handlers only call the store.
 */
export class Handlers implements OperationHandlers {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
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
  GetConnectionInfo: H<'GetConnectionInfo'> = (req) =>
    this.#store.getConnectionInfo(req.params.appId, req.params.roomId);
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
