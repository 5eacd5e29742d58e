import { BODY_LIMIT } from '../http.ts';
import { loadOpenApi, type RouteSpec, routeSpecs } from '../openapi.ts';
import type { RawRequest } from './rawHttp.ts';

/**
 * The malformed requests of the fuzz suite (server/fuzz.test.ts), generated from the OpenAPI document and a
 * seeded PRNG: the same seed gives the same requests, in the same order.
 */

/** mulberry32: a small, fast PRNG that is good enough to pick fuzz inputs (not for anything secret). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  /** What is wrong with the request, for the failure report. */
  name: string;
  request: RawRequest;
  /** The right answers for this request: 4xx statuses only. */
  expect: readonly number[];
}

/** Existing data the requests aim at, so that a request wrongly accepted would change something visible. */
export interface FuzzTargets {
  appId: string;
  token: string;
  /** Rooms that exist (any state). */
  rooms: readonly string[];
  /** A suspended room (resume or connectioninfo would schedule it). */
  suspendedRoom: string;
  /** Processes that exist. */
  processes: readonly string[];
  /** The dashboard's directory is `<dir>/web`; `<dir>/secret.txt` must never be served. */
  secretFile: string;
  /** The server has access control (ROOMDECK_ACCESS_TOKEN): /_roomdeck/signin and /signout exist. */
  accessControl?: boolean;
}

const HEADER_LIMIT = 16 * 1024; // Node's --max-http-header-size default
const ID = /^[a-zA-Z0-9_-]{1,100}$/;

type Rng = () => number;

/**
 * `local`: the local server, where the API needs the dev token. `proxy`: a proxy-mode server on loopback, which
 * needs no token from its clients (it holds the upstream's) but refuses cross-site requests; it has no faults.
 */
export type FuzzMode = 'local' | 'proxy';

/** Everything the generators share. */
class Gen {
  readonly cases: FuzzCase[] = [];
  readonly specs: RouteSpec[] = routeSpecs(loadOpenApi());

  constructor(
    readonly t: FuzzTargets,
    readonly rand: Rng,
    readonly mode: FuzzMode,
  ) {}

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  add(name: string, request: RawRequest, expect: readonly number[]): void {
    this.cases.push({ name, request, expect });
  }

  get auth(): [string, string] {
    return ['Authorization', `Bearer ${this.t.token}`];
  }

  /** The concrete URL of an operation; ids default to existing ones (rotating through them). */
  url(spec: RouteSpec, ids: { appId?: string; roomId?: string; processId?: string } = {}): string {
    return `/api${spec.path
      .replace('{appId}', ids.appId ?? this.t.appId)
      .replace('{roomId}', ids.roomId ?? this.defaultRoom(spec))
      .replace('{processId}', ids.processId ?? this.pick(this.t.processes))
      .replace('{region}', 'Sydney')}`;
  }

  /**
   * An existing room for the operation. Resume and connectioninfo get the suspended room: answering one of their
   * malformed requests as if it were valid would schedule it, which the data check of the suite sees.
   */
  defaultRoom(spec: RouteSpec): string {
    return /\/(resume|connectioninfo)\//.test(spec.path) ? this.t.suspendedRoom : this.pick(this.t.rooms);
  }

  /** A valid request of the operation (with the token and, if it has one, a valid body). */
  valid(spec: RouteSpec, ids: Parameters<Gen['url']>[1] = {}): RawRequest {
    const body = validBody(spec.operationId);
    return {
      method: spec.method,
      target: this.url(spec, ids),
      headers: body === undefined ? [this.auth] : [this.auth, ['Content-Type', 'application/json']],
      body,
    };
  }

  /** A printable ASCII string of 1 to `max` characters. */
  ascii(max: number): string {
    let s = '';
    const n = 1 + this.int(max);
    for (let i = 0; i < n; i++) s += String.fromCharCode(0x21 + this.int(0x5e));
    return s;
  }

  /** Random code points from every plane (no lone surrogates), as a string. */
  unicode(max: number): string {
    let s = '';
    const n = 1 + this.int(max);
    for (let i = 0; i < n; i++) {
      let cp = this.int(0x110000);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x1f600;
      s += String.fromCodePoint(cp);
    }
    return s;
  }
}

function validBody(operationId: string): string | undefined {
  if (operationId === 'CreateRoom') {
    return JSON.stringify({ region: 'Seattle', roomConfig: 'fuzz', deploymentId: 'dep', clientIPs: ['203.0.113.9'] });
  }
  if (operationId === 'UpdateRoomConfig') return JSON.stringify({ roomConfig: 'fuzz-changed' });
  return undefined;
}

/** Statuses of a request the HTTP parser refuses (bad bytes, framing) or whose head is over Node's limit. */
const PARSER = [400] as const;
const TOO_LARGE_HEAD = [431] as const;

// ---- Authorization ---------------------------------------------------------------------------------------------

