/** The attribute of the id search's input: once it has the focus, what is typed goes there. */
export const PALETTE_INPUT_ATTR = 'data-id-palette-input';

export interface PaletteDraft {
  text: string;
  /** Enter was pressed: go to the id once it is found. */
  enter: boolean;
}

/**
 * What is typed or pasted for the id search between the shortcut and the moment its input has the focus: its code
 * may still be loading, and the dialog opens with a transition. From `start()` until the input is focused, keys and
 * pastes anywhere in the page are kept here (and kept from the page), and the search takes them as it can.
 */
export function createPaletteBuffer(target: Window = window) {
  let draft: PaletteDraft = { text: '', enter: false };
  let active = false;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const isPaletteInput = (node: EventTarget | null) => node instanceof Element && node.hasAttribute(PALETTE_INPUT_ATTR);

  const onKeyDown = (event: KeyboardEvent) => {
    if (isPaletteInput(event.target)) return stop();
    if (event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Escape') {
      draft = { text: '', enter: false };
      stop();
      return;
    }
    if (event.key === 'Enter') draft = { ...draft, enter: true };
    else if (event.key === 'Backspace') draft = { ...draft, text: draft.text.slice(0, -1) };
    else if (event.key.length === 1) draft = { ...draft, text: draft.text + event.key };
    else return;
    // Not for the page (a "/" would open the search again, a space would scroll).
    event.preventDefault();
    event.stopPropagation();
    changed();
  };
  const onPaste = (event: ClipboardEvent) => {
    if (isPaletteInput(event.target)) return stop();
    const text = event.clipboardData?.getData('text') ?? '';
    event.preventDefault();
    event.stopPropagation();
    if (!text) return;
    draft = { ...draft, text: draft.text + text };
    changed();
  };
  const onFocusIn = (event: FocusEvent) => {
    if (isPaletteInput(event.target)) stop();
  };
  // A click elsewhere means the person moved on (say the search could not load): the page gets its keys back.
  const onPointerDown = (event: PointerEvent) => {
    if (!isPaletteInput(event.target)) stop();
  };

  function stop() {
    if (!active) return;
    active = false;
    target.removeEventListener('keydown', onKeyDown, true);
    target.removeEventListener('paste', onPaste, true);
    target.removeEventListener('focusin', onFocusIn, true);
    target.removeEventListener('pointerdown', onPointerDown, true);
  }

  return {
    start() {
      if (active) return;
      active = true;
      target.addEventListener('keydown', onKeyDown, true);
      target.addEventListener('paste', onPaste, true);
      target.addEventListener('focusin', onFocusIn, true);
      target.addEventListener('pointerdown', onPointerDown, true);
    },
    stop,
    /** What was kept since the last take; it is handed over once. */
    take(): PaletteDraft {
      const taken = draft;
      draft = { text: '', enter: false };
      return taken;
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export type PaletteBuffer = ReturnType<typeof createPaletteBuffer>;
