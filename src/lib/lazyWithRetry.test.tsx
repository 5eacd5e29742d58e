import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { lazyWithRetry } from './lazyWithRetry';

/** A module load that fails the first `failures` times, as an import does while the server is down. */
function flakyModule(failures: number) {
  let calls = 0;
  const load = async () => {
    calls += 1;
    if (calls <= failures) throw new TypeError('Failed to fetch dynamically imported module');
    return { default: ({ name }: { name: string }) => <h1>Hello {name}</h1> };
  };
  return { load, calls: () => calls };
}

describe('lazyWithRetry', () => {
  it('says it could not load, and loads on Retry without a reload', async () => {
    const module = flakyModule(1);
    // A long back-off: only Retry can bring it here.
    const Screen = lazyWithRetry(module.load, { delayMs: 600_000 });
    const { user } = renderWithProviders(<Screen name="Ada" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load this screen — retrying');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { name: 'Hello Ada' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(module.calls()).toBe(2);
  });

  it('tries again by itself, backing off, until the code arrives', async () => {
    const module = flakyModule(3);
    const Screen = lazyWithRetry(module.load, { delayMs: 1, what: 'the id search' });
    renderWithProviders(<Screen name="Grace" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the id search — retrying');
    expect(await screen.findByRole('heading', { name: 'Hello Grace' })).toBeInTheDocument();
    expect(module.calls()).toBe(4);
  });

  it('loads the code once for every place that shows it, and preload starts it early', async () => {
    const module = flakyModule(0);
    const Screen = lazyWithRetry(module.load);
    await Screen.preload();
    renderWithProviders(
      <>
        <Screen name="one" />
        <Screen name="two" />
      </>,
    );
    expect(await screen.findByRole('heading', { name: 'Hello one' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Hello two' })).toBeInTheDocument();
    expect(module.calls()).toBe(1);
  });
});