function authCases(g: Gen): void {
  const { token } = g.t;
  const wrong: [string, string | null][] = [
    ['no Authorization header', null],
    ['an empty Authorization header', ''],
    ['the scheme only', 'Bearer'],
    ['the scheme and a space only', 'Bearer '],
    ['no space after Bearer', `Bearer${token}`],
    ['Basic scheme', `Basic ${Buffer.from(`user:${token}`).toString('base64')}`],
    ['Basic scheme with the token', `Basic ${token}`],
    ['Token scheme', `Token ${token}`],
    ['the token without a scheme', token],
    ['Bearer: with a colon', `Bearer:${token}`],
    ['one character more', `Bearer ${token}x`],
    ['one character less', `Bearer ${token.slice(0, -1)}`],
    ['a prefix', `Bearer x${token}`],
    ['the token in upper case', `Bearer ${token.toUpperCase()}`],
    ['the token twice', `Bearer ${token} ${token}`],
    ['two credentials', `Bearer ${token}, Bearer ${token}`],
    ['the token quoted', `Bearer "${token}"`],
    ['the token base64-encoded', `Bearer ${Buffer.from(token).toString('base64')}`],
    ['the token percent-encoded', `Bearer ${encodeURIComponent(`${token}/`)}`],
    ['a JavaScript leftover', 'Bearer undefined'],
    ['another JavaScript leftover', 'Bearer [object Object]'],
    ['null', 'Bearer null'],
    ['8 KiB token', `Bearer ${'a'.repeat(8 * 1024)}`],
    ['non-ASCII latin1 bytes', `Bearer ${token}\xe9\xff`],
    ['UTF-8 bytes of an emoji', `Bearer ${Buffer.from('😀').toString('latin1')}`],
    ['an RTL override (UTF-8 bytes)', `Bearer ${Buffer.from(`\u202e${token}`).toString('latin1')}`],
    ['lower-case scheme, wrong token', 'bearer wrong'],
  ];
  for (let i = 0; i < 8; i++) wrong.push([`random token #${i}`, `Bearer ${g.ascii(60)}`]);
  for (let i = 0; i < 4; i++) wrong.push([`random header #${i}`, g.ascii(80)]);

  const protectedSpecs = g.specs.filter((s) => s.requiresAuth);
  for (const spec of protectedSpecs) {
    // Valid requests on existing rooms but for the header: accepting one would change or leak data.
    for (const [what, value] of wrong) {
      const req = g.valid(spec);
      req.headers = (req.headers ?? []).filter(([name]) => name !== 'Authorization');
      if (value !== null) req.headers.push(['Authorization', value]);
      g.add(`${spec.operationId}: ${what}`, req, [401]);
    }
    const req = g.valid(spec);
    req.headers = [['Authorization', 'Bearer wrong'], g.auth, ...(req.headers ?? []).slice(1)];
    g.add(`${spec.operationId}: a wrong then a right Authorization header (the first counts)`, req, [401]);
    const long = g.valid(spec);
    long.headers = [['Authorization', `Bearer ${'b'.repeat(HEADER_LIMIT)}`], ...(long.headers ?? []).slice(1)];
    g.add(`${spec.operationId}: a token over the header size limit`, long, TOO_LARGE_HEAD);
    const control = g.valid(spec);
    control.headers = [['Authorization', `Bearer ${token}\x00`], ...(control.headers ?? []).slice(1)];
    g.add(`${spec.operationId}: a NUL byte after the token`, control, PARSER);
  }

  // The test controls are protected the same way.
  for (const [what, value] of wrong) {
    const headers: [string, string][] = value === null ? [] : [['Authorization', value]];
    g.add(`GET /_roomdeck/faults: ${what}`, { method: 'GET', target: '/_roomdeck/faults', headers }, [401]);
    g.add(
      `PUT /_roomdeck/faults: ${what}`,
      {
        method: 'PUT',
        target: '/_roomdeck/faults',
        headers: [...headers, ['Content-Type', 'application/json']],
        body: '{"rate":1,"latencyMs":0}',
      },
      [401],
    );
  }

  // Variants a client may send that are valid (RFC 7235: any case for the scheme, one or more spaces): they
  // must authenticate, so these unknown ids answer 404, not 401.
  const accepted: [string, [string, string][]][] = [
    ['lower-case scheme', [['Authorization', `bearer ${token}`]]],
    ['upper-case scheme', [['Authorization', `BEARER ${token}`]]],
    ['several spaces', [['Authorization', `Bearer    ${token}`]]],
    ['trailing spaces', [['Authorization', `Bearer ${token}   `]]],
    ['upper-case header name', [['AUTHORIZATION', `Bearer ${token}`]]],
    [
      'a right then a wrong header (the first counts)',
      [
        ['Authorization', `Bearer ${token}`],
        ['Authorization', 'Bearer wrong'],
      ],
    ],
  ];
  const reads = protectedSpecs.filter((s) => s.method === 'GET' && /\{(roomId|processId)\}/.test(s.path));
  for (const spec of reads) {
    for (const [what, headers] of accepted) {
      const target = g.url(spec, { roomId: 'fuzz-no-such-room', processId: 'fuzz-no-such-process' });
      g.add(`${spec.operationId}: ${what} authenticates (unknown id: 404)`, { method: 'GET', target, headers }, [404]);
    }
  }
}

/**
 * Proxy mode: every valid request on existing rooms, sent as a browser on another site would send it, or under a
 * foreign Host (DNS rebinding): refused with 403 before the upstream is asked.
 */
function proxyGuardCases(g: Gen): void {
  const foreign: [string, [string, string][]][] = [
    ['Sec-Fetch-Site: cross-site', [['Sec-Fetch-Site', 'cross-site']]],
    ['Sec-Fetch-Site: same-site', [['Sec-Fetch-Site', 'same-site']]],
    ['an Origin of another site', [['Origin', 'http://evil.example']]],
    ['Origin: null', [['Origin', 'null']]],
    ['a malformed Origin', [['Origin', '%%%']]],
    ['a lookalike Origin', [['Origin', 'http://127.0.0.1.evil.example']]],
  ];
  for (const spec of g.specs) {
    for (const [what, headers] of foreign) {
      const req = g.valid(spec);
      req.headers = [...(req.headers ?? []), ...headers];
      g.add(`${spec.operationId}: ${what}`, req, [403]);
    }
    for (const host of ['evil.example', 'evil.example:80', '127.0.0.1.nip.io', '[::2]', '0.0.0.0']) {
      const req = g.valid(spec);
      const head = `${req.method} ${req.target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n`;
      const headers = (req.headers ?? []).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      const body = req.body === undefined ? '' : String(req.body);
      const length = req.body === undefined ? '' : `Content-Length: ${Buffer.byteLength(body)}\r\n`;
      req.raw = Buffer.from(`${head}${headers}${length}\r\n${body}`);
      g.add(`${spec.operationId}: Host ${host}`, req, [403]);
    }
  }
}

