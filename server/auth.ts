import { timingSafeEqual } from 'node:crypto';
import type { onRequestHookHandler } from 'fastify';
import type { FailureLimiter } from './limits.ts';

/**
 * `Authorization: Bearer <token>`, compared in constant time: the presented token is copied into a buffer of the
 * expected token's length (truncated or zero-padded) and compared with crypto.timingSafeEqual, and the lengths
 * are compared separately; so the time taken depends only on the expected token's length, never on how much of
 * it a guess got right (or on the guess's length). Messages never contain a token.
 */
export function bearerAuth(
  token: string,
  limiter?: FailureLimiter,
  /** Other tokens accepted (a live game process's ROOMDECK_PROCESS_TOKEN): looked up by their hash. */
  otherToken?: (presented: string) => boolean,
): onRequestHookHandler {
  const expected = Buffer.from(token, 'utf8');
  // Reused by every check (they run one at a time): no allocation per request.
  const candidate = Buffer.alloc(expected.length);
  const matches = (presented: string): boolean => {
    candidate.fill(0);
    candidate.write(presented, 'utf8');
    const sameBytes = timingSafeEqual(candidate, expected);
    return Buffer.byteLength(presented, 'utf8') === expected.length && sameBytes;
  };
  return (req, reply, done) => {
    if (limiter?.refuse(req, reply, 'bearer tokens')) return;
    const header = req.headers.authorization;
    const match = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (match?.[1] !== undefined && (matches(match[1]) || otherToken?.(match[1]) === true)) return done();
    // A missing header is no guess; a wrong or malformed one is.
    if (header !== undefined) limiter?.fail(req);
    reply
      .code(401)
      .header('www-authenticate', 'Bearer')
      .send({
        message:
          header === undefined
            ? "Missing bearer token: send the header 'Authorization: Bearer <token>' (the server prints the token at start)"
            : match === null
              ? "Malformed Authorization header: expected 'Bearer <token>'"
              : 'Invalid bearer token',
      });
  };
}
