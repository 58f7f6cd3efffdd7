import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { expectHydrated, login } from './helpers';

// The grade grid as a spreadsheet user works it: typing over, F2 / Esc / Delete, undo and redo
// across saves, paste from Excel with bad values and overflow, a conflict between two sessions,
// comments, marks, and the warning when leaving with unsaved changes. Each project edits its
// own students (rows found by student code), so the desktop and phone runs never collide.

async function openToan(page: Page, username = 'gv.toan'): Promise<void> {
  await login(page, username);
  await page.goto('/classes/1');
  await expectHydrated(page);
  await page.getByTestId('grid-links').getByRole('listitem').filter({ hasText: 'Toán' })
    .getByRole('link', { name: 'Học kì I', exact: true }).click();
  await expectHydrated(page);
  await expect(page.getByTestId('grade-grid')).toBeVisible();
}

/** The row index of the `n`-th student from the end of the class, for this project. */
async function rowFor(page: Page, project: string, slot: number): Promise<number> {
  // After an in-app navigation the grid's module may still be arriving.
  await expect(page.getByTestId('grade-grid').locator('tbody tr').first()).toBeVisible();
  const rows = await page.getByTestId('grade-grid').locator('tbody tr').count();
  // Desktop uses rows counted back from the end, phone the ones before them.
  const offset = project === 'phone' ? 12 : 2;
  return rows - offset - slot;
}

const cell = (page: Page, r: number, k: number): Locator => page.locator(`#cell-${r}-${k}`);
const status = (c: Locator) => c.locator('xpath=..');

test('typing over, F2, Esc, Delete, Tab and undo / redo across saves', async ({ page }, info) => {
  await openToan(page);
  const r = await rowFor(page, info.project.name, 0);
  const c0 = cell(page, r, 0);
  await c0.click();
  await expect(c0).toBeFocused();
  // Typing over a cell replaces it, without selecting anything first.
  await page.keyboard.type('9');
  await expect(c0).toHaveValue('9');
  await page.keyboard.press('Tab');
  await expect(cell(page, r, 1)).toBeFocused();
  await expect(status(c0)).toHaveAttribute('data-status', 'saved');
  // F2 edits in place: the text stays and the caret goes to its end.
  await page.keyboard.type('8');
  await page.keyboard.press('F2');
  await page.keyboard.type(',5');
  await expect(cell(page, r, 1)).toHaveValue('8,5');
  await page.keyboard.press('Shift+Tab');
  await expect(c0).toBeFocused();
  // Esc puts back what the cell had.
  await page.keyboard.type('3');
  await expect(c0).toHaveValue('3');
  await page.keyboard.press('Escape');
  await expect(c0).toHaveValue('9');
  // Delete clears; the average then waits for the missing assessment... no: the column is
  // one of four regular ones and a cleared one leaves only three, so the average goes blank.
  const row = page.getByTestId('grade-grid').locator('tbody tr').nth(r);
  await expect(row.getByTestId('average')).not.toHaveText('');
  await page.keyboard.press('Delete');
  await expect(c0).toHaveValue('');
  await expect(row.getByTestId('average')).toHaveText('');
  await expect(status(c0)).toHaveAttribute('data-status', 'saved');
  // Undo brings the 9 back and saves it again; redo clears it again.
  await page.keyboard.press('Control+z');
  await expect(c0).toHaveValue('9');
  await expect(status(c0)).toHaveAttribute('data-status', 'saved');
  await page.keyboard.press('Control+y');
  await expect(c0).toHaveValue('');
  await expect(status(c0)).toHaveAttribute('data-status', 'saved');
  await page.keyboard.press('Control+z');
  await expect(status(c0)).toHaveAttribute('data-status', 'saved');
  await expect(page.getByTestId('save-state')).toHaveText('Mọi thay đổi đã được lưu.');

  await page.reload();
  await expectHydrated(page);
  await expect(cell(page, r, 0)).toHaveValue('9');
  await expect(cell(page, r, 1)).toHaveValue('8,5');
});

