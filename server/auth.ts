import { createHash, timingSafeEqual } from 'node:crypto';
import type { onRequestHookHandler } from 'fastify';

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <token>`, compared in constant time: both sides are hashed to 32 bytes first, so neither
 * the content nor the length of the expected token leaks through timing. Messages never contain a token.
 */
export function bearerAuth(token: string): onRequestHookHandler {
  const expected = sha256(token);
  return (req, reply, done) => {
    const header = req.headers.authorization;
    const match = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (match?.[1] !== undefined && timingSafeEqual(sha256(match[1]), expected)) return done();
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
