import { expect, test, type Page } from '@playwright/test';
import { expectHydrated, login, serviceWorkerReady } from './helpers';

// The app shell offline (issue 7, part 1): the service worker (public/sw.js) keeps the WASM,
// scripts and stylesheet and every page opened online, so that a reload or a new tab without a
// connection still shows the page; a page never opened shows the offline page; signing out's
// clear message empties every cache.

/** The install fetches the whole shell (every lazy route's modules) first. */
async function waitForController(page: Page): Promise<void> {
  test.setTimeout(120_000);
  await serviceWorkerReady(page);
}

/** Every URL kept in every cache, by cache name. */
async function keptUrls(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => r.url);
    }
    return out;
  });
}

async function isKept(page: Page, url: string): Promise<boolean> {
  const kept = await keptUrls(page);
  return Object.entries(kept).some(([name, urls]) => name.startsWith('hocba-pages-') && urls.includes(url));
}

test('a grade sheet opened online shows again offline, in a reload and in a new tab; a page never opened shows the offline page', async ({ page, context }, info) => {
  test.skip(info.project.name === 'phone', 'the service worker does not depend on the screen: desktop is enough');
  await login(page, 'gv.toan');
  await waitForController(page);

  // Opened from the class page by an in-app link: the router changes the address without a
  // navigation; the page tells the worker, which fetches and keeps it.
  await page.goto('/classes/1');
  await expectHydrated(page);
  await page
    .getByTestId('grid-links')
    .getByRole('listitem')
    .filter({ hasText: 'Toán' })
    .getByRole('link', { name: 'Học kì I', exact: true })
    .click();
  await expect(page.getByTestId('grade-grid')).toBeVisible();
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('6A1 · Toán');
  const gridUrl = page.url();
  const rows = page.getByTestId('grade-grid').locator('tbody tr[data-code]');
  const rowCount = await rows.count();
  expect(rowCount).toBeGreaterThan(10);
  const firstStudent = (await rows.first().locator('th[scope=row]').innerText()).trim();
  await expect.poll(() => isKept(page, gridUrl), { timeout: 10_000 }).toBe(true);

  // The shell was kept at install; no server function, download or sign-in page ever is.
  const kept = await keptUrls(page);
  const all = Object.values(kept).flat().map((u) => new URL(u));
  expect(all.some((u) => u.pathname === '/pkg/hocba_bg.wasm')).toBe(true);
  expect(all.some((u) => u.pathname === '/offline.html')).toBe(true);
  expect(all.filter((u) => /^\/(api|lang|login|logout)(\/|$)|\.(xlsx|pdf|json)$/.test(u.pathname)).map(String)).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  await expect(heading).toContainText('6A1 · Toán');
  await expect(rows).toHaveCount(rowCount);
  await expect(rows.first()).toContainText(firstStudent);
  // The WASM and the grid's own module came from the cache: the page is interactive.
  await expectHydrated(page);

  const tab = await context.newPage();
  await tab.goto(gridUrl);
  await expect(tab.getByRole('heading', { level: 1 })).toContainText('6A1 · Toán');
  await expect(tab.getByTestId('grade-grid').locator('tbody tr[data-code]')).toHaveCount(rowCount);
  await expectHydrated(tab);

  // Never opened on this device.
  await tab.goto('/account/sessions');
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText('Không có kết nối mạng');
  await expect(tab.getByRole('heading', { level: 2 })).toHaveText('No connection');
  await expect(tab.getByRole('link', { name: 'Về trang chủ' })).toHaveAttribute('href', '/');
  await tab.close();

  // Back online, pages come from the server again.
  await context.setOffline(false);
  const answer = await page.reload();
  expect(answer?.status()).toBe(200);
  await expectHydrated(page);
  await expect(heading).toContainText('6A1 · Toán');
});

test('the clear message empties every cache (signing out on a shared computer)', async ({ page }, info) => {
  test.skip(info.project.name === 'phone', 'the service worker does not depend on the screen: desktop is enough');
  await login(page, 'gv.toan');
  await waitForController(page);
  // A page opened under the worker's control is kept.
  await page.goto('/classes/1');
  await expectHydrated(page);
  await expect.poll(() => isKept(page, page.url()), { timeout: 10_000 }).toBe(true);
  expect((await page.evaluate(() => caches.keys())).length).toBeGreaterThan(0);

  const answer = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => resolve(e.data);
        navigator.serviceWorker.controller?.postMessage({ type: 'clear' }, [channel.port2]);
      }),
  );
  expect(answer).toEqual({ type: 'cleared' });
  expect(await page.evaluate(() => caches.keys())).toEqual([]);
});
