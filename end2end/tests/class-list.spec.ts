import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { login } from './helpers';

test('the homeroom teacher opens the class list from the home page, in Vietnamese class order', async ({ page }) => {
  await login(page, 'gvcn.6a1');
  await page.getByTestId('panel-homeroom').getByRole('link', { name: '6A1' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lớp 6A1');
  const rows = page.getByTestId('roster').locator('tbody tr');
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(35);
  expect(count).toBeLessThanOrEqual(45);
  // Numbered 1..n in order, and the given names (last word) never go backwards in the
  // Vietnamese alphabet's first letters.
  await expect(rows.first().locator('td').first()).toHaveText('1');
  await expect(rows.last().locator('td').first()).toHaveText(String(count));
  const names = await page.getByTestId('roster').locator('td.student-name').allTextContents();
  const alphabet = 'aăâbcdđeêghiklmnoôơpqrstuưvxy';
  const base = (c: string) => {
    const lower = c.toLowerCase();
    if (lower === 'đ') return 'đ';
    const d = lower.normalize('NFD');
    const letter = d[0];
    if (d.includes('\u0306')) return letter + '\u0306' === 'a\u0306' ? 'ă' : letter;
    if (d.includes('\u0302')) return { a: 'â', e: 'ê', o: 'ô' }[letter] ?? letter;
    if (d.includes('\u031b')) return { o: 'ơ', u: 'ư' }[letter] ?? letter;
    return letter;
  };
  const firsts = names.map((n) => alphabet.indexOf(base(n.trim().split(/\s+/).pop()![0])));
  for (let i = 1; i < firsts.length; i++) expect(firsts[i]).toBeGreaterThanOrEqual(firsts[i - 1]);
});

test('a parent cannot open a class list', async ({ page }) => {
  await login(page, '7901692934');
  await page.goto('/classes/1');
  await expect(page.getByRole('alert')).toHaveText('Bạn không có quyền truy cập nội dung này.');
});

test('the class list downloads as an Excel file', async ({ page }) => {
  await login(page, 'gvcn.6a1');
  await page.getByTestId('panel-homeroom').getByRole('link', { name: '6A1' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Tải về Excel (.xlsx)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('danh-sach-lop-6A1.xlsx');
  const bytes = readFileSync(await file.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
});
