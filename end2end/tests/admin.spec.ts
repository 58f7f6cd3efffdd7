import { expect, test, type Page } from '@playwright/test';
import {
  WRONG_CREDENTIALS_VI,
  changePassword,
  expectHydrated,
  expectPath,
  gotoHydrated,
  login,
  logout,
  submitLogin,
  uniqueUsername,
} from './helpers';

const MUST_CHANGE_STATUS = 'Chờ đổi mật khẩu tạm thời';

async function readTemporaryPassword(page: Page, username: string): Promise<string> {
  const outcome = page.getByTestId('admin-outcome');
  await expect(outcome).toContainText(username);
  const shown = page.getByTestId('temp-password');
  await expect(shown).toBeVisible();
  const password = (await shown.innerText()).trim();
  expect(password.length).toBeGreaterThanOrEqual(8);
  return password;
}

test('a new account starts with a temporary password that must be changed, and can be reset', async ({ page }, testInfo) => {
  const username = uniqueUsername(testInfo, 'gv');
  const fullName = `Giáo viên Thử ${testInfo.project.name}`;
  const ownPassword = 'Bau-troi-xanh-2026';

  // The admin creates the account.
  await login(page, 'admin');
  await gotoHydrated(page, '/admin/users');
  const form = page.getByTestId('create-user');
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Họ và tên').fill(fullName);
  await form.getByRole('checkbox', { name: 'Giáo viên bộ môn' }).check();
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const temporary = await readTemporaryPassword(page, username);
  const row = page.getByTestId('users').locator(`tr[data-username="${username}"]`);
  await expect(row).toContainText(fullName);
  await expect(row).toContainText('Giáo viên bộ môn');
  await expect(row).toContainText(MUST_CHANGE_STATUS);
  await logout(page);

  // The new user must choose a password before anything else.
  await login(page, username, temporary, '/account/password');
  await expect(page.getByTestId('must-change')).toBeVisible();
  await page.goto('/');
  await expectPath(page, '/account/password');
  await expectHydrated(page);
  await expect(page.getByTestId('must-change')).toBeVisible();

  await changePassword(page, temporary, ownPassword, `${ownPassword}x`);
  await expect(page.getByRole('alert')).toHaveText('Hai lần nhập mật khẩu mới không khớp nhau.');
  await expectPath(page, '/account/password');

  await changePassword(page, temporary, 'ab1', 'ab1');
  // Soft, so the rest of the journey is still checked when this one fails.
  await expect.soft(page.getByRole('alert')).toContainText('cần ít nhất 8 ký tự');
  await expectPath(page, '/account/password');

  await changePassword(page, temporary, ownPassword, ownPassword);
  await page.waitForURL((url) => url.pathname === '/');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Xin chào, ${fullName}`);
  await expect(page.getByTestId('panel-teaching')).toBeVisible();
  await expect(page.getByTestId('must-change')).toHaveCount(0);
  await logout(page);

  // The admin resets the password: a new temporary one, and the old ones stop working.
  await login(page, 'admin');
  await gotoHydrated(page, '/admin/users');
  await page.getByLabel('Tìm kiếm').fill(username);
  await expect(page.getByTestId('users').locator('tbody tr')).toHaveCount(1);
  const found = page.getByTestId('users').locator(`tr[data-username="${username}"]`);
  await expect(found).toContainText('Đang hoạt động');
  await found.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
  const reset = await readTemporaryPassword(page, username);
  expect(reset).not.toBe(temporary);
  await gotoHydrated(page, '/admin/users');
  await page.getByLabel('Tìm kiếm').fill(username);
  await expect(found).toContainText(MUST_CHANGE_STATUS);
  await logout(page);

  await gotoHydrated(page, '/login');
  await submitLogin(page, username, ownPassword);
  await expect(page.getByRole('alert')).toHaveText(WRONG_CREDENTIALS_VI);
  await submitLogin(page, username, temporary);
  await expect(page.getByRole('alert')).toHaveText(WRONG_CREDENTIALS_VI);
  await expectPath(page, '/login');

  await login(page, username, reset, '/account/password');
  await expect(page.getByTestId('must-change')).toBeVisible();
});

test('the password shown after a reset is the one that works, also right after creating an account', async ({ page }, testInfo) => {
  const username = uniqueUsername(testInfo, 'bt');
  await login(page, 'admin');
  await gotoHydrated(page, '/admin/users');
  const form = page.getByTestId('create-user');
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Họ và tên').fill(`Biên tập Thử ${testInfo.project.name}`);
  await form.getByRole('checkbox', { name: 'Biên tập viên' }).check();
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const created = await readTemporaryPassword(page, username);

  // The admin notices a typo in the note they gave out and resets at once, on the same page.
  const row = page.getByTestId('users').locator(`tr[data-username="${username}"]`);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/reset_password'));
  await row.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
  expect((await answered).ok()).toBe(true);
  await expect(page.getByTestId('temp-password')).not.toHaveText(created);
  const shown = (await page.getByTestId('temp-password').innerText()).trim();
  await logout(page);

  await login(page, username, shown, '/account/password');
  await expect(page.getByTestId('must-change')).toBeVisible();
});

test('the admin adds a role to an account and disables it, and the disabled account cannot sign in', async ({ page }, testInfo) => {
  const username = uniqueUsername(testInfo, 'role');
  await login(page, 'admin');
  await gotoHydrated(page, '/admin/users');
  const form = page.getByTestId('create-user');
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Họ và tên').fill(`Nhân viên Thử ${testInfo.project.name}`);
  await form.getByRole('checkbox', { name: 'Giáo viên bộ môn' }).check();
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const temporary = await readTemporaryPassword(page, username);

  await page.getByLabel('Tìm kiếm').fill(username);
  const row = page.getByTestId('users').locator(`tr[data-username="${username}"]`);
  await row.getByRole('button', { name: 'Sửa vai trò' }).click();
  await row.getByRole('checkbox', { name: 'Biên tập viên' }).check();
  await row.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(row.locator('.chip')).toHaveText(['Giáo viên bộ môn', 'Biên tập viên']);

  await row.getByRole('button', { name: 'Khoá', exact: true }).click();
  await expect(row).toContainText('Đã khoá');
  await expect(row.getByRole('button', { name: 'Mở khoá' })).toBeVisible();
  await logout(page);

  await gotoHydrated(page, '/login');
  await submitLogin(page, username, temporary);
  await expect(page.getByRole('alert')).toHaveText(
    'Tài khoản này đã bị khoá. Vui lòng liên hệ quản trị viên của trường.',
  );
  await expectPath(page, '/login');
});