test('the average and the summary row follow each keystroke', async ({ page }, info) => {
  await openToan(page);
  const r = await rowFor(page, info.project.name, 1);
  const row = page.getByTestId('grade-grid').locator('tbody tr').nth(r);
  // 10, 10, 10, 10 regular, 10 mid-term, 10 end-of-term → 10; then the end-of-term 4 →
  // (40 + 20 + 12) / 9 = 8.0
  for (let k = 0; k < 6; k++) {
    await cell(page, r, k).click();
    await page.keyboard.type('10');
  }
  await expect(row.getByTestId('average')).toHaveText('10,0');
  // The class mean of the end-of-term column moves by 6/36 > 0.1 when 10 becomes 4.
  const endOfTermMean = page.getByTestId('summary').locator('td').nth(5).locator('.mean');
  const before = await endOfTermMean.textContent();
  // Back up to the end-of-term cell (selected again) and type over it.
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowUp');
  await expect(cell(page, r, 5)).toBeFocused();
  await page.keyboard.type('4');
  await expect(row.getByTestId('average')).toHaveText('8,0');
  await expect(endOfTermMean).not.toHaveText(before ?? '');
  await expect(page.getByTestId('class-average')).not.toHaveText('');
  await expect(page.getByTestId('distribution')).toContainText('Phân bố ĐTBmhk');
  await page.keyboard.press('Enter');
  await expect(status(cell(page, r, 5))).toHaveAttribute('data-status', 'saved');
});

test('a block pasted from Excel: good values saved, bad ones marked, overflow reported', async ({ page, context }, info) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openToan(page);
  const rows = await page.getByTestId('grade-grid').locator('tbody tr').count();
  const r = await rowFor(page, info.project.name, 3);
  // Three rows of three from TX2: "11" and "abc" are refused, "8,55" has too many decimals.
  const block = '7,5\t11\t8\r\nabc\t6\t8,55\r\n9\t5,5\t7\r\n';
  await cell(page, r, 1).click();
  await page.evaluate((text) => navigator.clipboard.writeText(text), block);
  await page.keyboard.press('Control+V');
  const report = page.getByTestId('paste-report');
  await expect(report).toContainText('6 giá trị hợp lệ được lưu, 3 giá trị bị từ chối');
  await expect(cell(page, r, 1)).toHaveValue('7,5');
  await expect(status(cell(page, r, 2))).toHaveAttribute('data-status', 'invalid');
  await expect(status(cell(page, r, 2))).toContainText('Điểm phải từ 0 đến 10.');
  await expect(status(cell(page, r + 1, 1))).toContainText('Không phải là điểm số');
  await expect(status(cell(page, r + 1, 3))).toContainText('tối đa một chữ số thập phân');
  for (const [dr, k] of [[0, 1], [0, 3], [1, 2], [2, 1], [2, 2], [2, 3]]) {
    await expect(status(cell(page, r + dr, k))).toHaveAttribute('data-status', 'saved');
  }
  await expect(page.getByTestId('save-state')).toContainText('3 ô không hợp lệ');

  // A block wider and longer than the grid: what falls outside is counted.
  await cell(page, rows - 1, 4).click();
  // Values of their own per project, so the phone run changes what the desktop run pasted.
  const [a, b] = info.project.name === 'phone' ? ['5', '4'] : ['6', '7'];
  await page.evaluate((text) => navigator.clipboard.writeText(text), `${a}\t${b}\t8\t9\n5\t5\t5\t5\n`);
  await page.keyboard.press('Control+V');
  await expect(report).toContainText('6 giá trị nằm ngoài bảng nên không được dán.');
  await expect(status(cell(page, rows - 1, 4))).toHaveAttribute('data-status', 'saved');
  await expect(status(cell(page, rows - 1, 5))).toHaveAttribute('data-status', 'saved');
  // An empty clipboard says so and changes nothing.
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await cell(page, r, 0).click();
  const kept = await cell(page, r, 0).inputValue();
  await page.keyboard.press('Control+V');
  await expect(report).toHaveText('Không có gì để dán: bộ nhớ tạm trống.');
  await expect(cell(page, r, 0)).toHaveValue(kept);

  await page.reload();
  await expectHydrated(page);
  await expect(cell(page, r, 1)).toHaveValue('7,5');
  await expect(cell(page, r + 2, 2)).toHaveValue('5,5');
  await expect(cell(page, rows - 1, 4)).toHaveValue(a);
  await expect(cell(page, r, 2)).not.toHaveValue('11');
});

async function secondSession(browser: Browser, info: { project: { use: object } }): Promise<Page> {
  const context = await browser.newContext({ ...info.project.use });
  const page = await context.newPage();
  await openToan(page);
  return page;
}

