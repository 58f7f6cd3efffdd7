import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectHydrated, login, logout } from './helpers';

// The homeroom teacher's conduct grid (rèn luyện) for 6A1: levels typed with the keyboard, a
// block pasted from a spreadsheet, autosave, the year level computed once both semesters are
// set, an invalid level refused with its message; then a reward recorded and seen in the
// student's record. Desktop and phone runs use rows of their own.

const cell = (page: Page, r: number, k: number): Locator => page.locator(`#cell-${r}-${k}`);
const td = (c: Locator) => c.locator('xpath=..');
const grid = (page: Page) => page.getByTestId('conduct-grid');
const row = (page: Page, r: number) => grid(page).locator('tbody tr').nth(r);

async function openConduct(page: Page): Promise<void> {
  await login(page, 'gvcn.6a1');
  await page.getByTestId('panel-homeroom').getByTestId('home-conduct-link').first().click();
  await expect(grid(page)).toBeVisible();
  await expect(grid(page).locator('tbody tr').first()).toBeVisible();
  await expectHydrated(page);
}

function base(project: string): number {
  return project === 'phone' ? 12 : 2;
}

test('levels typed, a block pasted, autosaved, and the year level computed', async ({ page, context }, info) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openConduct(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Rèn luyện lớp 6A1');
  const r = base(info.project.name);

  // Semester I level, then its comment, then semester II: Tab moves right, typing replaces.
  await cell(page, r, 0).click();
  await page.keyboard.type('t');
  await page.keyboard.press('Tab');
  await expect(cell(page, r, 1)).toBeFocused();
  await expect(cell(page, r, 0)).toHaveValue('T');
  await page.keyboard.type('Ngoan, lễ phép');
  await page.keyboard.press('Tab');
  await expect(cell(page, r, 2)).toBeFocused();
  await page.keyboard.type('Khá');
  await page.keyboard.press('Enter');
  await expect(cell(page, r + 1, 2)).toBeFocused();
  await expect(cell(page, r, 2)).toHaveValue('K');
  // II Khá and I Tốt: the year is Khá, computed as soon as both are typed.
  await expect(row(page, r).getByTestId('year-level')).toHaveText('K');
  await page.keyboard.type('Đ');
  await page.keyboard.press('ArrowLeft');
  await expect(cell(page, r + 1, 1)).toBeFocused();
  // In a comment the arrows move the caret: Shift+Tab leaves it.
  await page.keyboard.press('Shift+Tab');
  await expect(cell(page, r + 1, 0)).toBeFocused();
  await page.keyboard.type('K');
  await page.keyboard.press('ArrowDown');
  // II Đạt and I Khá: Đạt.
  await expect(row(page, r + 1).getByTestId('year-level')).toHaveText('Đ');
  for (const [dr, k] of [[0, 1], [0, 2], [1, 2]]) {
    await expect(td(cell(page, r + dr, k))).toHaveAttribute('data-status', 'saved');
  }
  // Semester I has demo levels: a cell typed back to its stored value has nothing to save.
  for (const [dr, k] of [[0, 0], [1, 0]]) {
    await expect(td(cell(page, r + dr, k))).toHaveAttribute('data-status', /^(saved|clean)$/);
  }

  // A 3×2 block from a spreadsheet: semester II level and comment of three students.
  const block = 'T\tChăm chỉ\r\ncđ\tCần cố gắng hơn\r\ngood\tTiến bộ\r\n';
  await cell(page, r + 2, 2).click();
  await page.evaluate((text) => navigator.clipboard.writeText(text), block);
  await page.keyboard.press('Control+V');
  await expect(page.getByTestId('paste-report')).toContainText('6 giá trị hợp lệ được lưu, 0 giá trị bị từ chối');
  await expect(cell(page, r + 3, 2)).toHaveValue('CĐ');
  await expect(cell(page, r + 4, 2)).toHaveValue('T');
  for (const dr of [2, 3, 4]) {
    for (const k of [2, 3]) {
      await expect(td(cell(page, r + dr, k))).toHaveAttribute('data-status', 'saved');
    }
  }
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect(page.getByTestId('save-state')).toHaveText('Đã lưu');

  // After a reload: what was saved, and the year levels from the stored semesters.
  await page.reload();
  await expectHydrated(page);
  await expect(cell(page, r, 0)).toHaveValue('T');
  await expect(cell(page, r, 1)).toHaveValue('Ngoan, lễ phép');
  await expect(cell(page, r, 2)).toHaveValue('K');
  await expect(row(page, r).getByTestId('year-level')).toHaveText('K');
  await expect(row(page, r + 1).getByTestId('year-level')).toHaveText('Đ');
  await expect(cell(page, r + 3, 2)).toHaveValue('CĐ');
  await expect(cell(page, r + 3, 3)).toHaveValue('Cần cố gắng hơn');
  // Semester II Chưa đạt: the year is Chưa đạt whatever semester I was.
  await expect(row(page, r + 3).getByTestId('year-level')).toHaveText('CĐ');

  // A level that does not exist: its message, not saved; Ctrl+Z puts back the saved one.
  await cell(page, r + 4, 0).click();
  const before = await cell(page, r + 4, 0).inputValue();
  await page.keyboard.type('X');
  await page.keyboard.press('Tab');
  await expect(td(cell(page, r + 4, 0))).toHaveAttribute('data-status', 'invalid');
  await expect(td(cell(page, r + 4, 0))).toContainText('Mức không hợp lệ');
  await expect(page.getByTestId('save-state')).toHaveText('Có ô chưa lưu được');
  await cell(page, r + 4, 0).click();
  await page.keyboard.press('Control+z');
  await expect(cell(page, r + 4, 0)).toHaveValue(before);
  await page.reload();
  await expectHydrated(page);
  await expect(cell(page, r + 4, 0)).toHaveValue(before);
});

