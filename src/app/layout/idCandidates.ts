const ID = /^[a-zA-Z0-9_-]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Roomdeck link to a room, a process or the join page: the id is its last segment. */
const LINK = /\/(?:rooms|processes|join\/[^/\s?#]+)\/([a-zA-Z0-9_-]{1,100})(?=$|[/?#\s"'<>)\].,;:!])/g;
const MAX = 3;

/**
 * The ids worth looking up in what someone typed or pasted into the id search: the id itself, the id of a Roomdeck
 * link (`…/rooms/<id>`, `…/processes/<id>`, `/join/<app>/<id>`), or the id-like words of a sentence ("room
 * qa-demo-1 is stuck": words with a digit, UUIDs first). At most three, in that order.
 */
export function idCandidates(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (ID.test(trimmed)) return [trimmed];
  const linked = [...trimmed.matchAll(LINK)].map((m) => m[1] ?? '').filter((id) => id && id !== 'new');
  if (linked.length > 0) return unique(linked);
  // A Roomdeck link to a page with no id (the create-room form, the list): its app id is not what was meant.
  if (/\/apps\/[^/\s]+\//.test(trimmed)) return [];
  const words = (trimmed.match(/[a-zA-Z0-9_-]+/g) ?? [])
    .map((word) => word.replace(/^[-_]+|[-_]+$/g, ''))
    .filter((word) => ID.test(word) && word.length >= 4 && /\d/.test(word));
  return unique([...words.filter((word) => UUID.test(word)), ...words.filter((word) => !UUID.test(word))]);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)].slice(0, MAX);
}

/** Tables show process ids by their first characters (processView.shortProcessId): such a prefix finds the process. */
export function matchesProcessId(processId: string, candidate: string): boolean {
  return candidate.length >= 4 && processId.toLowerCase().startsWith(candidate.toLowerCase());
}
