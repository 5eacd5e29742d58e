import type { Locator, Page } from '@playwright/test';

/**
 * What every page shows while it cannot load something: an alert titled with what failed, the API's message, and
 * a Retry button (src/components/ErrorState.tsx, the route error boundary).
 */
export class LoadState {
  constructor(readonly page: Page) {}

  /** The failed-load alert titled `title`, or any failed-load alert. */
  failed(title?: string | RegExp): Locator {
    const alerts = this.page.getByRole('alert').filter({ has: this.page.getByRole('button', { name: 'Retry' }) });
    return title === undefined ? alerts : alerts.filter({ hasText: title });
  }

  retry(title: string | RegExp): Locator {
    return this.failed(title).getByRole('button', { name: 'Retry' });
  }

  /** The page's own heading: always there, whatever failed. */
  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }
}
