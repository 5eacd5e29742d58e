import { connect } from 'node:net';

/** One HTTP/1.1 request, sent byte for byte as given: no URL normalisation, no header validation. */
export interface RawRequest {
  method: string;
  /** The request target exactly as sent, e.g. `/api/rooms/v2/x/info/%2e%2e` (fetch would normalise it). */
  target: string;
  /** Header lines in order; a value may hold any bytes (latin1). */
  headers?: [string, string][];
  body?: Buffer | string;
  /** Send the body with `Transfer-Encoding: chunked` instead of a Content-Length. */
  chunked?: boolean;
  /** Send these bytes instead (for broken framing); `method` and `target` then only describe the request. */
  raw?: Buffer;
}

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: Buffer;
}

const CRLF = '\r\n';

/** Encodes the request (always with `Connection: close`, so the response ends with the connection). */
export function encodeRequest(req: RawRequest, host: string): Buffer {
  if (req.raw !== undefined) return req.raw;
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
  const lines = [`${req.method} ${req.target} HTTP/1.1`, `Host: ${host}`, 'Connection: close'];
  for (const [name, value] of req.headers ?? []) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(req.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`);
  const head = Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'latin1');
  if (body === undefined) return head;
  if (!req.chunked) return Buffer.concat([head, body]);
  const parts: Buffer[] = [head];
  for (let i = 0; i < body.length; i += 16 * 1024) {
    const chunk = body.subarray(i, i + 16 * 1024);
    parts.push(Buffer.from(`${chunk.length.toString(16)}${CRLF}`), chunk, Buffer.from(CRLF));
  }
  parts.push(Buffer.from(`0${CRLF}${CRLF}`));
  return Buffer.concat(parts);
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf(CRLF, at);
    if (eol === -1) throw new Error('truncated chunked body');
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size)) throw new Error('bad chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** Parses one complete response (the bytes received until the server closed the connection). */
export function parseResponse(data: Buffer, method: string): RawResponse {
  const end = data.indexOf(CRLF + CRLF);
  if (end === -1) throw new Error(`no complete response head in ${JSON.stringify(data.toString('latin1', 0, 200))}`);
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split(CRLF);
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match?.[1]) throw new Error(`bad status line ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  let body = data.subarray(end + 4);
  if (method === 'HEAD') body = Buffer.alloc(0);
  else if (headers['transfer-encoding']?.includes('chunked')) body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status: Number(match[1]), headers, body };
}

/**
 * Sends one raw request to `127.0.0.1:port` and reads the response until the server closes the connection.
 * Rejects if the server closes without a complete response or does not answer within `timeoutMs`.
 */
export function rawRequest(port: number, req: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no response within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    // The server may answer (413, 431) and close before reading the whole request: a reset is fine then.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') {
        clearTimeout(timer);
        reject(err);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks), req.method));
      } catch (err) {
        reject(err);
      }
    });
    socket.write(encodeRequest(req, `127.0.0.1:${port}`));
  });
}
