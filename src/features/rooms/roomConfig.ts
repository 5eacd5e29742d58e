/** The API's limit on `roomConfig`. */
export const ROOM_CONFIG_MAX_LENGTH = 10_000;

/** Why `text` is not JSON (the parser's own words), or null when it is. */
export function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Pretty-prints JSON with two spaces; returns the text unchanged when it is not JSON. */
export function formatJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
