import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ROOM_ID_LENGTH = 13;
// 252 = 7 * 36: bytes from 252 up are skipped so that every character is equally likely.
const UNBIASED_LIMIT = 252;

/** A room id like Hathora's generated ones: 13 lowercase letters and digits, e.g. `2swovpy1fnunu`. */
export function newRoomId(): string {
  let id = '';
  while (id.length < ROOM_ID_LENGTH) {
    for (const byte of randomBytes(ROOM_ID_LENGTH + 3)) {
      if (byte < UNBIASED_LIMIT) id += ALPHABET[byte % 36];
      if (id.length === ROOM_ID_LENGTH) break;
    }
  }
  return id;
}

export const newProcessId = (): string => randomUUID();
export const newAllocationId = (): string => randomUUID();
