import { describe, expect, it } from 'vitest';
import { actionBlockedReason, isScheduled, observedStartup, recordSighting } from './roomLifecycle';

describe('room lifecycle rules', () => {
  it('calls only scheduling and active rooms scheduled', () => {
    expect(isScheduled('scheduling')).toBe(true);
    expect(isScheduled('active')).toBe(true);
    expect(isScheduled('suspended')).toBe(false);
    expect(isScheduled('destroyed')).toBe(false);
    expect(isScheduled(undefined)).toBe(false);
  });

  it('allows each action only where the status does', () => {
    expect(actionBlockedReason('suspend', 'active')).toBeNull();
    expect(actionBlockedReason('suspend', 'scheduling')).toBeNull();
    expect(actionBlockedReason('suspend', 'suspended')).toMatch(/scheduled/);
    expect(actionBlockedReason('resume', 'suspended')).toBeNull();
    expect(actionBlockedReason('resume', 'active')).toMatch(/suspended/);
    expect(actionBlockedReason('destroy', 'suspended')).toBeNull();
    expect(actionBlockedReason('editConfig', 'suspended')).toBeNull();
    for (const action of ['suspend', 'resume', 'destroy', 'editConfig'] as const) {
      expect(actionBlockedReason(action, 'destroyed')).toBe('The room is destroyed');
    }
  });
});

describe('what the dashboard saw of an allocation', () => {
  it('measures from the first starting answer to the first active one', () => {
    let s = recordSighting({}, 'a1', 'starting', 1_000);
    const same = recordSighting(s, 'a1', 'starting', 1_500);
    expect(same).toBe(s);
    s = recordSighting(s, 'a1', 'active', 3_200);
    expect(recordSighting(s, 'a1', 'active', 9_000)).toBe(s);
    expect(observedStartup(s.a1)).toBe(2_200);
  });

  it('has no startup time for a room that was already active when first seen', () => {
    let s = recordSighting({}, 'a1', 'active', 1_000);
    s = recordSighting(s, 'a1', 'starting', 2_000);
    expect(s.a1).toEqual({ sawActiveAt: 1_000 });
    expect(observedStartup(s.a1)).toBeUndefined();
    expect(observedStartup(undefined)).toBeUndefined();
  });

  it('keeps allocations apart', () => {
    let s = recordSighting({}, 'a1', 'active', 1_000);
    s = recordSighting(s, 'a2', 'starting', 5_000);
    s = recordSighting(s, 'a2', 'active', 5_700);
    expect(observedStartup(s.a1)).toBeUndefined();
    expect(observedStartup(s.a2)).toBe(700);
  });
});
