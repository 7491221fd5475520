/** Input types that take no typing: one press or click is the whole use. */
const NO_TEXT_INPUT_TYPES = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'image',
  'file',
  'color',
  'range',
]);

export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLInputElement) return !NO_TEXT_INPUT_TYPES.has(target.type);
  return target.closest('textarea, [contenteditable]:not([contenteditable="false"])') !== null;
}

/** Text entry, or a select (a typed letter picks an option). */
export function takesKeys(target: EventTarget | null): boolean {
  return isTextEntry(target) || (target instanceof Element && target.closest('select') !== null);
}
