import { expect, test, type Page } from '@playwright/test';
import { expectHydrated, expectPath, gotoHydrated, login } from './helpers';

// Other specs sign the principals in too: start each test from no session at all.
async function signOutEverywhere(page: Page, username: string): Promise<void> {
  await login(page, username);
  await gotoHydrated(page, '/account/sessions');
  await page.getByRole('button', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
}

test('signing out everywhere ends the sessions of every device', async ({ page, browser }, testInfo) => {
  // Each project signs out a different principal: both run against the same database.
  const username = testInfo.project.name === 'desktop' ? 'hieutruong' : 'phohieutruong';
  await signOutEverywhere(page, username);
  const other = await browser.newContext();
  try {
    const pageB = await other.newPage();
    await login(page, username);
    await login(pageB, username);

    await gotoHydrated(page, '/account/sessions');
    const table = page.getByTestId('sessions');
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(2);
    const current = rows.filter({ hasText: 'Thiết bị này' });
    await expect(current).toHaveCount(1);
    await expect(current.getByRole('button')).toHaveCount(0);
    const elsewhere = rows.filter({ hasNotText: 'Thiết bị này' });
    await expect(elsewhere.getByRole('button', { name: 'Đăng xuất', exact: true })).toHaveCount(1);

    await page.getByRole('button', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await expectHydrated(page);

    await pageB.goto('/');
    await expectPath(pageB, '/login');
    await expectHydrated(pageB);
    await expect(pageB.getByRole('form', { name: 'Đăng nhập' })).toBeVisible();

    await page.goto('/account/sessions');
    await expectPath(page, '/login');
  } finally {
    await other.close();
  }
});

test('ending one other session signs out only that device', async ({ page, browser }, testInfo) => {
  const username = testInfo.project.name === 'desktop' ? 'hieutruong' : 'phohieutruong';
  await signOutEverywhere(page, username);
  const other = await browser.newContext();
  try {
    const pageB = await other.newPage();
    await login(pageB, username);
    await login(page, username);

    await gotoHydrated(page, '/account/sessions');
    const rows = page.getByTestId('sessions').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await rows.filter({ hasNotText: 'Thiết bị này' }).getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Thiết bị này');

    await pageB.goto('/');
    await expectPath(pageB, '/login');
    await page.goto('/');
    await expectPath(page, '/');
  } finally {
    await other.close();
  }
});
