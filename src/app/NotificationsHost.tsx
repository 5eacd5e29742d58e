import '@mantine/notifications/styles.css';
import { Notifications } from '@mantine/notifications';

/** The notifications' container and styles, loaded the first time something calls `notifications.show`. */
export default function NotificationsHost() {
  return <Notifications position="bottom-right" />;
}
