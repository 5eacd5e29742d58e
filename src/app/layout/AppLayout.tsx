import {
  ActionIcon,
  Alert,
  Burger,
  Button,
  Code,
  Group,
  Kbd,
  NativeSelect,
  NavLink,
  Text,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate, useNavigationType } from 'react-router';
import { MoonIcon, SunIcon } from '@/components/icons';
import { paths } from '@/config/paths';
import { useConnectionStore, useConnections, useCurrentConnection } from '@/features/connections/ConnectionsProvider';
import { lazyWithRetry } from '@/lib/lazyWithRetry';
import { useUnauthorizedConnection } from '../authProblem';
import classes from './AppLayout.module.css';
import { focusHeading } from './focusHeading';
import { createPaletteBuffer } from './paletteBuffer';

// What is typed for the id search while its code loads and its dialog opens (one page, one buffer).
const paletteBuffer = typeof window === 'undefined' ? undefined : createPaletteBuffer();

// The id search (Spotlight) is loaded the first time it is opened: the first page does not need it. If its code
// cannot be fetched (the server is down), it says so in a corner and tries again.
const IdSearch = lazyWithRetry(() => import('./IdSearch'), {
  what: 'the id search',
  fallback: (
    <Text className={classes.overlayNotice} size="sm" role="status">
      Opening the id search…
    </Text>
  ),
  renderFailure: (props) => <SearchLoadFailure {...props} />,
});

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const connection = useCurrentConnection();
  const location = useLocation();
  const appId = connection?.appId;
  const [searchRequests, setSearchRequests] = useState(0);
  const openSearch = () => {
    paletteBuffer?.start();
    setSearchRequests((n) => n + 1);
  };
  const mainRef = useRef<HTMLElement>(null);
  // After a navigation the page's heading gets the focus, so a screen reader starts there and Tab goes on from
  // there. Not on the first page (the browser starts at the top), not when a search or dialog has the focus.
  // A redirect of the first page (`/` to the processes) is still the first page.
  const pathname = location.pathname;
  const navigationType = useNavigationType();
  const started = useRef(false);
  const lastPath = useRef(pathname);
  useEffect(() => {
    if (lastPath.current === pathname) return;
    lastPath.current = pathname;
    if (!started.current) {
      started.current = navigationType !== 'POP' && navigationType !== 'REPLACE';
      if (!started.current) return;
    }
    if (mainRef.current) return focusHeading(mainRef.current);
  }, [pathname, navigationType]);
  useHotkeys([
    ['mod+K', openSearch],
    ['/', openSearch],
  ]);

  const nav = [
    { label: 'Processes', href: appId ? paths.processes.getHref(appId) : undefined, match: '/processes' },
    // A read-only connection cannot create rooms: no way to a form that would be refused.
    ...(connection?.readOnly
      ? []
      : [{ label: 'Create room', href: appId ? paths.newRoom.getHref(appId) : undefined, match: '/rooms/new' }]),
    { label: 'Settings', href: paths.settings.getHref(), match: '/settings' },
  ];

  return (
    <div className={classes.shell}>
      <a className={classes.skipLink} href="#main-content">
        Skip to content
      </a>
      <header className={classes.header}>
        <Group h="100%" px="md" gap="sm" wrap="nowrap">
          <Burger
            opened={opened}
            onClick={toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label="Toggle navigation"
            aria-expanded={opened}
            aria-controls="main-navigation"
          />
          <Text
            component={Link}
            to={paths.home.getHref()}
            fw={700}
            size="lg"
            style={{ textDecoration: 'none' }}
            c="inherit"
          >
            Roomdeck
          </Text>
          <ConnectionSwitcher visibleFrom="sm" />
          {appId && (
            <Code visibleFrom="md" aria-label="Current app id" title="App id of the current connection">
              {appId}
            </Code>
          )}
          <Group ml="auto" gap="xs" wrap="nowrap">
            <Button
              variant="default"
              size="xs"
              onClick={openSearch}
              aria-label="Search by room or process id"
              rightSection={<Kbd size="xs">Ctrl K</Kbd>}
            >
              Go to id…
            </Button>
            <ColorSchemeToggle />
          </Group>
        </Group>
      </header>
      <nav id="main-navigation" className={classes.navbar} data-opened={opened || undefined} aria-label="Main">
        {/* On phones the header has no room for it: it is in the menu (rendered only while the menu is open). */}
        {opened && (
          <div className={classes.navConnection}>
            <ConnectionSwitcher onSwitched={close} />
          </div>
        )}
        {nav.map((item) =>
          item.href ? (
            <NavLink
              key={item.label}
              component={Link}
              to={item.href}
              label={item.label}
              active={location.pathname.includes(item.match)}
              onClick={close}
            />
          ) : (
            <NavLink key={item.label} label={item.label} disabled />
          ),
        )}
      </nav>
      <main id="main-content" ref={mainRef} tabIndex={-1} className={classes.main}>
        <UnauthorizedBanner />
        <Outlet />
      </main>
      {searchRequests > 0 && <IdSearch openRequests={searchRequests} buffer={paletteBuffer} />}
    </div>
  );
}

