import { Alert, Button, Checkbox, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRef, useState } from 'react';
import { baseUrlProblem } from '../baseUrl';
import type { ConnectionInput } from '../connectionStore';
import { type ConnectionTestResult, testConnection } from '../testConnection';

const APP_ID = /^[a-zA-Z0-9_-]{1,100}$/;

/** Add a connection: name, API base URL, app id, dev token; test it with a real call before saving. */
export function ConnectionForm({
  initialAppId = '',
  onSave,
}: {
  initialAppId?: string;
  onSave: (input: ConnectionInput) => void;
}) {
  const [test, setTest] = useState<ConnectionTestResult | 'testing' | undefined>();
  // Counts changes of what a test checks, so a test of values no longer in the form shows no result.
  const tested = useRef(0);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', baseUrl: 'https://api.hathora.dev', appId: initialAppId, token: '', remember: false },
    validate: {
      name: (v) => (v.trim() ? null : 'Give the connection a name, e.g. Production'),
      baseUrl: (v) => baseUrlProblem(v),
      appId: (v) =>
        APP_ID.test(v.trim()) ? null : 'An app id is 1 to 100 letters, digits, _ or -, e.g. app-af469a92-…',
      token: (v) => (v.trim() ? null : 'A dev token is needed for every call but connection info'),
    },
    // A test result describes the URL, app id and token it was made with: a change of one of them clears it.
    onValuesChange: (next, previous) => {
      if (next.baseUrl !== previous.baseUrl || next.appId !== previous.appId || next.token !== previous.token) {
        tested.current += 1;
        setTest(undefined);
      }
    },
  });

  const values = () => ({
    name: form.values.name.trim(),
    baseUrl: form.values.baseUrl.trim().replace(/\/+$/, ''),
    appId: form.values.appId.trim(),
    token: form.values.token.trim(),
    remember: form.values.remember,
  });

  return (
    <form
      onSubmit={form.onSubmit(() => {
        onSave(values());
        form.reset();
        setTest(undefined);
      })}
      aria-label="Add a connection"
    >
      <Stack gap="sm">
        <TextInput label="Name" placeholder="Production" key={form.key('name')} {...form.getInputProps('name')} />
        <TextInput
          label="API base URL"
          description="https://api.hathora.dev for Hathora Cloud; /api for the Roomdeck server that serves this page"
          key={form.key('baseUrl')}
          {...form.getInputProps('baseUrl')}
        />
        <TextInput label="App id" placeholder="app-…" key={form.key('appId')} {...form.getInputProps('appId')} />
        <PasswordInput
          label="Dev token"
          description="Kept until the browser closes, shared by its tabs of Roomdeck, unless you tick the box below"
          autoComplete="off"
          key={form.key('token')}
          {...form.getInputProps('token')}
        />
        <Checkbox
          label="Remember on this device (stores the token in this browser's local storage)"
          key={form.key('remember')}
          {...form.getInputProps('remember', { type: 'checkbox' })}
        />
        {test && test !== 'testing' && (
          <Alert
            color={test.ok ? 'teal' : 'red'}
            title={test.ok ? 'Connection works' : 'Connection failed'}
            role="status"
          >
            {test.message}
          </Alert>
        )}
        <Group gap="sm">
          <Button
            variant="default"
            loading={test === 'testing'}
            onClick={async () => {
              if (form.validate().hasErrors) return;
              const run = ++tested.current;
              setTest('testing');
              const result = await testConnection(values());
              if (run === tested.current) setTest(result);
            }}
          >
            Test connection
          </Button>
          <Button type="submit">Save connection</Button>
        </Group>
      </Stack>
    </form>
  );
}
