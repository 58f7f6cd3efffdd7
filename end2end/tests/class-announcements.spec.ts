import { expect, test, type Page } from '@playwright/test';
import { gotoHydrated, login, logout } from './helpers';

// The homeroom teacher posts an announcement on the class page; the class's families get a
// notice and read it on their child's page. A newly saved score reaches the family as one
// notice naming the subject (the demo school publishes scores as soon as they are saved).

const CHILD = '7901692934';

/** 6A1's id, from the homeroom teacher's home page. */
async function homeroomClassId(page: Page): Promise<string> {
  const href = await page.getByTestId('home-conduct-link').first().getAttribute('href');
  const id = href?.match(/^\/classes\/(\d+)\//)?.[1];
  expect(id, `a class link: ${href}`).toBeTruthy();
  return id!;
}

test('the homeroom teacher announces to the class; the family gets a notice and reads it', async ({ page }, testInfo) => {
  const title = `Họp phụ huynh cuối kì (${testInfo.project.name} ${Date.now()})`;
  const body = 'Thứ bảy 8 giờ, phòng 6A1. <b>Mang</b> sổ liên lạc.';

  await login(page, 'gvcn.6a1');
  const classId = await homeroomClassId(page);
  await gotoHydrated(page, `/classes/${classId}`);
  await page.getByTestId('announce').locator('summary').click();
  // Bad input first: an empty body is refused by the form, nothing is posted.
  await page.getByTestId('announce-title').fill(title);
  await page.getByTestId('announce-body').fill('   ');
  const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/class/announcements/post');
  await page.getByTestId('announce-post').click();
  expect((await refused).status()).toBe(422);
  await expect(page.getByTestId('announce-error')).toBeVisible();
  await expect(page.getByTestId('announcement').filter({ hasText: title })).toHaveCount(0);

  await page.getByTestId('announce-body').fill(body);
  await page.getByTestId('announce-post').click();
  await expect(page.getByTestId('announce-done')).toBeVisible();
  await expect(page.getByTestId('announcement').filter({ hasText: title })).toHaveCount(1);
  await logout(page);

  await login(page, CHILD);
  const notice = page.getByTestId('notification').filter({ hasText: title });
  await expect(notice).toContainText('6A1');
  await gotoHydrated(page, `/children/${CHILD}`);
  const item = page.getByTestId('announcements').getByTestId('announcement').filter({ hasText: title });
  await expect(item).toHaveCount(1);
  // Markup is stripped when saved, never rendered.
  await expect(item).toContainText('Mang sổ liên lạc');
  await expect(item.locator('b')).toHaveCount(0);
});

test('a newly saved score reaches the family as one notice for the child', async ({ page }) => {
  await login(page, CHILD);
  const child = await page.evaluate(async (code) => {
    const r = await fetch('/api/family/child', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `code=${code}`,
    });
    return r.json();
  }, CHILD);
  const toanId = child.subjects.find((s: any) => s.name === 'Toán').id;
  const scoreNotices = page.getByTestId('notification').filter({ hasText: 'Điểm mới của Lê Gia Dũng' });
  const before = await scoreNotices.count();
  await logout(page);

  await login(page, 'gv.toan');
  const row = page.getByTestId('panel-teaching').locator('tr').filter({ hasText: 'Toán' }).filter({ hasText: '6A1' });
  const href = await row.locator('a[href^="/classes/"]').first().getAttribute('href');
  const classId = Number(href!.match(/^\/classes\/(\d+)/)![1]);
  // The score, through the API the grade grid uses.
  const status = await page.evaluate(
    async ({ classId, subjectId, code }) => {
      const grid = await (await fetch('/api/grade_grid', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `class_id=${classId}&subject_id=${subjectId}&semester=1`,
      })).json();
      const r = grid.rows.find((x: any) => x.code === code);
      const value = r.midterm.text === '9' ? '8.5' : '9';
      const saved = await fetch('/api/grade_grid/save', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          class_id: classId, subject_id: subjectId, semester_id: grid.semester_id, source: 'Typing',
          cells: [{ student_id: r.student_id, kind: 'Midterm', slot: 1, value, expected_version: r.midterm.version }],
        }),
      });
      return saved.status;
    },
    { classId, subjectId: toanId, code: CHILD },
  );
  expect(status).toBe(200);
  await logout(page);

  // The server's round runs every two seconds in the browser tests.
  await login(page, CHILD);
  await expect
    .poll(async () => {
      await gotoHydrated(page, '/');
      return scoreNotices.count();
    }, { timeout: 20_000 })
    .toBe(before + 1);
  await expect(scoreNotices.first()).toContainText('Toán (HK1)');
  await scoreNotices.first().getByRole('link').click();
  await page.waitForURL((u) => u.pathname === `/children/${CHILD}`);
});
