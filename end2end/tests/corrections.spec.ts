import { expect, test, type Page } from '@playwright/test';
import { expectHydrated, login, logout } from './helpers';

// Corrections after lock (issue 6): on a locked sheet the maths teacher asks to correct one
// cell, the principal (told on the home page) approves it, and the teacher can change exactly
// that cell while its neighbours stay read-only. Class 6A2 (no other spec uses it); desktop
// locks Học kì I, phone Học kì II; the lock is lifted at the end.

async function openSheet(page: Page, semester: string): Promise<void> {
  await page.goto('/classes/2');
  await expectHydrated(page);
  await page.getByTestId('grid-links').getByRole('listitem').filter({ hasText: 'Toán' })
    .getByRole('link', { name: semester, exact: true }).click();
  await expect(page.getByTestId('grade-grid')).toBeVisible();
  await expectHydrated(page);
}

test('a teacher asks to correct a locked cell, the principal approves, only that cell opens', async ({ browser }, info) => {
  const semester = info.project.name === 'phone' ? 'Học kì II' : 'Học kì I';
  const lockReason = `Khoá sổ 6A2 ${semester} (${info.project.name})`;
  const askReason = `Chấm phúc khảo (${info.project.name})`;

  const principal = await (await browser.newContext()).newPage();
  await login(principal, 'hieutruong');
  await principal.goto('/admin/locks');
  await expectHydrated(principal);
  const form = principal.getByRole('form', { name: 'Khoá sổ' });
  await form.getByLabel('Kỳ').selectOption({ label: semester });
  await form.getByLabel('Áp dụng cho').selectOption({ label: 'Lớp 6A2' });
  await form.getByLabel('Lý do').fill(lockReason);
  await form.getByRole('button', { name: 'Khoá sổ' }).click();
  const lockRow = principal.getByTestId('lock-row').filter({ hasText: lockReason });
  await expect(lockRow.getByTestId('lock-active')).toBeVisible();

  const teacher = await (await browser.newContext()).newPage();
  await login(teacher, 'gv.toan');
  await openSheet(teacher, semester);
  await expect(teacher.getByTestId('entry-closed')).toContainText(lockReason);
  // The mid-term cell of the first student (columns: 4 regular, mid-term, end-of-term).
  await teacher.locator('#cell-0-4').click();
  const panel = teacher.getByTestId('correction-request');
  await panel.getByTestId('add-cell').click();
  await expect(panel.getByTestId('chosen-cells')).toContainText('GK');
  await panel.getByLabel('Lý do').fill(askReason);
  await panel.getByRole('button', { name: 'Gửi yêu cầu' }).click();
  await expect(panel.getByTestId('correction-sent')).toContainText('Đã gửi yêu cầu điều chỉnh #');

  // The principal is told on the home page and decides on /corrections.
  await principal.goto('/');
  await expectHydrated(principal);
  const notice = principal.getByTestId('notification').filter({ hasText: 'gửi yêu cầu điều chỉnh' }).first();
  await expect(notice).toContainText('6A2');
  await notice.getByRole('link').click();
  await expect(principal.getByRole('heading', { level: 1 })).toHaveText('Yêu cầu điều chỉnh');
  await expectHydrated(principal);
  const request = principal.getByTestId('correction').filter({ hasText: askReason });
  await expect(request.getByTestId('correction-status')).toHaveText('Chờ Hiệu trưởng duyệt');
  await request.getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(request.getByTestId('correction-status')).toContainText('Đã duyệt');

  await teacher.reload();
  await expectHydrated(teacher);
  await expect(teacher.getByTestId('correction-open')).toContainText('1 ô');
  const open = teacher.locator('#cell-0-4');
  await expect(open).toHaveAttribute('data-open', 'true');
  await expect(open).not.toHaveAttribute('readonly', '');
  await expect(teacher.locator('#cell-0-5')).toHaveAttribute('readonly', '');
  await expect(teacher.locator('#cell-1-4')).toHaveAttribute('readonly', '');
  await open.click();
  await open.fill('9');
  await open.press('Enter');
  await expect(open.locator('xpath=..')).toHaveAttribute('data-status', 'saved');
  await teacher.reload();
  await expectHydrated(teacher);
  await expect(teacher.locator('#cell-0-4')).toHaveValue('9');

  // Lift the lock for the next run.
  await principal.goto('/admin/locks');
  await expectHydrated(principal);
  await lockRow.getByLabel('Lý do mở khoá').fill('Xong điều chỉnh');
  await lockRow.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(lockRow.getByTestId('lock-unlocked')).toBeVisible();
  // Sign out: the sessions spec counts the principal's sessions.
  await logout(principal);
  await logout(teacher);
});