test('a score changed meanwhile in another session is shown with both values to choose from', async ({ page, browser }, info) => {
  await openToan(page);
  const other = await secondSession(browser, info);
  const r = await rowFor(page, info.project.name, 6);
  // The other session writes 4 first …
  await cell(other, r, 4).click();
  await other.keyboard.type('4');
  await other.keyboard.press('Enter');
  await expect(status(cell(other, r, 4))).toHaveAttribute('data-status', 'saved');
  // … then this one, from its older copy, writes 9: nothing is overwritten silently.
  await cell(page, r, 4).click();
  await page.keyboard.type('9');
  await page.keyboard.press('Enter');
  const c = status(cell(page, r, 4));
  await expect(c).toHaveAttribute('data-status', 'conflict');
  await expect(c.getByTestId('conflict')).toContainText('Nguyễn Văn Khoa');
  await expect(c.getByTestId('conflict')).toContainText('thành 4');
  await c.getByTestId('keep-mine').click();
  await expect(c).toHaveAttribute('data-status', 'saved');
  await other.reload();
  await expectHydrated(other);
  await expect(cell(other, r, 4)).toHaveValue('9');

  // And the other way: taking their value.
  await cell(other, r, 5).click();
  await other.keyboard.type('3');
  await other.keyboard.press('Enter');
  await expect(status(cell(other, r, 5))).toHaveAttribute('data-status', 'saved');
  await cell(page, r, 5).click();
  await page.keyboard.type('10');
  await page.keyboard.press('Enter');
  const c5 = status(cell(page, r, 5));
  await expect(c5).toHaveAttribute('data-status', 'conflict');
  await c5.getByTestId('take-theirs').click();
  await expect(cell(page, r, 5)).toHaveValue('3');
  await page.reload();
  await expectHydrated(page);
  await expect(cell(page, r, 5)).toHaveValue('3');
  await other.context().close();
});

test('a comment per student is saved beside the row', async ({ page }, info) => {
  await openToan(page);
  const r = await rowFor(page, info.project.name, 7);
  const comment = cell(page, r, 6);
  await comment.click();
  const text = `Tiến bộ rõ ở học kì này (${info.project.name}).`;
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(status(comment)).toHaveAttribute('data-status', 'saved');
  await page.reload();
  await expectHydrated(page);
  await expect(cell(page, r, 6)).toHaveValue(text);
});

test('absent awaiting a make-up and a zero by decision with its reason', async ({ page }, info) => {
  await openToan(page);
  const r = await rowFor(page, info.project.name, 8);
  const row = page.getByTestId('grade-grid').locator('tbody tr').nth(r);
  for (let k = 0; k < 6; k++) {
    await cell(page, r, k).click();
    await page.keyboard.type('8');
  }
  await page.keyboard.press('Enter');
  await expect(row.getByTestId('average')).toHaveText('8,0');
  // Typing V marks the assessment missed: the average waits for the make-up.
  await cell(page, r, 0).click();
  await page.keyboard.type('v');
  await page.keyboard.press('Enter');
  await expect(cell(page, r, 0)).toHaveValue('V');
  await expect(row.getByTestId('average')).toHaveText('');
  await expect(status(cell(page, r, 0))).toHaveAttribute('data-status', 'saved');
  // The school decides a zero, with its reason: it counts. (0+8·3+16+24)/9 = 7.1
  await cell(page, r, 0).click();
  await page.getByTestId('mark-zero').click();
  await page.getByTestId('zero-form').getByRole('textbox').fill('Không dự kiểm tra bù (QĐ 12/QĐ-THCS)');
  await page.getByTestId('zero-form').getByRole('button', { name: 'Ghi 0 điểm' }).click();
  await expect(cell(page, r, 0)).toHaveValue('0');
  await expect(row.getByTestId('average')).toHaveText('7,1');
  await expect(status(cell(page, r, 0))).toHaveAttribute('data-status', 'saved');
  await page.reload();
  await expectHydrated(page);
  await expect(cell(page, r, 0)).toHaveValue('0');
  await expect(cell(page, r, 0)).toHaveAttribute('title', /Không dự kiểm tra bù/);
  await expect(page.getByTestId('grade-grid').locator('tbody tr').nth(r).getByTestId('average')).toHaveText('7,1');
});