test('a reward recorded for a student shows in the class list and the record', async ({ page }, info) => {
  await openConduct(page);
  const r = base(info.project.name) + 6;
  const studentRow = row(page, r);
  const name = (await studentRow.locator('th').innerText()).trim();
  const studentId = await studentRow.getAttribute('data-student');
  const reason = `Giúp bạn học tốt (${info.project.name})`;
  const form = page.getByTestId('distinction-form');
  await form.getByLabel('Học sinh').selectOption({ label: name });
  await form.getByLabel('Ngày').fill('2026-11-18');
  // No reason: refused with its message, nothing recorded.
  await form.getByTestId('dist-add').click();
  await expect(form.getByTestId('dist-message')).toHaveText('Cần ghi lý do.');
  // A school-level reward needs its decision number.
  await form.getByLabel('Cấp / biện pháp').selectOption('school');
  await form.getByLabel('Lý do').fill(reason);
  await form.getByTestId('dist-add').click();
  await expect(form.getByTestId('dist-message')).toContainText('Cần số quyết định');
  await form.getByLabel('Số quyết định').fill('15/QĐ-THCS');
  await form.getByTestId('dist-add').click();
  await expect(form.getByTestId('dist-message')).toHaveText('Đã ghi.');
  const listed = page.getByTestId('class-distinctions').getByTestId('distinction').filter({ hasText: reason });
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(name);
  await expect(listed).toContainText('Cấp trường');
  await expect(listed).toContainText('18/11/2026');

  // The principal sees it in the student's record.
  await logout(page);
  await login(page, 'hieutruong');
  await page.goto(`/admin/students/${studentId}`);
  await expectHydrated(page);
  const inRecord = page.getByTestId('student-distinctions').getByTestId('distinction').filter({ hasText: reason });
  await expect(inRecord).toHaveCount(1);
  await expect(inRecord).toContainText('15/QĐ-THCS');
});
