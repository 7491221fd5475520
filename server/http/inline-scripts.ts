// See docs/decisions/theme-before-first-paint.md.
import { createHash } from 'node:crypto';

/** The types a browser runs (classic and module scripts); anything else is a data block. */
const RUNNABLE_TYPE = /^(?:module|(?:text|application)\/(?:x-)?(?:java|ecma)script)?$/i;

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(String.raw`\s${name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`, 'i').exec(
    attributes,
  );
  return match === null ? undefined : (match[1] ?? match[2] ?? match[3] ?? '');
}

/**
 * The CSP sources ('sha256-…') of the inline scripts a browser would run in `html`, our own
 * template: a script with `src` or a data type needs none.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  // A commented-out tag must not be read as the start of a script.
  const markup = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const [, attributes = '', body = ''] of markup.matchAll(
    /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi,
  )) {
    if (attribute(attributes, 'src') !== undefined) continue;
    if (!RUNNABLE_TYPE.test((attribute(attributes, 'type') ?? '').trim())) continue;
    // The browser hashes the text as parsed, and parsing turns CR LF and lone CR into LF.
    const text = body.replace(/\r\n?/g, '\n');
    hashes.add(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}
