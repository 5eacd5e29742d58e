import { useSyncExternalStore } from 'react';

/** A named room config the user saved in this browser, e.g. "QA: 4-player ranked". */
export interface ConfigPreset {
  id: string;
  name: string;
  roomConfig: string;
  /** The config is plain text, not JSON. */
  plainText: boolean;
}

const STORAGE_KEY = 'roomdeck:room-config-presets';
export const PRESET_NAME_MAX_LENGTH = 80;

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function parse(raw: string | null): ConfigPreset[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return value
      .filter(
        (p): p is ConfigPreset =>
          !!p &&
          typeof p === 'object' &&
          typeof p.id === 'string' &&
          typeof p.name === 'string' &&
          p.name.trim() !== '' &&
          typeof p.roomConfig === 'string',
      )
      .map((p) => ({ id: p.id, name: p.name, roomConfig: p.roomConfig, plainText: p.plainText === true }));
  } catch {
    return [];
  }
}

const byName = (a: ConfigPreset, b: ConfigPreset) => a.name.localeCompare(b.name);

/** What is wrong with a preset name, or null. `exceptId` is the preset being renamed. */
export function presetNameProblem(name: string, presets: readonly ConfigPreset[], exceptId?: string): string | null {
  if (name.trim() === '') return 'Give the preset a name';
  if (name.trim().length > PRESET_NAME_MAX_LENGTH) return `At most ${PRESET_NAME_MAX_LENGTH} characters`;
  if (exceptId && presets.some((p) => p.id !== exceptId && sameName(p.name, name))) {
    return `Another preset is already called “${name.trim()}”`;
  }
  return null;
}

/**
 * Config presets live in localStorage, in this browser only. Storage that is corrupt or edited by hand loses
 * what it cannot read instead of crashing; storage that refuses writes (blocked, full) makes the change throw
 * an Error whose message can be shown as it is.
 */
export function createConfigPresetStore(storage: Storage | null = localStorageOrNull()) {
  let presets: readonly ConfigPreset[] = load();
  const listeners = new Set<() => void>();

  function load(): readonly ConfigPreset[] {
    try {
      return parse(storage?.getItem(STORAGE_KEY) ?? null).sort(byName);
    } catch {
      return [];
    }
  }

  function commit(next: ConfigPreset[]) {
    try {
      if (!storage) throw new Error('no storage');
      storage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      throw new Error('This browser refused to save the presets (its storage is blocked or full)');
    }
    presets = next.sort(byName);
    for (const l of listeners) l();
  }

  return {
    getPresets: () => presets,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    /** Saves a preset; one with the same name (ignoring case) is replaced and keeps its id. */
    save(name: string, roomConfig: string, plainText: boolean): ConfigPreset {
      const problem = presetNameProblem(name, presets);
      if (problem) throw new Error(problem);
      const existing = presets.find((p) => sameName(p.name, name));
      const preset: ConfigPreset = { id: existing?.id ?? newId(), name: name.trim(), roomConfig, plainText };
      commit([...presets.filter((p) => p.id !== preset.id), preset]);
      return preset;
    },
    rename(id: string, name: string) {
      const problem = presetNameProblem(name, presets, id);
      if (problem) throw new Error(problem);
      commit(presets.map((p) => (p.id === id ? { ...p, name: name.trim() } : p)));
    },
    remove(id: string) {
      commit(presets.filter((p) => p.id !== id));
    },
    /** Re-reads storage, e.g. after another tab changed it. */
    reload() {
      presets = load();
      for (const l of listeners) l();
    },
  };
}

export type ConfigPresetStore = ReturnType<typeof createConfigPresetStore>;

let shared: ConfigPresetStore | undefined;

function sharedStore(): ConfigPresetStore {
  if (!shared) {
    const store = createConfigPresetStore();
    // Another tab saved, renamed or deleted a preset: follow it. One listener for the page's lifetime.
    window.addEventListener('storage', (event) => {
      if (event.key === null || event.key === STORAGE_KEY) store.reload();
    });
    shared = store;
  }
  return shared;
}

/** The presets of this browser, kept in step with other tabs. */
export function useConfigPresets() {
  const store = sharedStore();
  const presets = useSyncExternalStore(store.subscribe, store.getPresets, store.getPresets);
  return { presets, save: store.save, rename: store.rename, remove: store.remove };
}

export type ConfigPresets = ReturnType<typeof useConfigPresets>;

function newId(): string {
  // Not crypto.randomUUID: that exists only on secure origins, and the console may be served over plain http.
  return `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function localStorageOrNull(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}
