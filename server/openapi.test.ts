import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { Handlers } from './handlers.ts';
import {
  inlineRefs,
  loadOpenApi,
  nullableObjects,
  type OpenApiDocument,
  type OperationHandlers,
  registerOperations,
  routeSpecs,
} from './openapi.ts';
import type { Store } from './store.ts';

const doc = loadOpenApi();

describe('route specs from openapi.yaml', () => {
  const specs = routeSpecs(doc);

  it('has the 20 operations with Fastify paths and auth from the security requirements', () => {
    expect(specs).toHaveLength(20);
    const info = specs.find((s) => s.operationId === 'GetRoomInfo');
    expect(info).toMatchObject({ method: 'GET', url: '/rooms/v2/:appId/info/:roomId', requiresAuth: true });
    expect(specs.filter((s) => !s.requiresAuth).map((s) => s.operationId)).toEqual(['GetConnectionInfo']);
    expect(info?.pattern.test('/rooms/v2/app-1/info/room-1')).toBe(true);
    expect(info?.pattern.test('/rooms/v2/app-1/info/room-1/x')).toBe(false);
  });

  it('builds params, querystring, body and response schemas with every $ref resolved', () => {
    const create = specs.find((s) => s.operationId === 'CreateRoom');
    expect(create?.schema.params).toMatchObject({ required: ['appId'], properties: { appId: { type: 'string' } } });
    expect(create?.schema.querystring).toMatchObject({ required: [], properties: { roomId: { maxLength: 100 } } });
    expect(create?.schema.body).toMatchObject({
      required: ['region'],
      properties: { roomConfig: { maxLength: 10000 } },
    });
    expect(Object.keys(create?.schema.response as object).sort()).toEqual([
      '201',
      '400',
      '401',
      '404',
      '413',
      '415',
      '500',
    ]);
    expect(JSON.stringify(specs.map((s) => s.schema))).not.toContain('$ref');
  });

  it('serializes nullable objects with a type union instead of oneOf', () => {
    const room = specs.find((s) => s.operationId === 'GetRoomInfo')?.schema.response as Record<string, unknown>;
    const current = (room['200'] as { properties: { currentAllocation: Record<string, unknown> } }).properties
      .currentAllocation;
    expect(current.oneOf).toBeUndefined();
    expect(current.type).toEqual(['object', 'null']);
    expect(current.required).toEqual(['unscheduledAt', 'scheduledAt', 'processId', 'roomAllocationId']);
  });
});

describe('inlineRefs and nullableObjects', () => {
  it('reports a recursive $ref instead of looping', () => {
    const cyclic = { components: { schemas: { A: { properties: { a: { $ref: '#/components/schemas/A' } } } } } };
    expect(() => inlineRefs(cyclic as unknown as OpenApiDocument, { $ref: '#/components/schemas/A' })).toThrow(
      /Recursive \$ref/,
    );
    expect(() => inlineRefs(doc, { $ref: '#/components/schemas/Nope' })).toThrow(/Unresolvable/);
  });

  it('leaves other oneOfs alone', () => {
    const other = { oneOf: [{ type: 'string' }, { type: 'null' }] };
    expect(nullableObjects(other)).toEqual(other);
    const three = { oneOf: [{ type: 'object' }, { type: 'null' }, { type: 'string' }] };
    expect(nullableObjects(three)).toEqual(three);
  });
});

describe('registerOperations', () => {
  it('refuses a document and handler set that do not match', () => {
    const app = Fastify();
    const handlers = new Handlers({} as Store) as Partial<OperationHandlers>;
    delete handlers.GetProcessInfo;
    expect(() => registerOperations(app, routeSpecs(doc), handlers as OperationHandlers, () => [])).toThrow(
      /no handler for \[GetProcessInfo\]/,
    );
  });
});
