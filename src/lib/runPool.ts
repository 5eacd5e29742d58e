export type PoolResult = { ok: true } | { ok: false; error: unknown };

/**
 * Runs `work` for every item, at most `concurrency` at a time, in the order given, and reports each result as
 * it settles. One failure never stops the others. When `shouldStop()` turns true no new item is started (the
 * ones in flight finish); the items never started are returned.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<unknown>,
  onSettled: (item: T, result: PoolResult) => void,
  shouldStop: () => boolean = () => false,
): Promise<{ notStarted: T[] }> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !shouldStop()) {
      const item = items[next++] as T;
      try {
        await work(item);
        onSettled(item, { ok: true });
      } catch (error) {
        onSettled(item, { ok: false, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return { notStarted: items.slice(next) };
}