test('a change the server has not confirmed is kept on the device: leaving loses nothing', async ({ page, context }, info) => {
  await openToan(page);
  const r = await rowFor(page, info.project.name, 9);
  const before = await cell(page, r, 0).inputValue();
  const value = before === '6' ? '5' : '6';
  // The connection drops: saves fail, and the change waits in the device's outbox.
  await page.route('**/api/grade_grid/save', (route) => route.abort('internetdisconnected'));
  await cell(page, r, 0).click();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
  await expect(status(cell(page, r, 0))).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-waiting', '1');
  // Nothing typed is only in the page any more: closing it does not ask.
  let asked = false;
  page.on('dialog', async (dialog) => {
    asked = true;
    await dialog.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  expect(asked).toBe(false);
  // Reopened with a working connection, the change is sent and saved.
  const again = await context.newPage();
  await again.goto(page.url());
  // The service worker may still be filling its cache in the background (first visit).
  await expect(again.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  await expect(cell(again, r, 0)).toHaveValue(value);
  await expect(status(cell(again, r, 0))).toHaveAttribute('data-status', 'saved');
  await expect(again.getByTestId('sync-state')).toHaveAttribute('data-waiting', '0');
  await again.reload();
  await expectHydrated(again);
  await expect(cell(again, r, 0)).toHaveValue(value);
});

test('a teacher not assigned to the subject sees the grid read-only and cannot type into it', async ({ page }) => {
  await openToan(page, 'gvcn.6a1');
  await expect(page.getByTestId('read-only')).toBeVisible();
  const before = await cell(page, 0, 0).inputValue();
  await cell(page, 0, 0).click();
  await page.keyboard.type('1');
  await page.keyboard.press('Delete');
  await expect(cell(page, 0, 0)).toHaveValue(before);
  await expect(page.getByTestId('mark-absent')).toHaveCount(0);
});

test('the server refuses a save called directly by a teacher not assigned to the subject', async ({ page }) => {
  await openToan(page, 'gvcn.6a1');
  const [, subject] = /grades\/(\d+)\/1$/.exec(new URL(page.url()).pathname) ?? [];
  const load = await page.request.post('/api/grade_grid', {
    form: { class_id: '1', subject_id: subject, semester: '1' },
  });
  expect(load.status()).toBe(200);
  const grid = await load.json();
  const student = grid.rows[0];
  const before = student.regular[0];
  const save = await page.request.post('/api/grade_grid/save', {
    data: {
      class_id: 1, subject_id: Number(subject), semester_id: grid.semester_id, source: 'Typing',
      cells: [{ student_id: student.student_id, kind: 'Regular', slot: 1, value: '1', expected_version: before.version }],
    },
  });
  expect(save.status()).toBe(403);
  const again = await (await page.request.post('/api/grade_grid', {
    form: { class_id: '1', subject_id: subject, semester: '1' },
  })).json();
  expect(again.rows[0].regular[0]).toEqual(before);
});

test('a subject assessed by comment takes Đ / CĐ, and its result follows', async ({ page }, info) => {
  // The admin may correct any sheet; Giáo dục thể chất is assessed by comment (TT22 Điều 7).
  await login(page, 'admin');
  await page.goto('/classes/1');
  await expectHydrated(page);
  await page.getByTestId('grid-links').getByRole('listitem').filter({ hasText: 'Giáo dục thể chất' })
    .getByRole('link', { name: 'Học kì I', exact: true }).click();
  await expectHydrated(page);
  await expect(page.getByTestId('grade-grid')).toBeVisible();
  await expect(page.getByTestId('read-only')).toHaveCount(0);
  const r = await rowFor(page, info.project.name, 4);
  const row = page.getByTestId('grade-grid').locator('tbody tr').nth(r);
  // Two regular, mid-term and end-of-term: Đ everywhere gives Đ.
  for (let k = 0; k < 4; k++) {
    await cell(page, r, k).click();
    await page.keyboard.type('d');
  }
  await page.keyboard.press('Enter');
  await expect(cell(page, r, 0)).toHaveValue('Đ');
  await expect(row.getByTestId('average')).toHaveText('Đ');
  // One CĐ decides it; a number is refused with the reason.
  await cell(page, r, 1).click();
  await page.keyboard.type('cđ');
  await page.keyboard.press('Enter');
  await expect(row.getByTestId('average')).toHaveText('CĐ');
  await cell(page, r, 2).click();
  await page.keyboard.type('8');
  await page.keyboard.press('Enter');
  await expect(status(cell(page, r, 2))).toContainText('Môn đánh giá bằng nhận xét: nhập Đ hoặc CĐ.');
  await expect(status(cell(page, r, 1))).toHaveAttribute('data-status', 'saved');
  await page.reload();
  await expectHydrated(page);
  await expect(cell(page, r, 1)).toHaveValue('CĐ');
  await expect(cell(page, r, 2)).toHaveValue('Đ');
});
