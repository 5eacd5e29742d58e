import { Alert, Button, Group, Text } from '@mantine/core';
import { type ComponentType, type ReactNode, useEffect, useReducer, useState } from 'react';

type Module<P> = { default: ComponentType<P> };

/** The component, and a way to start loading its code before it renders (a route loader, a hover). */
export type LazyComponent<P> = ComponentType<P> & { preload: () => Promise<unknown> };

export interface LazyWithRetryOptions {
  /** Shown while the code loads the first time (nothing by default). */
  fallback?: ReactNode;
  /** What the failure says is missing: "this screen" by default. */
  what?: string;
  /** The first wait before trying again; it doubles on each failure, up to maxDelayMs. */
  delayMs?: number;
  maxDelayMs?: number;
  /** Where the failure is shown: a page block by default; an overlay passes its own (say a fixed corner). */
  renderFailure?: (props: { what: string; retry: () => void }) => ReactNode;
}

/**
 * React's lazy() keeps a failed import for good: a screen whose code could not be fetched (the server was down for a
 * moment) stays broken until a full reload. This one tries again, with back-off, when the browser says it is back
 * online, and at once on Retry; meanwhile it says what did not load. The module is loaded once for all instances.
 */
export function lazyWithRetry<P extends object>(
  load: () => Promise<Module<P>>,
  options: LazyWithRetryOptions = {},
): LazyComponent<P> {
  const entry: Entry<P> = {
    loaded: null,
    pending: null,
    listeners: new Set(),
    options: {
      fallback: options.fallback ?? null,
      what: options.what ?? 'this screen',
      delayMs: options.delayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 8000,
      renderFailure: options.renderFailure ?? ((props) => <LoadFailure {...props} />),
    },
    attempt: () => {
      entry.pending ??= retryImport(load).then(
        (m) => {
          entry.loaded = m.default;
          for (const listener of entry.listeners) listener();
          return m.default;
        },
        (error: unknown) => {
          entry.pending = null;
          throw error;
        },
      );
      return entry.pending;
    },
  };
  return Object.assign((props: P) => <LazyView entry={entry} props={props} />, { preload: entry.attempt });
}

interface Entry<P> {
  loaded: ComponentType<P> | null;
  pending: Promise<ComponentType<P>> | null;
  listeners: Set<() => void>;
  options: Required<LazyWithRetryOptions>;
  attempt: () => Promise<ComponentType<P>>;
}

function LazyView<P extends object>({ entry, props }: { entry: Entry<P>; props: P }) {
  const { fallback, what, delayMs, maxDelayMs, renderFailure } = entry.options;
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [failures, setFailures] = useState(0);
  // Each increment starts an attempt (the first render, a timer, Retry, back online).
  const [tries, retryNow] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (entry.loaded || tries < 0) return;
    entry.listeners.add(rerender);
    let cancelled = false;
    entry.attempt().catch(() => {
      if (!cancelled) setFailures((n) => n + 1);
    });
    return () => {
      cancelled = true;
      entry.listeners.delete(rerender);
    };
  }, [entry, tries]);
  useEffect(() => {
    if (failures === 0 || entry.loaded) return;
    const timer = window.setTimeout(retryNow, Math.min(delayMs * 2 ** (failures - 1), maxDelayMs));
    window.addEventListener('online', retryNow);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('online', retryNow);
    };
  }, [entry, failures, delayMs, maxDelayMs]);
  const Loaded = entry.loaded;
  if (Loaded) return <Loaded {...props} />;
  return failures > 0 ? renderFailure({ what, retry: retryNow }) : fallback;
}

/**
 * A module whose fetch failed may be remembered as failed by the browser under its URL; the next attempt asks for
 * the same file under a new URL (a query string the server ignores), taken from the error Vite's import reports.
 */
function retryImport<P>(load: () => Promise<Module<P>>): Promise<Module<P>> {
  return load().catch((error: unknown) => {
    const url = failedModuleUrl(error);
    if (!url) throw error;
    const retryUrl = `${url}${url.includes('?') ? '&' : '?'}retry=${Date.now()}`;
    return import(/* @vite-ignore */ retryUrl) as Promise<Module<P>>;
  });
}

function failedModuleUrl(error: unknown): string | null {
  const message = error instanceof Error ? error.message : '';
  const match = /(https?:\/\/\S+\.js)\b/.exec(message);
  return match?.[1] ?? null;
}

function LoadFailure({ what, retry }: { what: string; retry: () => void }) {
  return (
    <Alert color="red" title={`Could not load ${what} — retrying`} role="alert">
      <Group justify="space-between" gap="sm">
        <Text size="sm">
          Its code did not arrive (the server or the network may be down). It loads as soon as it can.
        </Text>
        <Button size="xs" variant="default" onClick={retry}>
          Retry
        </Button>
      </Group>
    </Alert>
  );
}
