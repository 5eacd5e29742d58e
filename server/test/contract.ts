import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Validates served responses against openapi/openapi.yaml with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses),
 * independently of the server's own route registration: `$ref`s are resolved by Ajv inside the document.
 */
const DOC_ID = 'https://roomdeck.local/openapi.json';
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

interface Operation {
  operationId: string;
  method: string;
  /** The document's path, e.g. `/rooms/v2/{appId}/info/{roomId}`. */
  path: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, unknown> } | { $ref: string }>;
  pointer: string;
}

type DocResponses = Record<string, { $ref?: string; content?: Record<string, unknown> }>;
interface Doc {
  paths: Record<string, Record<string, { operationId: string; responses: DocResponses }>>;
  components: { responses: Record<string, { content?: Record<string, unknown> }> };
}

const escapePointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

export class Contract {
  readonly doc: Doc;
  readonly operations: Operation[] = [];
  /** operationId -> statuses seen and validated. */
  readonly seen = new Map<string, Set<number>>();
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ReturnType<Ajv2020['compile']>>();

  constructor(path = resolve(import.meta.dirname, '..', '..', 'openapi', 'openapi.yaml')) {
    this.doc = parse(readFileSync(path, 'utf8'), { merge: true }) as Doc;
    this.ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(this.ajv);
    this.ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
    });
    for (const keyword of ['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components']) {
      this.ajv.addKeyword(keyword);
    }
    this.ajv.addSchema({ ...this.doc, $id: DOC_ID });
    for (const [path, item] of Object.entries(this.doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        this.operations.push({
          operationId: op.operationId,
          method: method.toUpperCase(),
          path,
          pattern: new RegExp(`^/api${path.replace(/\{\w+\}/g, '[^/]+')}$`),
          responses: op.responses,
          pointer: `/paths/${escapePointer(path)}/${method}/responses`,
        });
      }
    }
  }

  /** The operation a request path (`/api/...`, without query) belongs to, if any. */
  operationFor(method: string, path: string): Operation | undefined {
    return this.operations.find((op) => op.method === method && op.pattern.test(path));
  }

  /**
   * Checks one served response. Responses of a documented operation must have a documented status and match its
   * schema; anything else that is an error must be a JSON `{"message"}` (ApiError). Throws with the details.
   */
  check(method: string, path: string, status: number, contentType: string | null, body: unknown): void {
    const op = this.operationFor(method, path);
    if (!op) {
      if (status >= 400) this.validate('#/components/schemas/ApiError', body, `${method} ${path} ${status}`);
      return;
    }
    const response = op.responses[String(status)];
    if (!response) {
      throw new Error(`${op.operationId} answered ${status}, which openapi.yaml does not document for it`);
    }
    const resolved =
      '$ref' in response
        ? this.doc.components.responses[response.$ref.replace('#/components/responses/', '')]
        : (response as { content?: Record<string, unknown> });
    const where = `${op.operationId} ${status}`;
    if (resolved?.content?.['application/json']) {
      if (!contentType?.startsWith('application/json')) {
        throw new Error(`${where}: content-type ${contentType}, expected application/json`);
      }
      const pointer =
        '$ref' in response
          ? `${response.$ref}/content/application~1json/schema`
          : `#${op.pointer}/${status}/content/application~1json/schema`;
      this.validate(pointer, body, where);
    } else if (resolved?.content && Object.keys(resolved.content).length > 0) {
      // A non-JSON body (LogsV1's application/octet-stream): the content-type must be a documented one.
      const types = Object.keys(resolved.content);
      if (!types.some((t) => contentType?.startsWith(t))) {
        throw new Error(`${where}: content-type ${contentType}, expected ${types.join(' or ')}`);
      }
    } else if (body !== undefined && body !== '') {
      throw new Error(`${where}: expected no body, got ${JSON.stringify(body)}`);
    }
    const statuses = this.seen.get(op.operationId) ?? new Set();
    this.seen.set(op.operationId, statuses.add(status));
  }

  private validate(pointer: string, body: unknown, where: string): void {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOC_ID}${encodeURI(pointer)}` });
      this.validators.set(pointer, validate);
    }
    if (!validate(body)) {
      throw new Error(
        `${where}: response does not match openapi.yaml: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
      );
    }
  }
}

/** One checker shared by all tests of a file: every response any test receives is validated. */
export const contract = new Contract();
