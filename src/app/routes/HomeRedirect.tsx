import { Navigate } from 'react-router';
import { paths } from '@/config/paths';
import { useCurrentConnection } from '@/features/connections/ConnectionsProvider';

/** `/` goes to the current app's processes, or to Settings when there is no connection yet. */
export function HomeRedirect() {
  const connection = useCurrentConnection();
  return <Navigate to={connection ? paths.processes.getHref(connection.appId) : paths.settings.getHref()} replace />;
}
