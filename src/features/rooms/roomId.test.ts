import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/errors';
import { isRoomIdTaken, validateRoomId } from './roomId';

describe('custom room id', () => {
  it('accepts empty (generated id) and 1 to 100 letters, digits, _ and -', () => {
    expect(validateRoomId('')).toBeNull();
    expect(validateRoomId('a')).toBeNull();
    expect(validateRoomId('QA_ranked-4v4-01')).toBeNull();
    expect(validateRoomId('x'.repeat(100))).toBeNull();
  });

  it('says which characters are not allowed', () => {
    expect(validateRoomId('my room!')).toBe('Only letters, digits, _ and - are allowed; remove spaces, "!"');
    expect(validateRoomId('a.b.c')).toBe('Only letters, digits, _ and - are allowed; remove "."');
    expect(validateRoomId('tab\there')).toMatch(/line breaks and tabs/);
    expect(validateRoomId('über')).toMatch(/"ü"/);
    expect(validateRoomId('!@#$%^&')).toMatch(/and more$/);
  });

  it('says how long a too long id is', () => {
    expect(validateRoomId('x'.repeat(101))).toBe('At most 100 characters; this one has 101');
  });

  it('recognises a taken id among API errors', () => {
    const taken = new ApiError(
      400,
      "Room ID 'qa-1' is already taken: room IDs are globally unique, even destroyed ones",
    );
    expect(isRoomIdTaken(taken)).toBe(true);
    expect(isRoomIdTaken(new ApiError(409, 'room qa-1 already exists'))).toBe(true);
    expect(isRoomIdTaken(new ApiError(400, 'region must be one of Seattle, …'))).toBe(false);
    expect(isRoomIdTaken(new ApiError(500, 'already taken'))).toBe(false);
    expect(isRoomIdTaken(new Error('already taken'))).toBe(false);
    expect(isRoomIdTaken(null)).toBe(false);
  });
});
