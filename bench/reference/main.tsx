import { type ChangeEvent, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * The reference page of `npm run bench`: what plain React does with the same server and data, with nothing of the
 * dashboard (no router, query cache, UI kit or virtualization).
 *   /reference/                 fetches the running processes and renders them as a list (first page);
 *   /reference/?process=<id>    fetches the process's active rooms and renders all of them, with a search box
 *                               filtering on every keystroke (big process).
 */
const { apiBaseUrl, appId, token } = window.__ROOMDECK__ as { apiBaseUrl: string; appId: string; token?: string };

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${apiBaseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

interface Process {
  processId: string;
  region: string;
  roomsAllocated: number;
}

function Processes() {
  const [processes, setProcesses] = useState<Process[] | null>(null);
  useEffect(() => {
    getJson<Process[]>(`/processes/v1/${appId}/list/running`).then(setProcesses);
  }, []);
  if (!processes) return <p>Loading…</p>;
  return (
    <ul aria-label="Running processes">
      {processes.map((p) => (
        <li key={p.processId}>
          {p.processId} {p.region} {p.roomsAllocated}
        </li>
      ))}
    </ul>
  );
}

interface Room {
  roomId: string;
  status: string;
  roomConfig: string | null;
}

function Rooms({ processId }: { processId: string }) {
  const [rooms, setRooms] = useState<Room[] | null>(null);
  const [search, setSearch] = useState('');
  useEffect(() => {
    getJson<Room[]>(`/rooms/v2/${appId}/list/${processId}/active`).then(setRooms);
  }, [processId]);
  if (!rooms) return <p>Loading…</p>;
  const q = search.trim().toLowerCase();
  const shown = q
    ? rooms.filter((r) => r.roomId.toLowerCase().includes(q) || (r.roomConfig ?? '').toLowerCase().includes(q))
    : rooms;
  return (
    <>
      <input
        aria-label="Search rooms"
        value={search}
        onChange={(e: ChangeEvent<HTMLInputElement>) => setSearch(e.target.value)}
      />
      <p role="status">
        {q
          ? `${shown.length.toLocaleString()} of ${rooms.length.toLocaleString()} rooms match`
          : `${rooms.length.toLocaleString()} rooms`}
      </p>
      <ul aria-label="Rooms">
        {shown.map((r) => (
          <li key={r.roomId}>
            {r.roomId} {r.status} {r.roomConfig}
          </li>
        ))}
      </ul>
    </>
  );
}

const processId = new URLSearchParams(window.location.search).get('process');
const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(processId ? <Rooms processId={processId} /> : <Processes />);
