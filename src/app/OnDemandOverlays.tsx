import { Alert, Button } from '@mantine/core';
import { useNotifications } from '@mantine/notifications';
import { type CSSProperties, Suspense, useState } from 'react';
import { lazyWithRetry } from '@/lib/lazyWithRetry';

/**
 * Notifications, loaded when first used rather than with the first page (issue 8: the first page's JavaScript
 * budget). Code keeps calling `notifications.show(...)` as usual: a notification goes into
 * @mantine/notifications' store, which is all the first page holds; the container that shows the store is loaded
 * once the store has something to show. Confirmations are declarative Mantine `Modal`s where they are used
 * (`ConfirmDialog`), so nothing here opens them.
 *
 * The container's code is fetched with retry (lib/lazyWithRetry): asked for while the server is down (or after an
 * update removed the old files), it says so, retries, and loads once it can, without a reload.
 */
const NotificationsHost = lazyWithRetry(() => import('./NotificationsHost'), {
  what: 'notifications',
  renderFailure: ({ what, retry }) => (
    <Alert color="red" title="Part of Roomdeck did not load" role="alert" style={FAILURE_STYLE}>
      Could not load {what} — retrying.{' '}
      <Button size="compact-xs" variant="white" color="red" onClick={retry}>
        Retry
      </Button>
    </Alert>
  ),
});

const FAILURE_STYLE: CSSProperties = { position: 'fixed', right: 16, bottom: 16, zIndex: 1000, maxWidth: 360 };

export function OnDemandOverlays() {
  const { notifications } = useNotifications();
  const [notificationsUsed, setNotificationsUsed] = useState(false);
  // Once loaded the container stays, so that closing notifications animate out.
  if (notifications.length > 0 && !notificationsUsed) setNotificationsUsed(true);

  return <Suspense fallback={null}>{notificationsUsed && <NotificationsHost />}</Suspense>;
}