// ---- bodies ----------------------------------------------------------------------------------------------------

/** JSON texts of every type, with the JSON type each one has. */
const VALUES: [string, string][] = [
  ['null', 'null'],
  ['true', 'boolean'],
  ['false', 'boolean'],
  ['0', 'integer'],
  ['-1', 'integer'],
  ['1.5', 'number'],
  ['1e999', 'number'],
  ['-0', 'integer'],
  ['""', 'string'],
  ['"x"', 'string'],
  ['[]', 'array'],
  ['["x"]', 'array'],
  ['[null]', 'array'],
  ['{}', 'object'],
  ['{"a":1}', 'object'],
];

interface FieldSchema {
  type?: string | string[];
  enum?: string[];
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  items?: FieldSchema;
}

function accepts(schema: FieldSchema, jsonType: string): boolean {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes(jsonType) || (jsonType === 'integer' && types.includes('number'));
}

/** JSON texts that are invalid for a field with this schema, with what is wrong. */
function wrongValues(g: Gen, schema: FieldSchema): [string, string][] {
  const out: [string, string][] = VALUES.filter(([, type]) => !accepts(schema, type)).map(([v, type]) => [
    v,
    `the ${type} ${v}`,
  ]);
  if (schema.enum) {
    for (const v of ['', 'seattle', ' Seattle', 'Seattle ', 'Seattle\u0000', 'Atlantis', 'Séattle', '\u202eelttaeS']) {
      out.push([JSON.stringify(v), `the unknown value ${JSON.stringify(v)}`]);
    }
    out.push([JSON.stringify(g.unicode(30)), 'random unicode']);
    out.push([JSON.stringify('x'.repeat(50_000)), 'a 50,000-character value']);
  }
  if (schema.maxLength !== undefined) {
    const n = schema.maxLength + 1;
    out.push([JSON.stringify('x'.repeat(n)), `${n} characters`]);
    if (n * 4 < BODY_LIMIT - 200) out.push([JSON.stringify('😀'.repeat(n)), `${n} emoji`]);
    if (n < 20_000) out.push([JSON.stringify('y'.repeat(40_000)), '40,000 characters']);
  }
  if (schema.maxItems !== undefined) {
    out.push([JSON.stringify(Array.from({ length: schema.maxItems + 1 }, () => '198.51.100.1')), 'too many items']);
    for (const [v, what] of wrongValues(g, schema.items ?? {}).slice(0, 8)) out.push([`["ok",${v}]`, `item ${what}`]);
  }
  if (schema.minimum !== undefined) out.push([String(schema.minimum - 1), 'below the minimum']);
  if (schema.maximum !== undefined) {
    out.push([String(schema.maximum + 1), 'above the maximum']);
    out.push([String(schema.maximum * 1000), 'far above the maximum']);
  }
  return out;
}

interface BodyTarget {
  name: string;
  request: () => RawRequest;
  /** The valid body as fields of raw JSON text, in order. */
  fields: [string, string][];
  schema: { properties: Record<string, FieldSchema>; required: string[] };
}

function bodyTargets(g: Gen): BodyTarget[] {
  const targets: BodyTarget[] = [];
  for (const spec of g.specs.filter((s) => s.schema.body !== undefined)) {
    const body = JSON.parse(validBody(spec.operationId) ?? '{}') as Record<string, unknown>;
    targets.push({
      name: spec.operationId,
      request: () => g.valid(spec),
      fields: Object.entries(body).map(([k, v]) => [k, JSON.stringify(v)]),
      schema: spec.schema.body as BodyTarget['schema'],
    });
  }
  // The fault settings: a valid body would make every API request fail, which the suite would notice.
  if (g.mode === 'proxy') return targets;
  targets.push({
    name: 'PUT /_roomdeck/faults',
    request: () => ({
      method: 'PUT',
      target: '/_roomdeck/faults',
      headers: [g.auth, ['Content-Type', 'application/json']],
    }),
    fields: [
      ['rate', '1'],
      ['latencyMs', '0'],
      ['match', 'null'],
    ],
    schema: {
      required: ['rate', 'latencyMs'],
      properties: {
        rate: { type: 'number', minimum: 0, maximum: 1 },
        latencyMs: { type: 'number', minimum: 0, maximum: 60000 },
        match: { type: ['string', 'null'], maxLength: 1000 },
      },
    },
  });
  return targets;
}

