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

/** The icon's shapes as lucide-react draws them, without their <svg>. */
function lucideShapes(name: IconName): string {
  const markup = renderToStaticMarkup(createElement(lucideIcon(name)));
  return (/<svg[^>]*>(.*)<\/svg>/.exec(markup)?.[1] ?? '').replaceAll('"', "'");
}

/** Every shape in ICON_SHAPES' order, 24 units apart, each clipped to its square: one image. */
function spriteDataUrl(): string {
  const cells = ICON_SHAPES.map(
    (name, index) => `<svg x='${index * 24}' width='24' height='24'>${lucideShapes(name)}</svg>`,
  ).join('');
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ${ICON_SHAPES.length * 24} 24' fill='none' stroke='black' stroke-width='2' stroke-linecap='round' stroke-linejoin='round'>${cells}</svg>`;
  return `url("data:image/svg+xml,${svg.replaceAll('<', '%3C').replaceAll('>', '%3E')}")`;
}

describe('icons drawn by CSS', () => {
  it('draws every shape from one image, exactly as lucide-react does', () => {
    const declaration = `mask-image: ${spriteDataUrl()};`;
    expect(css.includes(declaration), `icons.css should hold:\n${declaration}`).toBe(true);
  });

  it('shows one shape of that image in each icon', () => {
    const count = ICON_SHAPES.length;
    expect(css).toContain(`mask-size: ${count * 100}% 100%;`);
    expect(css).toContain(`mask-position: calc(var(--icon-at) * 100% / ${count - 1}) 0;`);
  });

  it.each(ICON_SHAPES.map((name, index) => [name, index] as const))(
    'finds %s at its place in the image',
    (name, index) => {
      const rule = `.icon-${name} {\n  --icon-at: ${index};\n}`;
      expect(css.includes(rule), `icons.css should hold:\n${rule}`).toBe(true);
    },
  );

  it('draws no icon the list does not name', () => {
    const drawn = [...css.matchAll(/\.icon-([\w-]+) \{/g)].map((match) => match[1]);
    expect(drawn).toEqual([...ICON_SHAPES]);
  });
});
