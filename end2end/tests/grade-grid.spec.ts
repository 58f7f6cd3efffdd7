import { expect, test, type Page } from '@playwright/test';
import { expectHydrated, login } from './helpers';

// The grade grid, first step: typing with the keyboard, saving by itself, bad cells named,
// read-only for those who may only look.

async function openToanSheet(page: Page, username: string): Promise<void> {
  await login(page, username);
  await page.goto('/classes/1');
  await expectHydrated(page);
  const links = page.getByTestId('grid-links');
  await links.getByRole('listitem').filter({ hasText: 'Toán' }).getByRole('link', { name: 'Học kì I', exact: true }).click();
  await expectHydrated(page);
  await expect(page.getByTestId('grade-grid')).toBeVisible();
}

test('the maths teacher types scores, moves with Enter, sees the average and finds them saved after a reload', async ({ page }, info) => {
  await openToanSheet(page, 'gv.toan');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('6A1 · Toán');
  // A row per project, so desktop and phone runs edit different students.
  const r = info.project.name === 'phone' ? 5 : 4;
  const cell = (row: number, col: number) => page.locator(`#cell-${row}-${col}`);
  // Four regular assessments, mid-term and end-of-term: columns 0-5.
  const scores = ['8,5', '7', '9', '6'];
  for (const [k, v] of scores.entries()) {
    await cell(r, k).fill(v);
    await cell(r, k).press('Enter');
    await expect(cell(r + 1, k)).toBeFocused();
  }
  await cell(r, 4).fill('7,5');
  await cell(r, 4).press('Enter');
  await cell(r, 5).fill('8');
  await cell(r, 5).press('Enter');
  // (8.5 + 7 + 9 + 6 + 2×7.5 + 3×8) / 9 = 69.5 / 9 = 7.72… → 7,7
  const row = page.getByTestId('grade-grid').locator('tbody tr').nth(r);
  await expect(row.getByTestId('average')).toHaveText('7,7');
  for (let k = 0; k < 6; k++) await expect(cell(r, k).locator('xpath=..')).toHaveAttribute('data-status', 'saved');

  // A bad cell is named and not saved.
  await cell(r, 1).fill('11');
  await cell(r, 1).press('Enter');
  await expect(cell(r, 1).locator('xpath=..')).toHaveAttribute('data-status', 'invalid');
  await expect(row).toContainText('Điểm phải từ 0 đến 10.');

  await page.reload();
  await expectHydrated(page);
  await expect(cell(r, 0)).toHaveValue('8,5');
  await expect(cell(r, 1)).toHaveValue('7');
  await expect(cell(r, 5)).toHaveValue('8');
  await expect(page.getByTestId('grade-grid').locator('tbody tr').nth(r).getByTestId('average')).toHaveText('7,7');
  // For the notes: what the grid looks like (test-results/, not committed).
  await page.screenshot({ path: info.outputPath('grade-grid.png') });
});

test('the homeroom teacher sees the maths sheet read-only', async ({ page }) => {
  await openToanSheet(page, 'gvcn.6a1');
  await expect(page.getByTestId('read-only')).toBeVisible();
  await expect(page.locator('#cell-0-0')).toHaveAttribute('readonly', '');
});

test('a parent cannot open a grade sheet', async ({ page }) => {
  await login(page, '7901692934');
  await page.goto('/classes/1/grades/2/1');
  await expectHydrated(page);
  await expect(page.getByRole('alert')).toHaveText('Bạn không có quyền truy cập nội dung này.');
});