const objectText = (fields: [string, string][]) => `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

function bodyCases(g: Gen): void {
  for (const target of bodyTargets(g)) {
    const send = (what: string, body: string | Buffer, expect: readonly number[], contentType = 'application/json') => {
      const req = target.request();
      req.headers = [...(req.headers ?? []).filter(([n]) => n !== 'Content-Type'), ['Content-Type', contentType]];
      req.body = body;
      g.add(`${target.name}: ${what}`, req, expect);
    };
    const valid = objectText(target.fields);

    // Wrong types and values, one field at a time and then several at once.
    for (const [field, schema] of Object.entries(target.schema.properties)) {
      for (const [value, what] of wrongValues(g, schema)) {
        const fields = target.fields.filter(([k]) => k !== field);
        const body = objectText([...fields, [field, value]]);
        send(`${field} is ${what}`, body, Buffer.byteLength(body) > BODY_LIMIT ? [413] : [400]);
      }
    }
    const allWrong = Object.entries(target.schema.properties).map(([f, s]) => [f, wrongValues(g, s)] as const);
    for (let i = 0; i < 20; i++) {
      const fields = allWrong.map(([f, values]) => [f, g.pick(values)[0]] as [string, string]);
      send(`every field wrong, mix #${i}`, objectText(fields), [400]);
    }
    for (const field of target.schema.required) {
      send(`${field} missing`, objectText(target.fields.filter(([k]) => k !== field)), [400]);
    }

    // Not an object.
    for (const body of ['[]', 'null', '0', '"x"', 'true', `[${valid}]`, `"${valid.replaceAll('"', '\\"')}"`]) {
      send(`the body is ${body.slice(0, 30)}`, body, [400]);
    }

    // Broken JSON: hand-made, then random mutations of the valid body.
    const broken: [string, string][] = [
      ['a trailing comma', `${valid.slice(0, -1)},}`],
      ['single quotes', valid.replaceAll('"', "'")],
      ['unquoted keys', valid.replace(/"(\w+)":/g, '$1:')],
      ['a comment', `/* x */${valid}`],
      ['NaN', valid.replace(/:[^,}]+/, ':NaN')],
      ['two objects', `${valid}{}`],
      ['trailing garbage', `${valid} x`],
      ['a control character in a string', valid.replace(/"([^"]*)"/, '"$1\u0001"')],
      ['a bad escape', valid.replace(/"([^"]*)"/, '"$1\\x41"')],
      ['an unterminated string', '{"roomConfig":"abc'],
      ['only an opening brace', '{'],
      ['a forbidden __proto__ key', `${valid.slice(0, -1)},"__proto__":{"polluted":1}}`],
      ['a forbidden constructor.prototype', `${valid.slice(0, -1)},"constructor":{"prototype":{"polluted":1}}}`],
      ['__proto__ 5,000 levels deep', `${valid.slice(0, -1)},"a":${deepObject(5000, '{"__proto__":{"x":1}}')}}`],
    ];
    for (const [what, body] of broken) send(`broken JSON: ${what}`, body, [400]);
    send('broken JSON: UTF-16 encoded', Buffer.from(valid, 'utf16le'), [400]);
    let mutations = 0;
    for (let attempt = 0; mutations < 40 && attempt < 400; attempt++) {
      const at = g.int(valid.length);
      const kind = g.int(4);
      const body =
        kind === 0
          ? valid.slice(0, at)
          : kind === 1
            ? valid.slice(0, at) + g.pick(['{', '}', '[', ']', '"', ',', ':', '\\', 'x', '\u0000']) + valid.slice(at)
            : kind === 2
              ? valid.slice(0, at) + valid.slice(at + 1)
              : valid.slice(0, at) + g.ascii(3) + valid.slice(at + 1);
      try {
        JSON.parse(body);
      } catch {
        mutations++;
        send(`broken JSON: random mutation #${mutations} ${JSON.stringify(body.slice(0, 40))}`, body, [400]);
      }
    }

    // Deep nesting: 10,000 levels, as the body, as each field, and beside a missing required field.
    send('10,000 nested arrays', deepArray(10_000), [400]);
    send('10,000 nested objects', deepObject(10_000), [400]);
    send('60,000 unclosed arrays', '['.repeat(60_000), [400]);
    send('40,000 nested arrays (over 64 KiB)', deepArray(40_000), [413]);
    for (const [field] of Object.entries(target.schema.properties)) {
      const fields = target.fields.filter(([k]) => k !== field);
      send(`${field} is 10,000 nested arrays`, objectText([...fields, [field, deepArray(10_000)]]), [400]);
      send(`${field} is 10,000 nested objects`, objectText([...fields, [field, deepObject(10_000)]]), [400]);
    }
    // Absurdly deep beside an otherwise valid body: refused, never stored or passed on.
    send('an unknown field of 10,000 nested arrays', objectText([...target.fields, ['x', deepArray(10_000)]]), [400]);
    send('an unknown field of 10,000 nested objects', objectText([...target.fields, ['x', deepObject(10_000)]]), [400]);
    for (const field of target.schema.required) {
      const fields = target.fields.filter(([k]) => k !== field);
      send(`${field} missing beside 10,000 nested objects`, objectText([...fields, ['x', deepObject(10_000)]]), [400]);
    }

    // Over the body limit, with and without a length, as JSON and as other types.
    const huge = `{"roomConfig":"${'z'.repeat(BODY_LIMIT)}"}`;
    for (const contentType of ['application/json', 'text/plain', 'application/octet-stream']) {
      for (const chunked of [false, true]) {
        const req = target.request();
        req.headers = [...(req.headers ?? []).filter(([n]) => n !== 'Content-Type'), ['Content-Type', contentType]];
        req.body = huge;
        req.chunked = chunked;
        g.add(`${target.name}: ${huge.length} bytes of ${contentType}${chunked ? ', chunked' : ''}`, req, [413]);
      }
    }

    // A JSON body under another content type.
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'text/json',
      'application/vnd.api+json',
      'application/octet-stream',
      'application/jsonx',
      'application/jso',
      'json',
      '*/*',
      'text/html; charset=utf-8',
    ]) {
      send(`a JSON body as ${contentType}`, valid, [415], contentType);
    }
  }

  // Body-less operations on existing rooms: a broken or non-JSON body is refused before the room is touched.
  for (const spec of g.specs.filter((s) => s.method === 'POST' && s.schema.body === undefined)) {
    for (const [what, body, contentType, expect] of [
      ['broken JSON', '{"x":', 'application/json', [400]],
      ['10,000 nested arrays, unclosed', '['.repeat(10_000), 'application/json', [400]],
      ['a text body', 'destroy it', 'text/plain', [415]],
      ['a form body', 'a=1', 'application/x-www-form-urlencoded', [415]],
      ['a body over 64 KiB', 'x'.repeat(BODY_LIMIT + 1), 'application/json', [413]],
    ] as const) {
      const req = g.valid(spec);
      req.headers = [g.auth, ['Content-Type', contentType]];
      req.body = body;
      g.add(`${spec.operationId}: ${what}`, req, expect);
    }
  }
}

// ---- ids -------------------------------------------------------------------------------------------------------

