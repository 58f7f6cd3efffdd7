import { expect, test, type Page } from '@playwright/test';
import {
  DEMO_PASSWORD,
  WRONG_CREDENTIALS_EN,
  WRONG_CREDENTIALS_VI,
  expectHydrated,
  expectPath,
  gotoHydrated,
  logout,
  submitLogin,
} from './helpers';

const ENGLISH = { form: 'Sign in', username: 'Username', password: 'Password', button: 'Sign in' };

async function expectVietnameseLogin(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expectHydrated(page);
  await expectPath(page, '/login');
  await expect(page.getByRole('form', { name: 'Đăng nhập' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Đăng nhập', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tiếng Việt' })).toHaveCount(0); // the current one
  await expect(page.getByRole('link', { name: 'English', exact: true })).toHaveAttribute('href', '/lang/en');
}

async function expectEnglishLogin(page: Page) {
  // Checked first: only the new document, after the full page load, says English.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectHydrated(page);
  await expectPath(page, '/login');
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByText('Đăng nhập', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'English' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Tiếng Việt', exact: true })).toHaveAttribute('href', '/lang/vi');
}

test('the language links switch the login page, and the choice sticks', async ({ page }, testInfo) => {
  // One wrong password on a demo account per project (the throttle counts failures).
  const username = testInfo.project.name === 'desktop' ? 'gv.toan' : 'totruong.toan';

  await gotoHydrated(page, '/login');
  await expectVietnameseLogin(page);

  await page.getByRole('link', { name: 'English', exact: true }).click();
  await expectEnglishLogin(page);
  await submitLogin(page, username, 'not-the-password-2', ENGLISH);
  await expect(page.getByRole('alert')).toHaveText(WRONG_CREDENTIALS_EN);
  await expectPath(page, '/login');

  await page.reload();
  await expectEnglishLogin(page);

  await page.getByRole('link', { name: 'Tiếng Việt', exact: true }).click();
  await expectVietnameseLogin(page);
});

// The server's half of the switch, as a browser without the app's script would use it:
// `/lang/xx` remembers the language in a cookie and returns to the page one came from.
test('the chosen language is remembered, on private pages too', async ({ page, baseURL }, testInfo) => {
  await page.goto('/lang/en', { referer: `${baseURL}/login` });
  await expectEnglishLogin(page);
  await submitLogin(page, `unknown-${testInfo.project.name}`, 'not-the-password-3', ENGLISH);
  await expect(page.getByRole('alert')).toHaveText(WRONG_CREDENTIALS_EN);

  await page.reload();
  await expectEnglishLogin(page);
  await submitLogin(page, 'admin', DEMO_PASSWORD, ENGLISH);
  await page.waitForURL((url) => url.pathname === '/');
  await expectHydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const name = (await page.getByTestId('user-name').innerText()).trim();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hello, ${name}`);
  await expect(page.getByTestId('panel-school').getByRole('heading', { name: 'School overview' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'User accounts' })).toBeVisible();

  await page.goto('/lang/vi', { referer: `${baseURL}/` });
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expectHydrated(page);
  await expectPath(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Xin chào, ${name}`);

  await logout(page);
  await expectVietnameseLogin(page);
  await submitLogin(page, `unknown-${testInfo.project.name}`, 'not-the-password-3');
  await expect(page.getByRole('alert')).toHaveText(WRONG_CREDENTIALS_VI);
});
