import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  onRequestHookHandler,
  preValidationHookHandler,
} from 'fastify';
import { parse } from 'yaml';
import type { operations } from '../src/api/schema.d.ts';
import { PROJECT_ROOT } from './config.ts';

/** The contract: every route the server answers under /api, with its schemas. */
export const OPENAPI_PATH = resolve(PROJECT_ROOT, 'openapi', 'openapi.yaml');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiOperation {
  operationId: keyof operations;
  parameters?: JsonObject[];
  requestBody?: JsonObject;
  responses: Record<string, JsonObject>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  openapi: string;
  security?: Record<string, string[]>[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: JsonObject;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
type HttpMethod = (typeof METHODS)[number];

export function loadOpenApi(path = OPENAPI_PATH): OpenApiDocument {
  // The document uses a YAML merge key (`<<: *processProperties`), which needs `merge: true`.
  return parse(readFileSync(path, 'utf8'), { merge: true }) as OpenApiDocument;
}

/** Follows a local `$ref` such as `#/components/schemas/Room`. */
function lookup(doc: OpenApiDocument, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: Json = doc as unknown as Json;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !(key in node)) {
      throw new Error(`Unresolvable $ref ${ref}`);
    }
    node = node[key] as Json;
  }
  return node;
}

/**
 * Returns a copy of `node` with every `$ref` replaced by its target (recursively), which gives self-contained
 * JSON schemas for Fastify's validator and serializer. Keys beside a `$ref` are kept. The document has no
 * recursive schemas; a cycle is reported instead of looping.
 */
export function inlineRefs(doc: OpenApiDocument, node: Json, seen: string[] = []): Json {
  if (Array.isArray(node)) return node.map((item) => inlineRefs(doc, item, seen));
  if (node === null || typeof node !== 'object') return node;
  const ref = node.$ref;
  if (typeof ref === 'string') {
    if (seen.includes(ref)) throw new Error(`Recursive $ref ${[...seen, ref].join(' -> ')}`);
    const { $ref: _, ...siblings } = node;
    const target = inlineRefs(doc, lookup(doc, ref), [...seen, ref]);
    return { ...(target as JsonObject), ...(inlineRefs(doc, siblings, seen) as JsonObject) };
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = inlineRefs(doc, value, seen);
  return out;
}

/**
 * Rewrites `oneOf: [<object schema>, {type: 'null'}]` into the equivalent `type: ['object', 'null']` form. Both
 * accept exactly the same values, but fast-json-stringify serializes `oneOf` by running an Ajv validation of each
 * alternative on every response (date-time formats included), and a type union with a typeof check.
 */
export function nullableObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(nullableObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = nullableObjects(value);
  const options = out.oneOf;
  if (Array.isArray(options) && options.length === 2) {
    const nullIndex = options.findIndex((o) => isObject(o) && o.type === 'null' && Object.keys(o).length === 1);
    const other = options[1 - nullIndex];
    if (nullIndex !== -1 && isObject(other) && other.type === 'object') {
      const { oneOf: _, ...siblings } = out;
      return { ...siblings, ...other, type: ['object', 'null'] };
    }
  }
  return out;
}

const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface RouteSpec {
  method: Uppercase<HttpMethod>;
  /** The OpenAPI path, e.g. `/rooms/v2/{appId}/info/{roomId}`. */
  path: string;
  /** The Fastify path, e.g. `/rooms/v2/:appId/info/:roomId`. */
  url: string;
  operationId: keyof operations;
  requiresAuth: boolean;
  schema: FastifySchema;
  /** Matches a concrete request path (without the /api prefix). */
  pattern: RegExp;
}

/** Every operation of the document, with Fastify schemas built from its parameters, body and responses. */
export function routeSpecs(doc: OpenApiDocument): RouteSpec[] {
  const specs: RouteSpec[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const security = op.security ?? doc.security ?? [];
      specs.push({
        method: method.toUpperCase() as Uppercase<HttpMethod>,
        path,
        url: path.replace(/\{(\w+)\}/g, ':$1'),
        operationId: op.operationId,
        requiresAuth: security.length > 0 && security.every((req) => Object.keys(req).length > 0),
        schema: operationSchema(doc, op),
        pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
      });
    }
  }
  return specs;
}

