import { expect, test } from '@playwright/test';
import { expectHydrated, gotoHydrated, login, logout } from './helpers';

// A parent chooses how to be notified (issue 8): a wrong address is refused with a message and
// nothing saved; an address with consent is kept with the time consent was given; withdrawing
// it is kept too. Runs on the phone too.

const CHILD = '7901692934';

test('a parent gives and withdraws consent to e-mail on the notification settings', async ({ page }) => {
  await login(page, CHILD);
  await gotoHydrated(page, '/account/notifications');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông báo');

  await page.getByTestId('notif-email').fill('khong phai dia chi');
  await page.getByTestId('notif-consent').check();
  // Past the browser's own check of the field, the server answers with the same rule.
  await page
    .getByTestId('notif-form')
    .evaluate((f: HTMLFormElement) => f.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
  await expect(page.getByTestId('notif-error')).toHaveText('Địa chỉ e-mail không đúng dạng (ví dụ: ten@example.vn).');
  await expect(page.getByTestId('notif-consent-state')).toHaveText('Chưa đồng ý nhận e-mail.');

  await page.getByTestId('notif-email').fill('phuhuynh.dung@example.vn');
  await page.getByTestId('notif-digest').check();
  await page.getByTestId('notif-save').click();
  await expect(page.getByTestId('notif-saved')).toBeVisible();
  await expect(page.getByTestId('notif-consent-state')).toContainText('Đã đồng ý từ');

  await page.reload();
  await expectHydrated(page);
  await expect(page.getByTestId('notif-email')).toHaveValue('phuhuynh.dung@example.vn');
  await expect(page.getByTestId('notif-consent')).toBeChecked();

  await page.getByTestId('notif-consent').uncheck();
  await page.getByTestId('notif-save').click();
  await expect(page.getByTestId('notif-consent-state')).toHaveText('Chưa đồng ý nhận e-mail.');
  await page.reload();
  await expectHydrated(page);
  await expect(page.getByTestId('notif-consent')).not.toBeChecked();
  await logout(page);
});
