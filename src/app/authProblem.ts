import { useSyncExternalStore } from 'react';

/** The last 401 an API call got, per connection, so the shell can show one banner that leads to Settings. */
let unauthorizedConnection: string | undefined;
const listeners = new Set<() => void>();

export const authProblem = {
  report(connectionId: string | undefined) {
    if (unauthorizedConnection === connectionId) return;
    unauthorizedConnection = connectionId;
    for (const l of listeners) l();
  },
  clear(connectionId: string | undefined) {
    if (unauthorizedConnection !== connectionId) return;
    unauthorizedConnection = undefined;
    for (const l of listeners) l();
  },
};

export function useUnauthorizedConnection(): string | undefined {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => unauthorizedConnection,
  );
}
