import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startTestCore, type TestCore } from '@pteronimbus/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolations,
  distDir,
  e2ePlugins,
  fontsSettled,
  launchChromium,
  openPanelPage,
  screenshotDir,
  seriousAxeViolations,
  themes,
  viewports,
  type Theme,
  type Viewport,
} from './fixtures.ts';

let core: TestCore;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  core = await startTestCore({ plugins: e2ePlugins, config: { webRoot: distDir }, listen: true });
  baseUrl = core.baseUrl ?? '';
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await core?.close();
});

/** A page of this core, which has no sign-in routes: the panel learns that from a 404 of /auth/me. */
function openPage(theme: Theme, viewport: Viewport) {
  return openPanelPage(browser, {
    theme,
    viewport,
    failedRequests: true,
    expectedConsole: (message) =>
      new URL(message.location().url || 'about:blank').pathname === '/auth/me',
  });
}

describe.each(themes)('the panel in the %s theme', (theme) => {
  it.each(Object.keys(viewports) as Viewport[])(
    'lists the loaded plugins on the system page at %s width, axe-clean and within the CSP',
    async (viewport) => {
      const { context, page, problems } = await openPage(theme, viewport);
      try {
        const response = await page.goto(`${baseUrl}/admin/system`);
        expect(response?.status()).toBe(200);
        expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

        const item = viewport === 'desktop' ? 'plugin-row' : 'plugin-card';
        await page.locator(`[data-testid="${item}"]`).first().waitFor();
        const names = await page
          .locator(`[data-testid="${item}"] [data-testid="plugin-name"]`)
          .allTextContents();
        // Listed in load order, which follows dependencies; the set is what matters here.
        expect(names.map((name) => name.trim()).sort()).toEqual(
          e2ePlugins.map((plugin) => plugin.name).sort(),
        );
        await expect
          .poll(() => page.locator('[data-testid="plugin-count"]').textContent())
          .toBe(`${e2ePlugins.length} plugins`);
        expect(await page.evaluate(() => document.body.classList.contains('body--dark'))).toBe(
          theme === 'dark',
        );
        await fontsSettled(page);

        await page.screenshot({
          path: join(screenshotDir, `system-${theme}-${viewport}.png`),
          fullPage: true,
        });

        expect(await seriousAxeViolations(page)).toEqual([]);
        expect(await cspViolations(page)).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it('has an axe-clean home page and 404 page', async () => {
    const { context, page, problems } = await openPage(theme, 'desktop');
    try {
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('open-system').waitFor();
      await fontsSettled(page);
      await page.screenshot({ path: join(screenshotDir, `home-${theme}-desktop.png`) });
      expect(await seriousAxeViolations(page)).toEqual([]);

      const missing = await page.goto(`${baseUrl}/no/such/page`);
      expect(missing?.status()).toBe(200);
      await page.getByTestId('not-found').waitFor();
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('keyboard and navigation', () => {
  it('offers a skip link first and moves focus to the content', async () => {
    const { context, page } = await openPage('light', 'desktop');
    try {
      await page.goto(`${baseUrl}/admin/system`);
      await page.getByTestId('plugin-row').first().waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'skip-link',
      );
      // Hidden above the viewport until focused, then slides in.
      await expect
        .poll(async () => (await page.getByTestId('skip-link').boundingBox())?.y ?? -1)
        .toBeGreaterThanOrEqual(0);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('pn-main');
    } finally {
      await context.close();
    }
  });

  it('remembers the language across reloads', async () => {
    const { context, page } = await openPage('light', 'desktop');
    try {
      await page.goto(`${baseUrl}/admin/system`);
      await page.getByTestId('language-switch').click();
      await page.getByTestId('language-fr').click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Système');
      await page.reload();
      // Wait for the reloaded page itself (a poll alone gives up after a second on a busy machine).
      await page.getByTestId('plugin-row').first().waitFor();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Système');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    } finally {
      await context.close();
    }
  });
});

describe('bundle budget', () => {
  it('loads under 250 KB of gzipped JavaScript for the shell and the system page', async () => {
    const { context, page } = await openPage('light', 'desktop');
    const scripts = new Set<string>();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname);
    });
    try {
      await page.goto(`${baseUrl}/admin/system`);
      await page.getByTestId('plugin-row').first().waitFor();
      const gzipped = [...scripts].reduce((total, path) => {
        const file = join(distDir, path);
        statSync(file);
        return total + gzipSync(readFileSync(file), { level: 9 }).length;
      }, 0);
      console.info(
        `shell JavaScript: ${scripts.size} files, ${(gzipped / 1024).toFixed(1)} KB gzipped`,
      );
      expect(scripts.size).toBeGreaterThan(0);
      expect(gzipped).toBeLessThan(250 * 1024);
    } finally {
      await context.close();
    }
  });
});
