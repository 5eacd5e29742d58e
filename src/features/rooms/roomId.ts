import { isApiError } from '@/api/errors';

export const ROOM_ID_MAX_LENGTH = 100;
const ROOM_ID_CHAR = /[a-zA-Z0-9_-]/;

/**
 * Checks a custom room id as the user types it (the API's rule: 1 to 100 letters, digits, `_` and `-`).
 * Empty is fine: the API then generates an id. Returns the problem to show, or null.
 */
export function validateRoomId(roomId: string): string | null {
  if (roomId === '') return null;
  const bad = [...new Set([...roomId].filter((c) => !ROOM_ID_CHAR.test(c)))];
  if (bad.length > 0) {
    const shown = bad.slice(0, 5).map(describeChar).join(', ');
    return `Only letters, digits, _ and - are allowed; remove ${shown}${bad.length > 5 ? ' and more' : ''}`;
  }
  if (roomId.length > ROOM_ID_MAX_LENGTH) {
    return `At most ${ROOM_ID_MAX_LENGTH} characters; this one has ${roomId.length}`;
  }
  return null;
}

function describeChar(c: string): string {
  if (c === ' ') return 'spaces';
  if (/\s/.test(c)) return 'line breaks and tabs';
  return `"${c}"`;
}

/**
 * Whether a create failed because the custom room id is in use. The API answers 400 (Hathora documents no code;
 * 409 is accepted too) with a message that says the id is taken or exists.
 */
export function isRoomIdTaken(error: unknown): boolean {
  return (
    isApiError(error) &&
    (error.status === 400 || error.status === 409) &&
    /taken|already exists|exists already|in use|not (globally )?unique/i.test(error.message)
  );
}
