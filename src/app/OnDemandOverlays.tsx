import { Alert, Button } from '@mantine/core';
import { useNotifications } from '@mantine/notifications';
import { Component, lazy, type ReactNode, Suspense, useState } from 'react';

/**
 * Notifications, loaded when first used rather than with the first page (issue 8: the first page's JavaScript
 * budget). Code keeps calling `notifications.show(...)` as usual: a notification goes into
 * @mantine/notifications' store, which is all the first page holds; the container that shows the store is loaded
 * once the store has something to show. Confirmations are declarative Mantine `Modal`s where they are used
 * (`ConfirmDialog`), so nothing here opens them.
 */
const NotificationsHost = lazy(() => import('./NotificationsHost'));

export function OnDemandOverlays() {
  const { notifications } = useNotifications();
  const [notificationsUsed, setNotificationsUsed] = useState(false);
  // Once loaded the container stays, so that closing notifications animate out.
  if (notifications.length > 0 && !notificationsUsed) setNotificationsUsed(true);

  return (
    <LoadFailure>
      <Suspense fallback={null}>{notificationsUsed && <NotificationsHost />}</Suspense>
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
      <Alert
        color="red"
        title="Part of Roomdeck did not load"
        role="alert"
        style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 1000, maxWidth: 360 }}
      >
        Notifications are not available.{' '}
        <Button size="compact-xs" variant="white" color="red" onClick={() => window.location.reload()}>
          Reload the page
        </Button>
      </Alert>
    );
  }
}
