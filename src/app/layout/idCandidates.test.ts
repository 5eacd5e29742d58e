import { describe, expect, it } from 'vitest';
import { idCandidates, matchesProcessId } from './idCandidates';

const PROCESS = 'cbfcddd2-0006-43ae-996c-995fff7bed2e';

describe('idCandidates', () => {
  it('takes an id as it is, trimmed', () => {
    expect(idCandidates('  qa-demo-1 \n')).toEqual(['qa-demo-1']);
    expect(idCandidates('CBFCDDD2')).toEqual(['CBFCDDD2']);
    expect(idCandidates('   ')).toEqual([]);
  });

  it('takes the id of a Roomdeck link to a room, a process or the join page', () => {
    expect(idCandidates('https://deck.example/apps/app-1/rooms/qa-demo-1')).toEqual(['qa-demo-1']);
    expect(idCandidates(`http://127.0.0.1:5173/apps/app-1/processes/${PROCESS}?tab=logs`)).toEqual([PROCESS]);
    expect(idCandidates('/join/app-1/room_7#x')).toEqual(['room_7']);
    expect(idCandidates('see https://deck.example/apps/app-1/rooms/abc123.')).toEqual(['abc123']);
  });

  it('does not take "new" of the create-room link for an id', () => {
    expect(idCandidates('https://deck.example/apps/app-1/rooms/new')).toEqual([]);
  });

  it('finds the id-like words of a sentence, UUIDs first', () => {
    expect(idCandidates('Room qa-demo-1 is stuck, can you look?')).toEqual(['qa-demo-1']);
    expect(idCandidates(`qa-demo-1 on process ${PROCESS} (Tokyo)`)).toEqual([PROCESS, 'qa-demo-1']);
    expect(idCandidates('nothing to see here')).toEqual([]);
  });
});

describe('matchesProcessId', () => {
  it('matches the short id of the tables, any case, from four characters', () => {
    expect(matchesProcessId(PROCESS, 'cbfcddd2')).toBe(true);
    expect(matchesProcessId(PROCESS, 'CBFCDDD2')).toBe(true);
    expect(matchesProcessId(PROCESS, 'cbf')).toBe(false);
    expect(matchesProcessId(PROCESS, 'cbfcddd3')).toBe(false);
  });
});
