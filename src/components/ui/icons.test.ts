import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import * as lucide from 'lucide-react';
import { describe, expect, it } from 'vitest';
import { ICON_SHAPES, type IconName } from '#src/components/ui/icon.tsx';

const css = readFileSync(new URL('./icons.css', import.meta.url), 'utf8');

/** lucide's "user-search" is its export `UserSearch`. */
function lucideIcon(name: IconName): lucide.LucideIcon {
  const exportName = name.replace(/(^|-)(\w)/g, (_, __: string, letter: string) =>
    letter.toUpperCase(),
  );
  const icon: unknown = (lucide as Record<string, unknown>)[exportName];
  if (icon === undefined) throw new Error(`lucide-react has no ${exportName}`);
  return icon as lucide.LucideIcon;
}

/** The icon's shapes as lucide-react draws them, in the data URL form the stylesheet uses. */
function iconDataUrl(name: IconName): string {
  const markup = renderToStaticMarkup(createElement(lucideIcon(name)));
  const shapes = /<svg[^>]*>(.*)<\/svg>/.exec(markup)?.[1] ?? '';
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='black' stroke-width='2' stroke-linecap='round' stroke-linejoin='round'>${shapes.replaceAll('"', "'")}</svg>`;
  return `url("data:image/svg+xml,${svg.replaceAll('<', '%3C').replaceAll('>', '%3E')}")`;
}

describe('icons drawn by CSS', () => {
  it.each(ICON_SHAPES)('draws %s exactly as lucide-react does', (name) => {
    const rule = `.icon-${name} {\n  --icon: ${iconDataUrl(name)};\n}`;
    expect(css.includes(rule), `icons.css should hold:\n${rule}`).toBe(true);
  });

  it('draws no icon the list does not name', () => {
    const drawn = [...css.matchAll(/\.icon-([\w-]+) \{/g)].map((match) => match[1]);
    expect(drawn.sort()).toEqual([...ICON_SHAPES].sort());
  });
});
