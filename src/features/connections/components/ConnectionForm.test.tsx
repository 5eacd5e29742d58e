import { act, screen } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { startServer, type TestServer } from '../../../../server/test/harness.ts';
import { ConnectionForm } from './ConnectionForm';

// "Test connection" makes a real call: to the local server, started in-process.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(async () => {
  await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0, latencyMs: 0, match: null } });
});

function setup() {
  const onSave = vi.fn();
  const { user } = renderWithProviders(<ConnectionForm onSave={onSave} />);
  return { onSave, user };
}

const field = {
  baseUrl: () => screen.getByRole('textbox', { name: 'API base URL' }),
  appId: () => screen.getByRole('textbox', { name: 'App id' }),
  token: () => screen.getByLabelText('Dev token'),
};

async function fillIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Local');
  await user.clear(field.baseUrl());
  await user.type(field.baseUrl(), `${server.base}/api`);
  await user.type(field.appId(), server.appId);
  await user.type(field.token(), server.token);
}

async function testWorks(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Test connection' }));
  expect(await screen.findByRole('status')).toHaveTextContent('Connection works');
}

describe('ConnectionForm', () => {
  it('clears the test result as soon as the URL, app id or token changes', async () => {
    const { onSave, user } = setup();
    await fillIn(user);

    for (const [name, input] of Object.entries(field)) {
      await testWorks(user);
      await user.type(input(), 'x');
      expect(screen.queryByRole('status'), `after a change of ${name}`).not.toBeInTheDocument();
      await user.type(input(), '{Backspace}');
    }

    // A changed token is saved as typed, with no "Connection works" left over from the old one.
    await testWorks(user);
    await user.type(field.token(), '-changed');
    expect(screen.queryByText('Connection works')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ token: `${server.token}-changed` }));
  });

  it('drops the result of a test that was still running when a field changed', async () => {
    const { user } = setup();
    await fillIn(user);
    await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0, latencyMs: 300, match: null } });

    // The calls still go to the server; the spy only keeps each one's whole answer, to await it below.
    const answers: Promise<string>[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((...args: Parameters<typeof fetch>) => {
      const response = realFetch(...args);
      answers.push(response.then((r) => r.clone().text()));
      return response;
    });
    try {
      await user.click(screen.getByRole('button', { name: 'Test connection' }));
      await user.type(field.token(), 'x');
      expect(answers.length).toBeGreaterThan(0);
      // The answer to the test of the old token has come, and React has done what it leads to.
      await act(async () => {
        await Promise.all(answers);
      });
    } finally {
      spy.mockRestore();
    }
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
