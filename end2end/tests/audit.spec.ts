import { expect, test, type Page } from '@playwright/test';
import { expectHydrated, login } from './helpers';

// The audit history (issue 6): a teacher opens a cell's history from the grid after an edit
// and sees old → new; the principal filters the school's log by person and downloads it.

async function openToanSheet(page: Page, username: string): Promise<void> {
  await login(page, username);
  await page.goto('/classes/1');
  await expectHydrated(page);
  const links = page.getByTestId('grid-links');
  await links.getByRole('listitem').filter({ hasText: 'Toán' }).getByRole('link', { name: 'Học kì I', exact: true }).click();
  await expect(page.getByTestId('grade-grid')).toBeVisible();
  await expect(page.getByTestId('grade-grid').locator('tbody tr').first()).toBeVisible();
}

test('the teacher opens a cell’s history after editing it and sees old → new, newest first', async ({ page }, info) => {
  await openToanSheet(page, 'gv.toan');
  // A row per project, away from the rows other specs edit.
  const r = info.project.name === 'phone' ? 12 : 11;
  const cell = (row: number, col: number) => page.locator(`#cell-${row}-${col}`);
  const status = (row: number, col: number) => cell(row, col).locator('xpath=..');

  await cell(r, 0).fill('6');
  await cell(r, 0).press('Enter');
  await expect(status(r, 0)).toHaveAttribute('data-status', 'saved');
  await cell(r, 0).click();
  await cell(r, 0).fill('7,5');
  await cell(r, 0).press('Enter');
  await expect(status(r, 0)).toHaveAttribute('data-status', 'saved');

  // Back on the cell, Alt+H opens its history.
  await cell(r, 0).click();
  await cell(r, 0).press('Alt+h');
  const panel = page.getByTestId('cell-history-panel');
  await expect(panel).toBeVisible();
  const lines = panel.getByTestId('cell-history-lines').locator('li');
  await expect(lines.first()).toContainText('6 → 7.5');
  await expect(lines.first()).toContainText('gv.toan');
  await expect(lines.nth(1)).toContainText('→ 6');
  await panel.getByRole('button', { name: 'Đóng' }).click();
  await expect(panel).toBeHidden();
  await expect(cell(r, 0)).toBeFocused();

  // The comment column has a history too, from the toolbar's button.
  const comment = cell(r, 6);
  await comment.click();
  await comment.fill('Chăm ngoan');
  await comment.press('Enter');
  await expect(status(r, 6)).toHaveAttribute('data-status', 'saved');
  await comment.click();
  await page.getByTestId('cell-history').click();
  await expect(panel.getByTestId('cell-history-lines').locator('li').first()).toContainText('Chăm ngoan');
});

test('the principal filters the log by person and downloads it as .xlsx', async ({ page, browser }) => {
  // Someone to find: the maths teacher signs in elsewhere.
  const other = await browser.newContext();
  await login(await other.newPage(), 'gv.toan');
  await other.close();

  await login(page, 'hieutruong');
  await page.getByRole('link', { name: 'Nhật ký', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhật ký thay đổi' })).toBeVisible();
  await expect(page.getByTestId('audit-log').locator('tbody tr').first()).toBeVisible();

  const person = page.getByLabel('Người thực hiện');
  const option = person.locator('option', { hasText: '(gv.toan)' });
  await expect(option).toHaveCount(1);
  const id = await option.getAttribute('value');
  await person.selectOption(id ?? '');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await expect(page.getByTestId('audit-download')).toHaveAttribute('href', `/admin/audit.xlsx?person=${id}`);
  const rows = page.getByTestId('audit-log').locator('tbody tr');
  await expect(rows.first()).toContainText('gv.toan');
  const texts = await rows.allInnerTexts();
  expect(texts.length).toBeGreaterThan(0);
  for (const t of texts) expect(t).toContain('gv.toan');

  const downloaded = page.waitForEvent('download');
  await page.getByTestId('audit-download').click();
  const file = await downloaded;
  expect(file.suggestedFilename()).toBe('nhat-ky.xlsx');
  const path = await file.path();
  expect(path).toBeTruthy();
  const fs = await import('node:fs');
  // An .xlsx is a zip: it starts with "PK".
  expect(fs.readFileSync(path!).subarray(0, 2).toString()).toBe('PK');
});
