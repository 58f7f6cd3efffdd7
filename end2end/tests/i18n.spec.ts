import { expect, test } from '@playwright/test';
import { WRONG_CREDENTIALS_EN, WRONG_CREDENTIALS_VI, expectHydrated, expectPath, gotoHydrated, submitLogin } from './helpers';

const ENGLISH = { form: 'Sign in', username: 'Username', password: 'Password', button: 'Sign in' };

test('the login page is in Vietnamese until English is chosen, and the choice sticks', async ({ page }, testInfo) => {
  // One wrong password on a demo account per project (the throttle counts failures).
  const username = testInfo.project.name === 'desktop' ? 'gv.toan' : 'totruong.toan';

  await gotoHydrated(page, '/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('form', { name: 'Đăng nhập' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Đăng nhập', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tiếng Việt' })).toHaveCount(0); // the current language

  await page.getByRole('link', { name: 'English', exact: true }).click();
  // A full page load (through /lang/en, back to this page): the new document says English.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectHydrated(page);
  await expectPath(page, '/login');
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByText('Đăng nhập', { exact: true })).toHaveCount(0);

  await submitLogin(page, username, 'not-the-password-2', ENGLISH);
  await expect(page.getByRole('alert')).toHaveText(WRONG_CREDENTIALS_EN);
  await expectPath(page, '/login');

  await page.reload();
  await expectHydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'English' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Tiếng Việt', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expectHydrated(page);
  await expectPath(page, '/login');
  await expect(page.getByRole('form', { name: 'Đăng nhập' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Đăng nhập', exact: true })).toBeVisible();
  await submitLogin(page, `khong-ton-tai-${testInfo.project.name}`, 'not-the-password-2');
  await expect(page.getByRole('alert')).toHaveText(WRONG_CREDENTIALS_VI);
});
