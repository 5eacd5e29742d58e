import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { HostPort } from './HostPort';

describe('HostPort', () => {
  it('may break after a dot of the host or before the colon, never inside the port', () => {
    const { container } = renderWithProviders(
      <p>
        <HostPort host="frankfurt.rooms.roomdeck.local" port={28410} />
      </p>,
    );
    const text = container.querySelector('p');
    // Copying the text gives the address as it is.
    expect(text).toHaveTextContent(/^frankfurt\.rooms\.roomdeck\.local:28410$/);
    expect(text?.querySelectorAll('wbr')).toHaveLength(4);
    const port = text?.querySelector('span');
    expect(port).toHaveTextContent(/^:28410$/);
    expect(port).toHaveStyle({ whiteSpace: 'nowrap' });
  });
});