/** Bad and odd ids as they appear in a URL, with the id the server decodes (undefined: not decodable). */
function idVariants(g: Gen): [string, string | undefined][] {
  const enc = (id: string): [string, string] => [encodeURIComponent(id), id];
  const out: [string, string | undefined][] = [
    enc('😀'),
    enc('room-😀'),
    enc('😀'.repeat(30)),
    enc('\u202eevil-room'),
    enc('غرفة'),
    enc('חדר'),
    enc('room\u200bid'),
    enc('room\u2010id'),
    enc('ｒｏｏｍ'),
    enc('e\u0301'),
    enc('\ufeffroom'),
    enc('\u0000'),
    enc('room\u0000'),
    enc('room\r\nX-Injected: 1'),
    enc('room\t'),
    enc(' '),
    enc('room id'),
    enc('.'),
    enc('..'),
    enc('<script>alert(1)</script>'),
    enc('<img src=x onerror=alert(1)>'),
    enc("' OR '1'='1"),
    enc('"; DROP TABLE rooms; --'),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, on purpose
    enc('${7*7}'),
    enc('{{7*7}}'),
    enc('$(id)'),
    enc('a/b'),
    enc('a\\b'),
    enc('a?b'),
    enc('a#b'),
    enc('a;b'),
    enc('a%b'),
    enc('a+b'),
    enc('*'),
    enc(g.unicode(20)),
    enc(g.unicode(20)),
    ['%00', '\u0000'],
    ['%2e%2e', '..'],
    ['%2E%2E', '..'],
    ['.%2e', '..'],
    ['%2F', '/'],
    ['..%2F..%2F', '../../'],
    ['%252F', '%2F'],
    ['%252e%252e', '%2e%2e'],
    ['%5C', '\\'],
    ['%25', '%'],
    ['+', '+'],
    ['%', undefined],
    ['%zz', undefined],
    ['%E0%A4%A', undefined],
    ['%C0%AF', undefined],
    ['%ED%A0%80', undefined],
    ['room%', undefined],
    ['a'.repeat(101), 'a'.repeat(101)],
    ['a'.repeat(1001), 'a'.repeat(1001)],
    ['a'.repeat(5000), 'a'.repeat(5000)],
    ['a'.repeat(15_000), 'a'.repeat(15_000)],
    ['%F0%9F%98%80'.repeat(1200), '😀'.repeat(1200)],
  ];
  for (let i = 0; i < 6; i++) out.push(enc(g.ascii(120)));
  return out;
}

/** Ids that are well-formed but name nothing: 404 (never a crash on names that mean something in JS or SQL). */
const UNKNOWN_IDS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'NULL', '-', '_', '0'];

function idCases(g: Gen): void {
  const variants = idVariants(g);
  const expectFor = (encoded: string, decoded: string | undefined): readonly number[] => {
    if (encoded.length > HEADER_LIMIT - 300) return TOO_LARGE_HEAD;
    if (decoded === undefined || !ID.test(decoded)) return [400];
    return [404];
  };
  for (const spec of g.specs) {
    for (const param of ['appId', 'roomId', 'processId'] as const) {
      if (!spec.path.includes(`{${param}}`)) continue;
      // Every operation has an appId, validated by the same schema: a third of the variants each is enough there.
      for (const [encoded, decoded] of param === 'appId' ? variants.filter(() => g.rand() < 1 / 3) : variants) {
        const req = g.valid(spec, { [param]: encoded });
        g.add(
          `${spec.operationId}: ${param} ${JSON.stringify(encoded.slice(0, 40))}`,
          req,
          expectFor(encoded, decoded),
        );
      }
      for (const id of UNKNOWN_IDS) {
        if (spec.operationId === 'CreateRoom' && param !== 'appId') continue;
        g.add(`${spec.operationId}: unknown ${param} ${id}`, g.valid(spec, { [param]: id }), [404]);
      }
      // Raw bytes the HTTP parser refuses in a request target.
      for (const raw of ['é', '😀', 'a b', 'a\tb', 'a"b', 'a<b']) {
        const req = g.valid(spec, { [param]: Buffer.from(raw).toString('latin1') });
        g.add(`${spec.operationId}: raw ${JSON.stringify(raw)} in ${param}`, req, PARSER);
      }
    }
  }
  // The custom roomId of CreateRoom, in the query.
  const create = g.specs.find((s) => s.operationId === 'CreateRoom');
  if (create) {
    const query = (q: string, what: string, expect: readonly number[]) => {
      const req = g.valid(create);
      req.target += q;
      g.add(`CreateRoom: roomId ${what}`, req, expect);
    };
    for (const [encoded, decoded] of variants) {
      const expect = expectFor(encoded, decoded);
      if (expect[0] === 404) continue; // a well-formed new id would create a room
      query(`?roomId=${encoded}`, JSON.stringify(encoded.slice(0, 40)), expect[0] === 400 ? [400] : expect);
    }
    for (const room of g.t.rooms) query(`?roomId=${room}`, `${room} (taken)`, [400]);
    query('?roomId=', 'empty', [400]);
    query('?roomId=a&roomId=b', 'twice', [400]);
    query(`?roomId=${g.t.rooms[0]}&roomId=${g.t.rooms[0]}`, 'twice, taken', [400]);
  }
  // The region filter of the process lists.
  for (const spec of g.specs.filter((s) => s.path.includes('/list/'))) {
    if (!spec.path.startsWith('/processes')) continue;
    for (const q of [
      'region=',
      'region=seattle',
      'region=Atlantis',
      'region=Seattle&region=Tokyo',
      'region=Seattle%00',
      'region=%F0%9F%98%80',
      `region=${'x'.repeat(10_000)}`,
      'region=%',
      'region=__proto__',
    ]) {
      const req = g.valid(spec);
      req.target += `?${q}`;
      g.add(`${spec.operationId}: ?${q.slice(0, 40)}`, req, [400]);
    }
  }
}

// ---- path tricks -----------------------------------------------------------------------------------------------

