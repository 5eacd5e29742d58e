import { describe, expect, it } from 'vitest';
import { createConfigPresetStore, presetNameProblem } from './configPresets';

const KEY = 'roomdeck:room-config-presets';

describe('config preset store', () => {
  it('saves, lists by name and reads back after a reload', () => {
    const store = createConfigPresetStore();
    store.save('QA: 4-player ranked', '{"players":4,"ranked":true}', false);
    store.save('  Bots only ', 'bots=8', true);
    expect(store.getPresets().map((p) => [p.name, p.roomConfig, p.plainText])).toEqual([
      ['Bots only', 'bots=8', true],
      ['QA: 4-player ranked', '{"players":4,"ranked":true}', false],
    ]);
    expect(createConfigPresetStore().getPresets()).toEqual(store.getPresets());
  });

  it('replaces a preset saved again under the same name, ignoring case', () => {
    const store = createConfigPresetStore();
    const first = store.save('QA: duel', '{"players":2}', false);
    const again = store.save('qa: DUEL', '{"players":2,"map":"dust"}', false);
    expect(again.id).toBe(first.id);
    expect(store.getPresets()).toEqual([
      { id: first.id, name: 'qa: DUEL', roomConfig: '{"players":2,"map":"dust"}', plainText: false },
    ]);
  });

  it('renames, refusing a name another preset has, and deletes', () => {
    const store = createConfigPresetStore();
    const a = store.save('A', '1', false);
    store.save('B', '2', false);
    store.rename(a.id, 'C');
    expect(store.getPresets().map((p) => p.name)).toEqual(['B', 'C']);
    expect(() => store.rename(a.id, 'b')).toThrow('Another preset is already called “b”');
    expect(() => store.rename(a.id, ' ')).toThrow('Give the preset a name');
    store.rename(a.id, 'c'); // its own name in another case is fine
    store.remove(a.id);
    expect(
      createConfigPresetStore()
        .getPresets()
        .map((p) => p.name),
    ).toEqual(['B']);
  });

  it('tells subscribers about changes', () => {
    const store = createConfigPresetStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.save('A', '1', false);
    unsubscribe();
    store.save('B', '2', false);
    expect(calls).toBe(1);
  });

  it('survives corrupt or hand-edited storage', () => {
    localStorage.setItem(KEY, '{not json');
    expect(createConfigPresetStore().getPresets()).toEqual([]);
    localStorage.setItem(KEY, JSON.stringify({ id: 'x' }));
    expect(createConfigPresetStore().getPresets()).toEqual([]);
    localStorage.setItem(
      KEY,
      JSON.stringify([
        null,
        7,
        'x',
        { id: 1 },
        { id: 'a', name: '', roomConfig: '' },
        { id: 'b', name: 'Ok', roomConfig: '{}' },
      ]),
    );
    const store = createConfigPresetStore();
    expect(store.getPresets()).toEqual([{ id: 'b', name: 'Ok', roomConfig: '{}', plainText: false }]);
    store.save('New', '{}', false);
    expect(
      createConfigPresetStore()
        .getPresets()
        .map((p) => p.name),
    ).toEqual(['New', 'Ok']);
  });

  it('says so when the browser refuses to store, and keeps the old list', () => {
    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    } as unknown as Storage;
    const store = createConfigPresetStore(refusing);
    expect(() => store.save('A', '1', false)).toThrow(/refused to save/);
    expect(store.getPresets()).toEqual([]);
    expect(() => createConfigPresetStore(null).save('A', '1', false)).toThrow(/refused to save/);
  });

  it('checks names', () => {
    expect(presetNameProblem('x'.repeat(81), [])).toBe('At most 80 characters');
    expect(presetNameProblem('Fine', [])).toBeNull();
  });
});