function SearchLoadFailure({ what, retry }: { what: string; retry: () => void }) {
  // Keys are no longer kept for a search that is not there.
  useEffect(() => paletteBuffer?.stop(), []);
  return (
    <Alert color="red" title={`Could not load ${what} — retrying`} role="alert" className={classes.overlayNotice}>
      <Group gap="sm" wrap="nowrap">
        <Text size="sm">Its code did not arrive; the server may be down.</Text>
        <Button size="xs" variant="default" onClick={retry}>
          Retry
        </Button>
      </Group>
    </Alert>
  );
}

function ConnectionSwitcher({ visibleFrom, onSwitched }: { visibleFrom?: 'sm'; onSwitched?: () => void }) {
  const store = useConnectionStore();
  const { connections, currentId } = useConnections();
  const navigate = useNavigate();
  if (connections.length === 0) return null;
  return (
    <NativeSelect
      aria-label="Connection"
      size="xs"
      w={visibleFrom ? 220 : '100%'}
      visibleFrom={visibleFrom}
      value={currentId ?? ''}
      data={connections.map((c) => ({ value: c.id, label: c.name }))}
      onChange={(event) => {
        const next = connections.find((c) => c.id === event.currentTarget.value);
        if (!next) return;
        store.select(next.id);
        navigate(paths.processes.getHref(next.appId));
        onSwitched?.();
      }}
    />
  );
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: true });
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon
      variant="default"
      size="lg"
      onClick={() => setColorScheme(next)}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
    >
      {computed === 'dark' ? <SunIcon /> : <MoonIcon />}
    </ActionIcon>
  );
}

function UnauthorizedBanner() {
  const unauthorized = useUnauthorizedConnection();
  const { connections } = useConnections();
  const location = useLocation();
  if (!unauthorized) return null;
  const connection = connections.find((c) => c.id === unauthorized);
  if (connection?.signIn) {
    // The serving Roomdeck asks browsers to sign in (a server page); it sends them back here afterwards.
    const next = `${location.pathname}${location.search}`;
    return (
      <Alert color="red" title="Sign in to use this Roomdeck" mb="md" role="alert">
        <Group justify="space-between" gap="sm">
          <Text size="sm">
            The API answered 401: this browser has no session, or it expired. Sign in with the access token, then you
            come back to this page.
          </Text>
          <Button size="xs" component="a" href={`${connection.signIn}?next=${encodeURIComponent(next)}`}>
            Sign in
          </Button>
        </Group>
      </Alert>
    );
  }
  const name = connection?.name ?? 'the current connection';
  return (
    <Alert color="red" title="The API refused the token" mb="md" role="alert">
      <Group justify="space-between" gap="sm">
        <Text size="sm">The API answered 401 for {name}: its dev token is missing, wrong or expired.</Text>
        <Button size="xs" component={Link} to={paths.settings.getHref()}>
          Open Settings
        </Button>
      </Group>
    </Alert>
  );
}