function pathCases(g: Gen): void {
  for (const spec of g.specs) {
    const url = g.url(spec);
    const segments = url.split('/');
    const last = segments.at(-1) ?? '';
    const head = segments.slice(0, -1).join('/');
    // `a/b%2Fc` is one segment `b/c` to the router: where another method has a route with one parameter there
    // (POST .../processes/regions%2FSydney vs GET .../processes/{processId}), the answer is that method's 405.
    const oneSegment = `${segments.slice(0, -2).join('/')}/x`.slice(4);
    const otherMethod = g.specs.some((s) => s.method !== spec.method && s.pattern.test(oneSegment));
    const tricks: [string, string, readonly number[]][] = [
      ['a trailing slash', `${url}/`, [404]],
      ['two trailing slashes', `${url}//`, [404]],
      ['a trailing /.', `${url}/.`, [404]],
      ['a trailing /..', `${url}/..`, [404]],
      ['a ../ detour', `${head}/x/../${last}`, [404]],
      ['a %2e%2e/ detour', `${head}/x/%2e%2e/${last}`, [404]],
      ['./ in the middle', url.replace('/api/', '/api/./'), [404]],
      ['../ in the middle', url.replace('/api/', '/api/../api/'), [404]],
      ['a double slash', url.replace('/api/', '/api//'), [404]],
      ['encoded slashes', `/api/${url.slice(5).replaceAll('/', '%2F')}`, [404]],
      ['an encoded last slash', `${head}%2F${last}`, otherMethod ? [400, 404, 405] : [400, 404]],
      ['double-encoded slashes', `/api/${url.slice(5).replaceAll('/', '%252F')}`, [404]],
      ['backslashes', url.replaceAll('/', '\\'), [400, 404]],
      ['encoded backslashes', `/api/${url.slice(5).replaceAll('/', '%5C')}`, [404]],
      ['a matrix parameter', `${url};x=1`, [400, 404]],
      ['an encoded NUL at the end', `${url}%00`, [400, 404]],
      ['an encoded slash and .. at the end', `${url}%2F..`, [400, 404]],
      ['a lone % at the end', `${url}%`, [400]],
    ];
    // Paths outside /api are the dashboard's: a GET of one is a page (the SPA answers it), other methods are 404.
    if (spec.method !== 'GET') {
      tricks.push(['no /api prefix', url.slice(4), [404]]);
      tricks.push(['upper case', url.toUpperCase(), [404]]);
      tricks.push(['an upper-case prefix', url.replace('/api/', '/API/'), [404]]);
    }
    for (const [what, target, expect] of tricks) {
      const req = g.valid(spec);
      req.target = target;
      g.add(`${spec.operationId}: ${what}`, req, expect);
    }
  }

  // Long paths that name nothing: the message quotes a part of the path, never all of it.
  for (const target of [
    `/api/${'x'.repeat(10_000)}`,
    `/api/rooms/v2/${g.t.appId}/${'info/'.repeat(2000)}x`,
    `/${'y'.repeat(10_000)}.txt`,
    `/_roomdeck/${'z'.repeat(10_000)}`,
  ]) {
    g.add(`a ${target.length}-character path`, { method: 'GET', target, headers: [g.auth] }, [404]);
    g.add(`a ${target.length}-character path`, { method: 'POST', target, headers: [g.auth] }, [404]);
  }

  // The dashboard's files: never anything outside its directory.
  const secret = g.t.secretFile;
  for (const target of [
    `/../${secret}`,
    `/assets/../../${secret}`,
    `/%2e%2e/${secret}`,
    `/%2E%2E/${secret}`,
    `/.%2e/${secret}`,
    `/assets/%2e%2e/%2e%2e/${secret}`,
    `/%2e%2e%2f${secret}`,
    `/assets/..%2f..%2f${secret}`,
    `/assets/..%252f..%252f${secret}`,
    `/..%5c${secret}`,
    `/assets/..\\..\\${secret}`,
    `/assets/%2e%2e%5c%2e%2e%5c${secret}`,
    `/assets/${secret}%00.js`,
    `/${secret}%00`,
    `//..//${secret}`,
    `/./../${secret}`,
    `/assets/./../.././${secret}`,
    `/%252e%252e/${secret}`,
    `/..;/${secret}`,
    `/web/../${secret}`,
    `/index.html/../../${secret}`,
    `/%c0%ae%c0%ae/${secret}`,
    `/..%00/${secret}`,
    '/../../../../../../etc/passwd.txt',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/hostname.txt',
  ]) {
    for (const method of ['GET', 'HEAD']) {
      g.add(`static: ${method} ${target}`, { method, target }, [400, 403, 404]);
    }
  }
}

// ---- routes outside /api ---------------------------------------------------------------------------------------

/**
 * Sign-in and sign-out (with access control: every malformed body is a 400 naming the field; without: no such
 * routes, 404), odd methods on them, the join page, the config script, static files and the SPA fallback.
 * 429 is right for the sign-in too: its failures are rate-limited per client.
 */
