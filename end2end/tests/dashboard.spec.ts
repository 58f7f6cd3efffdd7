import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectHydrated, gotoHydrated, login, logout } from './helpers';

// The principal's grade-entry progress: charts by teacher and by class drawn as SVG images
// with a title and a table of the same figures behind them, the sheets behind, a day to
// measure at, and the figures as .xlsx. A group head sees the group's subjects only; a
// teacher has no dashboard.

async function progress(page: Page, form: string): Promise<any> {
  return page.evaluate(async (body) => {
    const r = await fetch('/api/dashboard/progress', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    return r.json();
  }, form);
}

test('the principal reads grade-entry progress as charts with their data, by day, and downloads it', async ({ page }) => {
  await login(page, 'hieutruong');
  await page.getByTestId('dashboard-link').click();
  await page.waitForURL((u) => u.pathname === '/dashboard');
  await expectHydrated(page);
  const data = await progress(page, '');

  const teachers = page.getByTestId('chart-teachers');
  await expect(teachers).toHaveAttribute('role', 'img');
  await expect(teachers.locator('title').first()).toHaveText('Tiến độ theo giáo viên');
  await expect(teachers.locator('g[data-label]')).toHaveCount(data.teachers.length);
  await expect(page.getByTestId('chart-classes').locator('g[data-label]')).toHaveCount(data.classes.length);
  // The table behind each chart holds the same figures.
  const rows = page.getByTestId('dash-class');
  await expect(rows).toHaveCount(data.classes.length);
  const first = data.classes[0];
  await expect(rows.first()).toContainText(first.class_name);
  await expect(rows.first().locator('td').nth(1)).toHaveText(String(first.progress.entered));
  await expect(page.getByTestId('dash-school')).toHaveAttribute('data-entered', String(data.school.entered));

  // Early in the semester less is due: the figures follow the day chosen.
  const day = new Date(Date.parse(data.start_date) + 20 * 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId('dash-day').fill(day);
  await page.getByTestId('dash-filter').getByRole('button').click();
  await page.waitForURL((u) => u.searchParams.get('day') === day);
  await expectHydrated(page);
  const early = await progress(page, `semester=1&day=${day}`);
  expect(early.school.due).toBeLessThan(data.school.total);
  await expect(page.getByTestId('dash-school')).toHaveAttribute('data-due', String(early.school.due));
  await expect(page.getByTestId('dash-period')).toContainText(day.split('-').reverse().join('/'));

  const download = page.waitForEvent('download');
  await page.getByTestId('dash-xlsx').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`tien-do-nhap-diem-hk1-${day}.xlsx`);
  expect(readFileSync(await file.path()).subarray(0, 2).toString()).toBe('PK');
});

test('a group head sees the group’s subjects; a teacher has no dashboard', async ({ page }) => {
  await login(page, 'totruong.toan');
  await gotoHydrated(page, '/dashboard');
  const mine = await progress(page, 'semester=1');
  await expect(page.getByTestId('dash-teacher')).toHaveCount(mine.teachers.length);
  await logout(page);
  await login(page, 'hieutruong');
  const all = await progress(page, 'semester=1');
  expect(mine.sheets.length).toBeLessThan(all.sheets.length);

  await logout(page);
  await login(page, 'gv.toan');
  await expect(page.getByTestId('dashboard-link')).toHaveCount(0);
  await gotoHydrated(page, '/dashboard');
  await expect(page.getByTestId('dashboard')).toHaveCount(0);
  const refused = await page.evaluate(async () => (await fetch('/api/dashboard/progress', { method: 'POST' })).status);
  expect(refused).toBe(403);
});

test('the principal reads learning and conduct results per class, subject bands per grade, and students at risk', async ({ page }) => {
  await login(page, 'hieutruong');
  await gotoHydrated(page, '/dashboard');
  await page.getByTestId('dash-results-link').click();
  await page.waitForURL((u) => u.pathname === '/dashboard/results');
  await expectHydrated(page);
  const data = await page.evaluate(async () => {
    const r = await fetch('/api/dashboard/results', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'period=1',
    });
    return r.json();
  });
  const learning = page.getByTestId('chart-learning');
  await expect(learning).toHaveAttribute('role', 'img');
  await expect(learning.locator('g[data-label]')).toHaveCount(data.classes.length);
  const first = data.classes[0];
  await expect(learning.locator(`g[data-label="${first.name}"]`)).toHaveAttribute('data-total', String(first.students));
  // The table behind the chart: the same counts, best level first.
  const row = page.getByTestId('res-learning-table').locator(`tr[data-class="${first.class_id}"]`);
  await expect(row.locator('td').nth(1)).toHaveText(String(first.learning.good));
  await expect(page.getByTestId('chart-conduct').locator('g[data-label]')).toHaveCount(data.classes.length);
  for (const g of data.grades) {
    await expect(page.getByTestId(`chart-subjects-${g.grade}`)).toBeVisible();
  }
  if (data.at_risk.length > 0) {
    const s = data.at_risk[0];
    const line = page.locator(`[data-testid="res-at-risk-student"][data-student="${s.student_id}"]`);
    await expect(line).toContainText(s.full_name);
    await expect(line.getByRole('link')).toHaveAttribute('href', `/admin/students/${s.student_id}`);
  } else {
    await expect(page.getByText('Không có học sinh nào cần quan tâm.')).toBeVisible();
  }
  await page.getByTestId('res-period').selectOption('year');
  await page.getByTestId('res-filter').getByRole('button').click();
  await page.waitForURL((u) => u.searchParams.get('period') === 'year');
  await expectHydrated(page);
  const download = page.waitForEvent('download');
  await page.getByTestId('res-xlsx').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('ket-qua-year.xlsx');
  expect(readFileSync(await file.path()).subarray(0, 2).toString()).toBe('PK');
});
