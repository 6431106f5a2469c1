import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './fixtures.ts';
import { squeezedText } from './layout.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
});

/** A card as the panel draws one: an avatar, a name, and a button that does not shrink. */
const card = (cardStyle: string, nameStyle: string) => `
  <div style="display: flex; align-items: center; gap: 12px; width: 315px; padding: 14px 16px;
      font: 600 14px sans-serif; ${cardStyle}">
    <div style="width: 40px; height: 40px; flex: none; border-radius: 50%; background: #5865f2"></div>
    <span data-testid="name" style="flex: 1; min-width: 0; overflow-wrap: anywhere; ${nameStyle}">
      ValheimVikings
    </span>
    <button style="flex: none; width: 217px; ${nameStyle ? 'margin-left: auto' : ''}">
      Add to Discord server
    </button>
  </div>`;

describe('the squeezed-text check', () => {
  it('finds a name wrapped to a letter per line beside a wide button', async () => {
    await page.setContent(card('', ''));
    const found = await squeezedText(page);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^name "ValheimVikings" is \d+px wide, needs \d+px$/);
  });

  it('passes the same card once the button may move under the name', async () => {
    await page.setContent(card('flex-wrap: wrap;', 'flex: 1 1 10rem;'));
    expect(await squeezedText(page)).toEqual([]);
  });

  it('leaves short labels, words that wrap whole, icons and screen-reader text alone', async () => {
    await page.setContent(`
      <div style="display: flex; width: 300px; font: 14px sans-serif">
        <span style="width: 24px">On</span>
        <span style="width: 60px">Go to the list of all servers</span>
        <i class="q-icon" style="width: 20px">chevron_right</i>
        <a style="position: absolute; width: 1px; height: 1px; overflow: hidden">Skip to content</a>
      </div>`);
    expect(await squeezedText(page)).toEqual([]);
  });
});