function nonApiCases(g: Gen): void {
  const access = g.t.accessControl === true;
  const signIn = '/_roomdeck/signin';
  const signOut = '/_roomdeck/signout';
  // Without access control the routes do not exist (404), unless the body is refused first (parsed before routing).
  const on = (statuses: number[]): number[] => (access ? statuses : [400, 404, 413, 415]);
  const json = (body: string, contentType = 'application/json'): RawRequest => ({
    method: 'POST',
    target: signIn,
    headers: [['Content-Type', contentType]],
    body,
  });
  const bodies = [
    '{"token":5}',
    '{"token":null}',
    '{"token":true}',
    '{"token":[]}',
    '{"token":["a","b"]}',
    '{"token":{}}',
    '{"token":{"toString":"x"}}',
    '{"token":1e400}',
    '{"token":"x","next":5}',
    '{"token":"x","next":{"a":1}}',
    '{"token":"x","next":null}',
    '{"next":"/"}',
    '{}',
    '[]',
    '[{"token":"x"}]',
    '"x"',
    'null',
    'true',
    '0',
    '{',
    '{"token":"x"',
    '{"token":"x"}}',
    "{'token':'x'}",
    '{"__proto__":{"token":"x"}}',
    '{"constructor":{"prototype":{"token":"x"}}}',
    `${'['.repeat(100)}${']'.repeat(100)}`,
    JSON.stringify({ token: 'x'.repeat(513) }),
    JSON.stringify({ token: 'x'.repeat(60_000) }),
    JSON.stringify({ token: 'x', next: '/'.repeat(2001) }),
    `{"token":"${g.unicode(40)}`,
    `{"token":"${g.ascii(30).replace(/["\\]/g, '')}","token":5}`,
  ];
  for (const body of bodies) {
    g.add(`sign-in body ${body.slice(0, 40)}`, json(body), on([400, 429]));
    g.add(`sign-in body ${body.slice(0, 40)}, chunked`, { ...json(body), chunked: true }, on([400, 429]));
  }
  g.add('sign-in: no body', { method: 'POST', target: signIn }, on([400, 429]));
  g.add('sign-in: empty JSON body', json(''), on([400, 429]));
  g.add('sign-in: a form without token', json('next=%2F', 'application/x-www-form-urlencoded'), on([400]));
  g.add('sign-in: a form with token[]', json('token%5B%5D=x', 'application/x-www-form-urlencoded'), on([400]));
  const tooLarge = `token=${'x'.repeat(BODY_LIMIT)}`;
  g.add('sign-in: a form over the body limit', json(tooLarge, 'application/x-www-form-urlencoded'), on([413]));
  g.add('sign-in: JSON over the body limit', json(JSON.stringify({ token: tooLarge })), on([413]));
  for (const type of [
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/xml',
    'text/html',
    ';;;',
    'a/b/c',
  ]) {
    g.add(`sign-in: a ${type} body`, json('token=x', type), on([400, 415]));
    g.add(`sign-out: a ${type} body`, { ...json('token=x', type), target: signOut }, on([400, 415]));
  }
  for (const body of ['{', '[', '{"a":', `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`]) {
    g.add(`sign-out: body ${body.slice(0, 20)}`, { ...json(body), target: signOut }, on([400]));
  }
  g.add('sign-out: JSON over the body limit', { ...json(JSON.stringify({ x: tooLarge })), target: signOut }, on([413]));

  // Odd methods on the non-API routes (the API's own are in methodCases).
  const pages: [string, string[]][] = [
    [signIn, access ? ['GET', 'POST'] : []],
    [signOut, access ? ['POST'] : []],
    [`/join/${g.t.appId}/${g.t.suspendedRoom}`, ['GET', 'HEAD']],
    ['/', ['GET', 'HEAD']],
    ['/apps/x/processes', ['GET', 'HEAD']],
    ['/index.html', ['GET', 'HEAD']],
    ['/assets/index-abc123.js', ['GET', 'HEAD']],
  ];
  for (const [target, allowed] of pages) {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'HEAD', 'GET']) {
      if (allowed.includes(method)) continue;
      const req: RawRequest = {
        method,
        target,
        headers: [
          ['Content-Type', 'application/json'],
          ['Cookie', 'roomdeck_session=%%%; a=b; roomdeck_session='],
        ],
        body: '{"token":5}',
      };
      g.add(`${target}: method ${method}`, req, [404, 405]);
    }
  }
  for (const target of ['/assets/nope.js', '/nope.txt', '/_roomdeck', '/_roomdeck/', '/_roomdeck/signin/x']) {
    g.add(
      `GET ${target}`,
      { method: 'GET', target, headers: [['Cookie', `roomdeck_session=${'x'.repeat(4000)}`]] },
      [404],
    );
  }

  // The config script holds the dev token (local mode without access control): other sites never get it.
  if (g.mode === 'local' && !access) {
    for (const header of [
      ['Sec-Fetch-Site', 'cross-site'],
      ['Sec-Fetch-Site', 'same-site'],
      ['Origin', 'http://evil.example'],
      ['Origin', 'null'],
      ['Host', 'evil.example'],
    ] as [string, string][]) {
      const headers: [string, string][] = header[0] === 'Host' ? [] : [header];
      const req: RawRequest =
        header[0] === 'Host'
          ? {
              method: 'GET',
              target: '/roomdeck-config.js',
              raw: Buffer.from('GET /roomdeck-config.js HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n'),
            }
          : { method: 'GET', target: '/roomdeck-config.js', headers };
      g.add(`config script with ${header.join(': ')}`, req, [403]);
    }
  }
}

// ---- methods ---------------------------------------------------------------------------------------------------

const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'TRACE',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'SEARCH',
  'PURGE',
  'REPORT',
  'MKACTIVITY',
  'MERGE',
  'NOTIFY',
  'SUBSCRIBE',
  'LINK',
  'QUERY',
  'CONNECT',
];

function methodCases(g: Gen): void {
  const byPath = new Map<string, RouteSpec[]>();
  for (const spec of g.specs) byPath.set(spec.path, [...(byPath.get(spec.path) ?? []), spec]);
  for (const specs of byPath.values()) {
    const spec = specs[0] as RouteSpec;
    // No HEAD: the API has no HEAD twins of its GETs (HEAD connectioninfo would reschedule a suspended room).
    const allowed = new Set<string>(specs.map((s) => s.method));
    for (const method of METHODS) {
      if (allowed.has(method)) continue;
      const req = g.valid(spec);
      req.method = method;
      if (method === 'CONNECT') req.target = '127.0.0.1:443'; // CONNECT's target is a host and port
      // QUERY is not yet known to Node's HTTP parser (400); every other method is known and not allowed (405).
      g.add(`${spec.operationId}: method ${method}`, req, method === 'QUERY' ? [400, 405] : [405]);
    }
    for (const method of ['get', 'Post', 'FOO', 'G3T', 'GET\u0000']) {
      const req = g.valid(spec);
      req.method = method;
      g.add(`${spec.operationId}: method ${JSON.stringify(method)}`, req, PARSER);
    }
  }
  // The test controls and the dashboard config.
  for (const [target, allowed] of [
    ['/_roomdeck/health', ['GET']],
    ['/_roomdeck/faults', g.mode === 'local' ? ['GET', 'PUT'] : []],
    ['/roomdeck-config.js', ['GET']],
  ] as const) {
    for (const method of METHODS) {
      if ((allowed as readonly string[]).includes(method)) continue;
      const req: RawRequest = {
        method,
        target: method === 'CONNECT' ? '127.0.0.1:443' : target,
        headers: [g.auth, ['Content-Type', 'application/json']],
        body: '{"rate":1,"latencyMs":0}',
      };
      g.add(`${target}: method ${method}`, req, [404, 405]);
    }
  }
}

