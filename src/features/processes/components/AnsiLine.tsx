import Anser from 'anser';
import { type CSSProperties, memo } from 'react';
import classes from './LogsPanel.module.css';

/**
 * One log line with its ANSI colours: anser parses it into spans with class names (`ansi-red`, `ansi-bold`…) and
 * truecolour styles. The text is always a React text node, never HTML.
 */
export const AnsiLine = memo(function AnsiLine({ text }: { text: string }) {
  if (!text.includes('\u001b')) return <>{text}</>;
  const parts = Anser.ansiToJson(text, { use_classes: true, remove_empty: true });
  return (
    <>
      {parts.map((part, i) => {
        const names: string[] = [];
        const style: CSSProperties = {};
        if (part.fg === 'ansi-truecolor' && part.fg_truecolor) style.color = `rgb(${part.fg_truecolor})`;
        else if (part.fg) names.push(classes[`${part.fg}-fg`] ?? '');
        if (part.bg === 'ansi-truecolor' && part.bg_truecolor) style.backgroundColor = `rgb(${part.bg_truecolor})`;
        else if (part.bg) names.push(classes[`${part.bg}-bg`] ?? '');
        for (const d of part.decorations ?? []) names.push(classes[`ansi-${d}`] ?? '');
        if ((part as { isInverted?: boolean }).isInverted) names.push(classes['ansi-reverse'] ?? '');
        const className = names.filter(Boolean).join(' ');
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one line never reorder
          <span key={i} className={className || undefined} style={style}>
            {part.content}
          </span>
        );
      })}
    </>
  );
});
