import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { login } from './helpers';

test('the homeroom teacher downloads a subject grade sheet and the class summary from the class page', async ({ page }) => {
  await login(page, 'gvcn.6a1');
  await page.getByTestId('panel-homeroom').getByRole('link', { name: '6A1' }).click();
  const sheetForm = page.getByTestId('grades-download');
  await sheetForm.getByLabel('Môn học').selectOption({ label: 'Toán' });
  let download = page.waitForEvent('download');
  await sheetForm.getByRole('button', { name: 'Tải bảng điểm môn (.xlsx)' }).click();
  let file = await download;
  expect(file.suggestedFilename()).toBe('bang-diem-6a1-toan-hk1.xlsx');
  expect(readFileSync(await file.path()).subarray(0, 2).toString()).toBe('PK');

  const summaryForm = page.getByTestId('summary-download');
  await summaryForm.getByLabel('Học kì').selectOption({ label: 'Cả năm' });
  download = page.waitForEvent('download');
  await summaryForm.getByRole('button', { name: 'Tải bảng tổng hợp (.xlsx)' }).click();
  file = await download;
  expect(file.suggestedFilename()).toBe('tong-hop-6a1-ca-nam.xlsx');
});

test('a subject teacher sees only their own subject and no summary', async ({ page }) => {
  await login(page, 'gv.toan');
  await page.goto('/classes/1');
  const options = page.getByTestId('grades-download').getByLabel('Môn học').locator('option');
  await expect(options).toHaveText(['Toán']);
  await expect(page.getByTestId('summary-download')).toHaveCount(0);
});
