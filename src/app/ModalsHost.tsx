import { ModalsProvider } from '@mantine/modals';
import { useLayoutEffect, useRef } from 'react';

/** A request for a modal, as @mantine/modals sends it: a window CustomEvent. */
export interface ModalOpenEvent {
  type: string;
  detail: unknown;
}

/**
 * @mantine/modals' provider, loaded the first time something opens a modal. Once it listens, the requests that came
 * before it are sent again, in order (see OnDemandOverlays).
 */
export default function ModalsHost({
  queued,
  onListening,
}: {
  queued: readonly ModalOpenEvent[];
  onListening: () => void;
}) {
  const replayed = useRef(false);
  // A child's layout effects run first: the provider listens for modal events by now, in the same commit.
  useLayoutEffect(() => {
    if (replayed.current) return;
    replayed.current = true;
    onListening();
    for (const { type, detail } of queued) window.dispatchEvent(new CustomEvent(type, { detail }));
  }, [queued, onListening]);
  return <ModalsProvider />;
}
