import { expect, test, type Page } from '@playwright/test';
import { expectHydrated, login, logout } from './helpers';

// Locks (issue 6): the principal locks one class's semester from "Hạn nhập & khoá sổ"; the
// maths teacher then finds that sheet read-only with the reason; unlocking reopens it.
// Class 6A3 (taught by gv.toan, used by no other spec); the desktop run locks Học kì I and the
// phone run Học kì II, and each unlocks at the end.

async function openSheet(page: Page, semester: string): Promise<void> {
  await page.goto('/classes/3');
  await expectHydrated(page);
  await page.getByTestId('grid-links').getByRole('listitem').filter({ hasText: 'Toán' })
    .getByRole('link', { name: semester, exact: true }).click();
  await expect(page.getByTestId('grade-grid')).toBeVisible();
  await expectHydrated(page);
}

test('the principal locks 6A3, the maths teacher sees why it is read-only, and unlocking reopens it', async ({ browser }, info) => {
  const semester = info.project.name === 'phone' ? 'Học kì II' : 'Học kì I';
  const reason = `Đã duyệt điểm ${semester} (${info.project.name})`;

  const principal = await (await browser.newContext()).newPage();
  await login(principal, 'hieutruong');
  await principal.getByTestId('link-locks').click();
  await expect(principal.getByRole('heading', { level: 1 })).toHaveText('Hạn nhập & khoá sổ');
  await expectHydrated(principal);
  const form = principal.getByRole('form', { name: 'Khoá sổ' });
  await form.getByLabel('Kỳ').selectOption({ label: semester });
  await form.getByLabel('Áp dụng cho').selectOption({ label: 'Lớp 6A3' });
  await form.getByLabel('Lý do').fill(reason);
  await form.getByRole('button', { name: 'Khoá sổ' }).click();
  const row = principal.getByTestId('lock-row').filter({ hasText: reason });
  await expect(row).toContainText('khoá lớp 6A3');
  await expect(row.getByTestId('lock-active')).toBeVisible();

  const teacher = await (await browser.newContext()).newPage();
  await login(teacher, 'gv.toan');
  await openSheet(teacher, semester);
  const banner = teacher.getByTestId('entry-closed');
  await expect(banner).toHaveAttribute('role', 'status');
  await expect(banner).toContainText(`${semester} đã khoá sổ ngày`);
  await expect(banner).toContainText('khoá lớp 6A3');
  await expect(banner).toContainText(reason);
  await expect(banner).toContainText('gửi yêu cầu điều chỉnh');
  await expect(teacher.getByTestId('read-only')).toBeVisible();
  await expect(teacher.locator('#cell-0-0')).toHaveAttribute('readonly', '');

  await row.getByLabel('Lý do mở khoá').fill('Mở lại để nhập bù');
  await row.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(row.getByTestId('lock-unlocked')).toContainText('Mở lại để nhập bù');

  await teacher.reload();
  await expectHydrated(teacher);
  await expect(teacher.getByTestId('grade-grid')).toBeVisible();
  await expect(teacher.getByTestId('entry-closed')).toHaveCount(0);
  await expect(teacher.locator('#cell-0-0')).not.toHaveAttribute('readonly', '');
  // Sign out: the sessions spec counts the principal's sessions.
  await logout(principal);
  await logout(teacher);
});

test('a teacher cannot open the locks page', async ({ page }) => {
  await login(page, 'gv.toan');
  await page.goto('/admin/locks');
  await expectHydrated(page);
  await expect(page.getByRole('alert')).toHaveText('Bạn không có quyền truy cập nội dung này.');
});
