import { expect, test } from '@playwright/test';
import { expectHydrated, login } from './helpers';

test('an admin imports a file with a bad row, reads the report in Vietnamese, confirms the valid rows and finds them in the class list', async ({ page }, testInfo) => {
  // Both projects run against one database: each imports its own codes.
  const tag = testInfo.project.name === 'phone' ? 'P' : 'D';
  const csv =
    'Mã học sinh;Họ và tên;Ngày sinh;Giới tính;Lớp\n' +
    `E2E${tag}01;Vũ Thị Lan;07/05/2014;Nữ;6A1\n` +
    `E2E${tag}02;Đỗ Văn Nam;31/02/2014;Nam;6A1\n` +
    `E2E${tag}03;Lý Minh Tú;12/12/2014;Nam;9Z9\n`;

  await login(page, 'admin');
  await page.getByRole('link', { name: 'Nhập học sinh từ Excel' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhập học sinh từ Excel');
  await expectHydrated(page);

  await page.getByTestId('import-file').setInputFiles({
    name: 'danh-sach.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf-8'),
  });
  const problems = page.getByTestId('import-problems');
  await expect(problems.locator('tbody tr')).toHaveCount(2);
  const first = problems.locator('tbody tr').nth(0).locator('td');
  await expect(first.nth(0)).toHaveText('3');
  await expect(first.nth(1)).toHaveText('C (Ngày sinh)');
  await expect(first.nth(2)).toHaveText('Ngày sinh "31/02/2014" không đúng dạng ngày/tháng/năm (ví dụ 07/05/2014).');
  await expect(problems.locator('tbody tr').nth(1)).toContainText('Không có lớp "9Z9" trong năm học hiện tại.');
  await expect(page.getByTestId('import-summary')).toContainText('3 học sinh');
  const rows = page.getByTestId('import-rows').locator('tbody tr');
  await expect(rows.nth(0)).toContainText('Vũ Thị Lan');
  await expect(rows.nth(0)).toContainText('Thêm mới');
  await expect(rows.nth(1)).toContainText(`E2E${tag}02`);
  await expect(rows.nth(1)).toContainText('Lỗi');

  // The whole page fits a phone's width: wide tables scroll inside their own box.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath('report.png'), fullPage: true });

  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toHaveText('Đã nhập: 1 thêm mới, 0 cập nhật, 0 không đổi.');

  // 6A1 is the demo school's first class.
  await page.goto('/classes/1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lớp 6A1');
  const roster = page.getByTestId('roster');
  await expect(roster).toContainText(`E2E${tag}01`);
  await expect(roster).toContainText('Vũ Thị Lan');
  await expect(roster).not.toContainText(`E2E${tag}02`);
});

test('a file that cannot be read gets its own message and nothing to confirm', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/students/import');
  await expectHydrated(page);
  const ole = Buffer.alloc(1024);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
  await page.getByTestId('import-file').setInputFiles({
    name: 'co-mat-khau.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: ole,
  });
  await expect(page.getByTestId('import-error')).toContainText('Tệp đang được đặt mật khẩu');
  await expect(page.getByTestId('import-confirm')).toHaveCount(0);
});

test('a teacher cannot open the import page', async ({ page }) => {
  await login(page, 'gv.toan');
  const res = await page.goto('/admin/students/import');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bạn không có quyền truy cập nội dung này.');
  await expect(page.getByTestId('import-file')).toHaveCount(0);
});
