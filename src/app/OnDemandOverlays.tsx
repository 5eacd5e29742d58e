import { Alert, Button } from '@mantine/core';
import { useNotifications } from '@mantine/notifications';
import {
  Component,
  type CSSProperties,
  type ReactNode,
  Suspense,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { lazyWithRetry } from '@/lib/lazyWithRetry';
import type { ModalOpenEvent } from './ModalsHost';

/**
 * Notifications and modals, loaded when first used rather than with the first page (issue 8: the first page's
 * JavaScript budget). Code keeps calling `notifications.show(...)` and `modals.openConfirmModal(...)` as usual:
 * - a notification goes into @mantine/notifications' store, which is all the first page holds; the container that
 *   shows the store is loaded once the store has something to show;
 * - @mantine/modals asks its provider for a modal with a window event (`mantine-modals:openConfirmModal`, ...);
 *   until the provider is loaded these events are queued here, then sent again once it listens.
 */
// Their code is fetched with retry (lib/lazyWithRetry): an overlay asked for while the server is down loads once
// it is back, without a reload.
const overlayFailure = ({ what, retry }: { what: string; retry: () => void }) => (
  <Alert color="red" title="Part of Roomdeck did not load" role="alert" style={FAILURE_STYLE}>
    Could not load {what} — retrying.{' '}
    <Button size="compact-xs" variant="white" color="red" onClick={retry}>
      Retry
    </Button>
  </Alert>
);
const NotificationsHost = lazyWithRetry(() => import('./NotificationsHost'), {
  what: 'notifications',
  renderFailure: overlayFailure,
});
const ModalsHost = lazyWithRetry(() => import('./ModalsHost'), {
  what: 'confirmation dialogs',
  renderFailure: overlayFailure,
});

const FAILURE_STYLE: CSSProperties = { position: 'fixed', right: 16, bottom: 16, zIndex: 1000, maxWidth: 360 };

/** The events of @mantine/modals that open a modal; closing or updating one needs one to be open already. */
const MODAL_OPEN_EVENTS = ['openModal', 'openConfirmModal', 'openContextModal'].map((name) => `mantine-modals:${name}`);

export function OnDemandOverlays() {
  const { notifications } = useNotifications();
  const [notificationsUsed, setNotificationsUsed] = useState(false);
  // Once loaded the container stays, so that closing notifications animate out.
  if (notifications.length > 0 && !notificationsUsed) setNotificationsUsed(true);

  const { queued, onListening } = useQueuedModalEvents();

  return (
    <LoadFailure>
      <Suspense fallback={null}>
        {notificationsUsed && <NotificationsHost />}
        {queued && <ModalsHost queued={queued} onListening={onListening} />}
      </Suspense>
    </LoadFailure>
  );
}

/**
 * If their code cannot be loaded (the network is down, or the server was updated and the old files are gone), the
 * page stays usable and says what is missing, instead of the whole app going blank.
 */
class LoadFailure extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Alert color="red" title="Part of Roomdeck did not load" role="alert" style={FAILURE_STYLE}>
        Notifications and confirmation dialogs are not available.{' '}
        <Button size="compact-xs" variant="white" color="red" onClick={() => window.location.reload()}>
          Reload the page
        </Button>
      </Alert>
    );
  }
}

/** The modal requests made before the provider listens; null until the first one. */
function useQueuedModalEvents() {
  const [queued, setQueued] = useState<readonly ModalOpenEvent[] | null>(null);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => {
    const events: ModalOpenEvent[] = [];
    const onOpen = (event: Event) => {
      events.push({ type: event.type, detail: (event as CustomEvent).detail });
      setQueued([...events]);
    };
    for (const type of MODAL_OPEN_EVENTS) window.addEventListener(type, onOpen);
    const remove = () => {
      for (const type of MODAL_OPEN_EVENTS) window.removeEventListener(type, onOpen);
    };
    stop.current = remove;
    return remove;
  }, []);
  const onListening = useCallback(() => stop.current?.(), []);
  return { queued, onListening };
}
