/** Where the focus may stay: a dialog, a search or a field someone is typing in keeps it. */
const KEEPS_FOCUS = 'input, textarea, select, [contenteditable="true"]';
/** A dialog (the id search, a confirm) has the focus: wait until it has closed and given it back. */
const DIALOG = '[role="dialog"], [aria-modal="true"]';

/**
 * Moves the focus to the page's h1 in `container`, as soon as there is one (a page may draw its heading once its
 * data has arrived). Returns a function that stops waiting.
 */
export function focusHeading(container: HTMLElement) {
  const tryFocus = () => {
    const active = document.activeElement;
    if (active?.closest(DIALOG)) return false;
    if (active && active !== document.body && active !== container && active.closest(KEEPS_FOCUS)) return true;
    const heading = container.querySelector<HTMLElement>('h1');
    if (!heading) return false;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
    return true;
  };
  if (tryFocus()) return () => {};
  // The heading appears in the container; a dialog closes elsewhere in the body (a portal).
  const observer = new MutationObserver(() => {
    if (tryFocus()) stop();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  document.addEventListener('focusin', onFocusIn);
  function onFocusIn() {
    if (tryFocus()) stop();
  }
  // A page that never draws a heading does not keep an observer forever.
  const timer = window.setTimeout(stop, 10_000);
  function stop() {
    observer.disconnect();
    document.removeEventListener('focusin', onFocusIn);
    window.clearTimeout(timer);
  }
  return stop;
}
