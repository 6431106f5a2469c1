import type { Page } from 'playwright-core';

/** The width, in characters, below which a label counts as squeezed. */
export const MIN_LABEL_CHARS = 8;

/**
 * Text squeezed narrower than it can be read: every visible piece of text whose box is narrower
 * than its first {@link MIN_LABEL_CHARS} characters (or its longest word, if that is shorter),
 * set in its own font. This is the layout bug where a flex sibling takes all the room and a name
 * wraps one letter per line; each finding names the element, its text and both widths.
 */
export async function squeezedText(page: Page): Promise<string[]> {
  return page.evaluate((minChars) => {
    const canvas = document.createElement('canvas').getContext('2d')!;
    const measure = (text: string, style: CSSStyleDeclaration): number => {
      canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return canvas.measureText(text).width;
    };
    // Icon fonts render a word as one glyph; hidden and screen-reader-only text has no width
    // to speak of; a terminal lays out its own grid.
    const skipped = '.q-icon, .material-icons, .material-symbols-outlined, svg, .xterm, [hidden]';
    const found: string[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      const parent = node.parentElement;
      if (text.length < 2 || !parent || parent.closest(skipped)) continue;
      // The box that sets the width: inline elements take their block's.
      let box: Element = parent;
      while (box.parentElement && ['inline', 'contents'].includes(getComputedStyle(box).display))
        box = box.parentElement;
      if (seen.has(box)) continue;
      seen.add(box);
      const style = getComputedStyle(box);
      const rect = box.getBoundingClientRect();
      if (style.visibility === 'hidden' || rect.width <= 1 || rect.height <= 1) continue;
      const content =
        box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const longestWord = text.split(' ').reduce((a, b) => (b.length > a.length ? b : a), '');
      const textStyle = getComputedStyle(parent);
      const needed = Math.min(
        measure(text.slice(0, minChars), textStyle),
        measure(longestWord, textStyle),
      );
      // clientWidth is whole pixels and the canvas measures a little apart from layout: a label
      // sized to its text must not count, one squeezed to a letter is short by far more.
      if (content + 2 < needed) {
        const name =
          box.getAttribute('data-testid') ??
          `${box.tagName.toLowerCase()}${box.classList.length ? `.${[...box.classList].join('.')}` : ''}`;
        found.push(
          `${name} "${text.slice(0, 40)}" is ${Math.round(content)}px wide, needs ${Math.round(needed)}px`,
        );
      }
    }
    return found;
  }, MIN_LABEL_CHARS);
}
