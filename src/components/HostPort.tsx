import { Fragment } from 'react';

/**
 * `host:port` that may wrap, on a narrow screen, only after a dot of the host or before the colon: never inside
 * the port, never in the middle of a name. Copy it with its text as usual (the break hints are not characters).
 */
export function HostPort({ host, port }: { host: string; port: number | string }) {
  const parts = host.split('.');
  return (
    <>
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one host name, in order, never reordered
        <Fragment key={i}>
          {i > 0 && '.'}
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
      <wbr />
      <span style={{ whiteSpace: 'nowrap' }}>:{port}</span>
    </>
  );
}
