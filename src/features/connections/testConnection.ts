import { createHathoraClient, unwrap } from '@/api/client';
import { describeError } from '@/api/errors';

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

/** A real call with the connection's URL, app and token: list the app's running processes. */
export async function testConnection(input: { baseUrl: string; appId: string; token?: string | undefined }) {
  const client = createHathoraClient({ baseUrl: input.baseUrl, token: input.token, timeoutMs: 10_000 });
  try {
    const processes = await unwrap(
      client.GET('/processes/v1/{appId}/list/running', { params: { path: { appId: input.appId }, query: {} } }),
    );
    const n = processes.length;
    return { ok: true, message: `Connected: the API lists ${n} running process${n === 1 ? '' : 'es'} for this app.` };
  } catch (error) {
    return { ok: false, message: describeError(error) };
  }
}
