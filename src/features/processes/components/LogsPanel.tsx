import { Alert, Button, Group, Paper, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { downloadProcessLog, streamProcessLog } from '@/api/client';
import { describeError } from '@/api/errors';
import { useApiScope } from '@/api/scope';
import {
  appendCapped,
  filterLines,
  LineNumberer,
  LineSplitter,
  type LogLine,
  MAX_LOG_LINES,
  stripAnsi,
} from '../logLines';
import { AnsiLine } from './AnsiLine';
import classes from './LogsPanel.module.css';

export const TAIL_CHOICES = [100, 500, 1000, 5000] as const;
export type TailLines = (typeof TAIL_CHOICES)[number];

const ROW_HEIGHT = 20;
/** Within this many pixels of the bottom counts as "at the bottom" (auto-scroll stays on). */
const BOTTOM_SLACK = ROW_HEIGHT * 2;

type StreamState =
  | { kind: 'loading' }
  | { kind: 'following' }
  /** A tail without follow has been read whole. */
  | { kind: 'loaded' }
  /** A followed log ended: the process ended. */
  | { kind: 'ended' }
  | { kind: 'error'; error: unknown };

export interface LogsPanelProps {
  processId: string;
  /** The process has ended: the panel starts without follow (there is nothing more to come). */
  processEnded?: boolean;
  defaultTailLines?: TailLines;
  /** CSS height of the scrolling log. */
  height?: string;
}

/**
 * A process's output (LogsV1): the last N lines, optionally followed live until the process ends; pause, filter,
 * wrap, copy, download. Virtualized, at most MAX_LOG_LINES kept, and incoming chunks are applied once per
 * animation frame so a game printing thousands of lines a second keeps the page responsive.
 */
export function LogsPanel({
  processId,
  processEnded = false,
  defaultTailLines = 100,
  height = 'max(20rem, calc(100vh - 26rem))',
}: LogsPanelProps) {
  const scope = useApiScope();
  const [tailLines, setTailLines] = useState<TailLines>(defaultTailLines);
  const [follow, setFollow] = useState(!processEnded);
  const [paused, setPaused] = useState(false);
  const [filter, setFilter] = useState('');
  const [wrap, setWrap] = useState(false);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [state, setState] = useState<StreamState>({ kind: 'loading' });
  const [reload, setReload] = useState(0);

  useEffect(() => {
    // `reload` asks for the tail again (the Refresh button).
    void reload;
    if (follow && paused) return;
    const controller = new AbortController();
    const splitter = new LineSplitter();
    const numberer = new LineNumberer();
    let pending: LogLine[] = [];
    let replace = true;
    let frame = 0;
    const flush = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      const first = replace;
      replace = false;
      setLines((prev) => appendCapped(first ? [] : prev, batch));
    };
    const take = (texts: string[]) => {
      for (const text of texts) pending.push(numberer.make(text));
      if (pending.length > MAX_LOG_LINES * 2) pending = pending.slice(pending.length - MAX_LOG_LINES);
    };
    setState({ kind: 'loading' });
    (async () => {
      try {
        const reader = await streamProcessLog(scope, processId, { tailLines, follow, signal: controller.signal });
        if (follow) setState({ kind: 'following' });
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          take(splitter.push(value));
          if (!frame && pending.length > 0) frame = requestAnimationFrame(flush);
        }
        take(splitter.end());
        cancelAnimationFrame(frame);
        flush();
        setState({ kind: follow ? 'ended' : 'loaded' });
      } catch (error) {
        if (controller.signal.aborted) return;
        cancelAnimationFrame(frame);
        setState({ kind: 'error', error });
      }
    })();
    return () => {
      controller.abort();
      cancelAnimationFrame(frame);
    };
  }, [scope, processId, tailLines, follow, paused, reload]);

  const shown = useMemo(() => filterLines(lines, filter), [lines, filter]);

  const viewportRef = useRef<HTMLDivElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => viewportRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => shown[index]?.id ?? index,
    overscan: 20,
    useFlushSync: false,
  });

  const scrollToEnd = useCallback(() => {
    const el = viewportRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  // While following, stay at the bottom unless the user scrolled up. Before paint, so no frame shows the gap.
  useLayoutEffect(() => {
    if (atBottom && shown.length > 0 && state.kind !== 'loading') scrollToEnd();
  }, [atBottom, shown, state.kind, scrollToEnd]);

  // Only a move up leaves the bottom: when lines arrive between a scroll and its event, the box is already taller
  // than where the scroll put it, which must not count as the user scrolling away.
  const lastTop = useRef(0);
  const onScroll = () => {
    const el = viewportRef.current;
    if (!el) return;
    const nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
    if (nearBottom) setAtBottom(true);
    else if (el.scrollTop < lastTop.current) setAtBottom(false);
    lastTop.current = el.scrollTop;
  };

  const clipboard = useClipboard({ timeout: 2000 });
  const copy = () => clipboard.copy(shown.map((line) => stripAnsi(line.text)).join('\n'));

  const [download, setDownload] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const save = async () => {
    setDownload({ busy: true });
    try {
      const blob = await downloadProcessLog(scope, processId);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `process-${processId}.log`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      setDownload({ busy: false });
    } catch (error) {
      setDownload({ busy: false, error });
    }
  };

  const items = virtualizer.getVirtualItems();
  const ended = state.kind === 'ended' || (processEnded && state.kind === 'loaded');
  const empty = lines.length === 0 && (state.kind === 'loaded' || state.kind === 'following' || ended);

  return (
    <Stack gap="xs">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Lines"
          size="xs"
          w={110}
          data={TAIL_CHOICES.map((n) => ({ value: String(n), label: `Last ${n}` }))}
          value={String(tailLines)}
          onChange={(v) => v && setTailLines(Number(v) as TailLines)}
          allowDeselect={false}
        />
        <TextInput
          label="Filter"
          size="xs"
          placeholder="Text in the line"
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          w={220}
        />
        <Switch
          label="Follow live"
          size="sm"
          checked={follow}
          onChange={(e) => {
            setFollow(e.currentTarget.checked);
            setPaused(false);
          }}
        />
        {follow && (
          <Button size="xs" variant="default" onClick={() => setPaused((p) => !p)} disabled={ended}>
            {paused ? 'Resume' : 'Pause'}
          </Button>
        )}
        {!follow && (
          <Button size="xs" variant="default" onClick={() => setReload((n) => n + 1)}>
            Refresh
          </Button>
        )}
        <Switch label="Wrap lines" size="sm" checked={wrap} onChange={(e) => setWrap(e.currentTarget.checked)} />
        <Button size="xs" variant="default" onClick={copy} disabled={shown.length === 0}>
          {clipboard.copied ? 'Copied' : `Copy ${filter.trim() ? 'matching' : 'shown'} lines`}
        </Button>
        <Button size="xs" variant="default" onClick={save} loading={download.busy}>
          Download whole log
        </Button>
      </Group>

      <Group gap="xs">
        {/* Announced when the state changes; the line count, which changes every frame, is not. */}
        <Text size="xs" c="dimmed" role="status" aria-live="polite">
          {stateText(state, paused && follow)}
        </Text>
        <Text size="xs" c="dimmed">
          {countText(lines.length, shown.length, filter)}
        </Text>
      </Group>

      {state.kind === 'error' && (
        <Alert color="red" variant="light" title="Could not read the log" role="alert">
          <Text size="sm">{describeError(state.error)}</Text>
          <Button mt="xs" size="xs" variant="default" onClick={() => setReload((n) => n + 1)}>
            Retry
          </Button>
        </Alert>
      )}
      {download.error !== undefined && (
        <Alert color="red" variant="light" title="Could not download the log" role="alert">
          <Text size="sm">{describeError(download.error)}</Text>
        </Alert>
      )}

      <div style={{ position: 'relative' }}>
        <div
          ref={viewportRef}
          className={classes.viewport}
          style={{ height }}
          onScroll={onScroll}
          role="log"
          aria-label={`Output of process ${processId}`}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling log must be reachable to scroll by keyboard
          tabIndex={0}
        >
          {empty ? (
            <Text p="sm" size="sm" c="dimmed">
              No output yet
            </Text>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const line = shown[item.index];
                if (!line) return null;
                return (
                  <div
                    key={item.key}
                    data-index={item.index}
                    ref={wrap ? virtualizer.measureElement : undefined}
                    className={classes.line}
                    data-wrap={wrap || undefined}
                    style={{ transform: `translateY(${item.start}px)`, height: wrap ? undefined : ROW_HEIGHT }}
                  >
                    <AnsiLine text={line.text} />
                  </div>
                );
              })}
            </div>
          )}
          {filter.trim() && lines.length > 0 && shown.length === 0 && (
            <Text p="sm" size="sm" c="dimmed">
              No line matches the filter
            </Text>
          )}
        </div>
        {!atBottom && shown.length > 0 && (
          <Button
            className={classes.jump}
            size="xs"
            onClick={() => {
              setAtBottom(true);
              scrollToEnd();
            }}
          >
            Jump to latest
          </Button>
        )}
      </div>
      {ended && (
        <Paper withBorder p="xs" role="note">
          <Text size="sm" className={classes.marker}>
            Process ended: no more output.
          </Text>
        </Paper>
      )}
    </Stack>
  );
}

function stateText(state: StreamState, paused: boolean): string {
  if (paused) return 'Paused: resume to read the latest lines.';
  switch (state.kind) {
    case 'loading':
      return 'Reading the log…';
    case 'following':
      return 'Following live.';
    case 'loaded':
      return 'The last lines, not followed.';
    case 'ended':
      return 'The process ended.';
    case 'error':
      return 'The log could not be read.';
  }
}

function countText(total: number, shown: number, filter: string): string {
  const count = filter.trim() ? `${shown} of ${total} lines match` : `${total} lines`;
  return total >= MAX_LOG_LINES ? `${count} (only the latest ${MAX_LOG_LINES} are kept)` : count;
}
