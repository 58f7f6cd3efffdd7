import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, WRONG_CREDENTIALS_VI } from './helpers';

// Rural connections drop the WASM sometimes: signing in must work from the server-rendered
// form alone, with the same messages.
test.use({ javaScriptEnabled: false });

async function post(page: import('@playwright/test').Page, username: string, password: string) {
  await page.goto('/login');
  const form = page.getByRole('form', { name: 'Đăng nhập' });
  await form.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
  await form.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

test('without JavaScript a wrong password shows the Vietnamese message on the login page', async ({ page }) => {
  await post(page, 'bientap', 'not-the-password-1');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('alert')).toHaveText(WRONG_CREDENTIALS_VI);
});

test('without JavaScript the right password opens the home page', async ({ page }) => {
  await post(page, 'gvcn.6a1', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('panel-homeroom')).toContainText('6A1');
});