// ---- broken HTTP -----------------------------------------------------------------------------------------------

function protocolCases(g: Gen): void {
  const host = 'Host: 127.0.0.1';
  const info = `/api/rooms/v2/${g.t.appId}/info/${g.t.rooms[0]}`;
  const create = `/api/rooms/v2/${g.t.appId}/create`;
  const auth = `Authorization: Bearer ${g.t.token}`;
  const body = '{"region":"Seattle"}';
  // Connection: close first, so that the server closes the connection after its answer (the client reads to it).
  const lines = (requestLine: string, ...l: string[]) =>
    Buffer.from(`${[requestLine, 'Connection: close', ...l].join('\r\n')}\r\n\r\n`, 'latin1');
  const cases: [string, Buffer][] = [
    ['garbage', Buffer.from('GARBAGE\r\n\r\n')],
    ['an HTTP/2 preface', Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')],
    ['HTTP/9.9', lines(`GET ${info} HTTP/9.9`, host)],
    ['no Host header', lines(`GET ${info} HTTP/1.1`, auth)],
    ['two Host headers', lines(`GET ${info} HTTP/1.1`, host, host, auth)],
    ['a header without a colon', lines(`GET ${info} HTTP/1.1`, host, auth, 'NoColonHere')],
    ['a space before the colon', lines(`GET ${info} HTTP/1.1`, host, auth, 'X-Bad : 1')],
    ['a folded header', lines(`GET ${info} HTTP/1.1`, host, auth, 'X-A: 1', ' folded')],
    ['a NUL in a header', lines(`GET ${info} HTTP/1.1`, host, auth, 'X-A: a\u0000b')],
    ['a tab in the request line', lines(`GET\t${info} HTTP/1.1`, host, auth)],
    ['lower-case HTTP', lines(`GET ${info} http/1.1`, host, auth)],
    ['a non-numeric Content-Length', lines(`POST ${create} HTTP/1.1`, host, auth, 'Content-Length: abc')],
    ['a negative Content-Length', lines(`POST ${create} HTTP/1.1`, host, auth, 'Content-Length: -1')],
    [
      'two different Content-Lengths',
      Buffer.concat([
        lines(
          `POST ${create} HTTP/1.1`,
          host,
          auth,
          'Content-Type: application/json',
          'Content-Length: 20',
          'Content-Length: 5',
        ),
        Buffer.from(body),
      ]),
    ],
    [
      'Content-Length and Transfer-Encoding',
      Buffer.concat([
        lines(
          `POST ${create} HTTP/1.1`,
          host,
          auth,
          'Content-Type: application/json',
          `Content-Length: ${body.length}`,
          'Transfer-Encoding: chunked',
        ),
        Buffer.from(`${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`),
      ]),
    ],
    [
      'an unsupported Transfer-Encoding',
      Buffer.concat([
        lines(`POST ${create} HTTP/1.1`, host, auth, 'Content-Type: application/json', 'Transfer-Encoding: gzip'),
        Buffer.from(body),
      ]),
    ],
    [
      'a bad chunk size',
      Buffer.concat([
        lines(`POST ${create} HTTP/1.1`, host, auth, 'Content-Type: application/json', 'Transfer-Encoding: chunked'),
        Buffer.from(`zz\r\n${body}\r\n0\r\n\r\n`),
      ]),
    ],
    ['64 KiB of headers', lines(`GET ${info} HTTP/1.1`, host, auth, `X-Big: ${'x'.repeat(64 * 1024)}`)],
    [
      '3,000 headers',
      lines(`GET ${info} HTTP/1.1`, host, auth, ...Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${'v'.repeat(8)}`)),
    ],
  ];
  for (let i = 0; i < 12; i++) {
    const bytes = Buffer.alloc(1 + g.int(200));
    for (let j = 0; j < bytes.length; j++) bytes[j] = g.int(256);
    cases.push([`random bytes #${i}`, Buffer.concat([bytes, Buffer.from('\r\n\r\n')])]);
  }
  for (const [what, raw] of cases) {
    g.add(`broken HTTP: ${what}`, { method: 'GET', target: '(raw)', raw }, [400, 431]);
  }
}

/** Every case, shuffled with the seed. */
export function fuzzCases(targets: FuzzTargets, seed: number, mode: FuzzMode = 'local'): FuzzCase[] {
  const g = new Gen(targets, prng(seed), mode);
  if (mode === 'local') authCases(g);
  else proxyGuardCases(g);
  bodyCases(g);
  idCases(g);
  pathCases(g);
  nonApiCases(g);
  // Methods and broken HTTP are answered before any route, by code both modes share: once is enough.
  if (mode === 'local') {
    methodCases(g);
    protocolCases(g);
  }
  const cases = g.cases;
  for (let i = cases.length - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [cases[i], cases[j]] = [cases[j] as FuzzCase, cases[i] as FuzzCase];
  }
  return cases;
}

/** Only the cases of the routes outside /api (for a server with access control, where those differ). */
export function nonApiFuzzCases(targets: FuzzTargets, seed: number): FuzzCase[] {
  const g = new Gen(targets, prng(seed), 'local');
  nonApiCases(g);
  return g.cases;
}