function operationSchema(doc: OpenApiDocument, op: OpenApiOperation): FastifySchema {
  const schema: FastifySchema = {};
  const params = (op.parameters ?? []).map((p) => inlineRefs(doc, p) as JsonObject);
  for (const [location, part] of [
    ['path', 'params'],
    ['query', 'querystring'],
  ] as const) {
    const ofPart = params.filter((p) => p.in === location);
    if (ofPart.length === 0) continue;
    schema[part] = {
      type: 'object',
      properties: Object.fromEntries(ofPart.map((p) => [p.name, p.schema])),
      required: ofPart.filter((p) => p.required === true).map((p) => p.name),
    };
  }

  if (op.requestBody) {
    const body = inlineRefs(doc, op.requestBody) as { content?: Record<string, { schema: Json }> };
    const json = body.content?.['application/json'];
    if (!json) throw new Error(`${op.operationId}: only application/json request bodies are supported`);
    schema.body = json.schema;
  }

  const response: Record<string, Json> = {};
  for (const [status, res] of Object.entries(op.responses)) {
    const resolved = inlineRefs(doc, res) as { content?: Record<string, { schema: Json }> };
    const json = resolved.content?.['application/json'];
    if (json) response[status] = nullableObjects(json.schema);
  }
  schema.response = response;
  return schema;
}

type Op<K extends keyof operations> = operations[K];
type ParamsOf<K extends keyof operations> = Op<K>['parameters'] extends { path: infer P } ? P : unknown;
type QueryOf<K extends keyof operations> = NonNullable<Op<K>['parameters']['query']>;
type BodyOf<K extends keyof operations> =
  Op<K> extends { requestBody: { content: { 'application/json': infer B } } } ? B : undefined;

/** A request of operation K, typed from the generated client types (`npm run gen:api`). */
export type OperationRequest<K extends keyof operations> = FastifyRequest<{
  Params: ParamsOf<K>;
  Querystring: QueryOf<K>;
  Body: BodyOf<K>;
}>;

export type OperationHandlers = {
  [K in keyof operations]: (request: OperationRequest<K>, reply: FastifyReply) => unknown;
};

/** The onRequest hooks of one route (authentication, read-only mode), in order; `[]` for none. */
export type RouteGuards = (spec: RouteSpec) => onRequestHookHandler[];

/**
 * Registers every operation of the document on `app` (mount it under /api), each with its schemas, its guards
 * and the handler of its operationId. The document and the handlers must match exactly.
 */
export function registerOperations(
  app: FastifyInstance,
  specs: RouteSpec[],
  handlers: OperationHandlers,
  guards: RouteGuards,
): void {
  const missing = specs.filter((s) => !(s.operationId in handlers)).map((s) => s.operationId);
  const unused = Object.keys(handlers).filter((id) => !specs.some((s) => s.operationId === id));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(`OpenAPI/handler mismatch: no handler for [${missing}], no operation for [${unused}]`);
  }
  for (const spec of specs) {
    const coerce = queryCoercion(spec.schema);
    app.route({
      method: spec.method,
      url: spec.url,
      schema: spec.schema,
      onRequest: guards(spec),
      ...(coerce ? { preValidation: coerce } : {}),
      handler: handlers[spec.operationId] as (request: FastifyRequest, reply: FastifyReply) => unknown,
    });
  }
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Query values arrive as strings (and a repeated key as an array). Validation coerces no types (a JSON body's
 * `"5"` is not 5), so for the query alone the values of integer, number and boolean parameters that are written
 * as such become those types, and a single value of an array parameter becomes a one-item array. Anything else
 * is left as is, for validation to refuse with the parameter's name.
 */
function queryCoercion(schema: FastifySchema): preValidationHookHandler | undefined {
  const properties = (schema.querystring as { properties?: Record<string, JsonObject> } | undefined)?.properties;
  if (!properties) return undefined;
  const typeOf = (s: JsonObject | undefined) => (typeof s?.type === 'string' ? s.type : undefined);
  const kinds = Object.entries(properties)
    .map(([name, s]) => [name, typeOf(s), typeOf(s.items as JsonObject | undefined)] as const)
    .filter(([, type]) => type === 'integer' || type === 'number' || type === 'boolean' || type === 'array');
  if (kinds.length === 0) return undefined;
  const scalar = (type: string | undefined, value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    if ((type === 'integer' || type === 'number') && NUMBER.test(value)) return Number(value);
    if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
    return value;
  };
  return (req, _reply, done) => {
    const query = req.query as Record<string, unknown>;
    for (const [name, type, itemType] of kinds) {
      const value = query[name];
      if (value === undefined) continue;
      if (type === 'array') {
        query[name] = (Array.isArray(value) ? value : [value]).map((v) => scalar(itemType, v));
      } else if (!Array.isArray(value)) {
        query[name] = scalar(type, value);
      }
    }
    done();
  };
}
