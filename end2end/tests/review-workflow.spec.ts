import { expect, test, type Page } from '@playwright/test';
import { expectHydrated, login, logout } from './helpers';

// The review of a grade sheet with the four roles: the maths teacher submits 6A3 Toán, the
// group head returns it with a comment, the teacher submits again, the group head checks it
// and the principal approves it; entry closes while it is under review. 6A3 is used by no
// other spec; the desktop run reviews semester I and the phone run semester II (one database).

const CLASS_ID = 3; // 6A3 in the demo school

function semesterOf(project: string): { label: string; number: number } {
  return project === 'phone' ? { label: 'Học kì II', number: 2 } : { label: 'Học kì I', number: 1 };
}

async function openSheet(page: Page, semester: string): Promise<void> {
  await page.goto(`/classes/${CLASS_ID}`);
  await expectHydrated(page);
  await page
    .getByTestId('grid-links')
    .getByRole('listitem')
    .filter({ hasText: 'Toán' })
    .getByRole('link', { name: semester, exact: true })
    .click();
  await expect(page.getByTestId('review-panel')).toBeVisible();
  await expect(page.getByTestId('grade-grid')).toBeVisible();
}

/** Opens the sheet from the /reviews list (group head, principal). */
async function openFromReviews(page: Page, semester: number): Promise<void> {
  await page.getByTestId('reviews-link').click();
  const link = page.locator(`a[href^="/classes/${CLASS_ID}/grades/"][href$="/${semester}"]`);
  await expect(link).toBeVisible();
  await expect(page.getByTestId('reviews').locator('tr').filter({ has: link })).toContainText('6A3');
  await link.click();
  await expect(page.getByTestId('review-panel')).toBeVisible();
  await expect(page.getByTestId('grade-grid')).toBeVisible();
}

/** Presses the act's button; confirms the list of empty assessments when one is shown. */
async function act(page: Page, code: string, state: string): Promise<void> {
  const panel = page.getByTestId('review-panel');
  await panel.locator(`button[data-act="${code}"]`).click();
  const missing = page.getByTestId('review-missing');
  const done = panel.getByRole('status');
  await expect(missing.or(done)).toBeVisible();
  if (await missing.isVisible()) {
    await expect(missing.locator('li').first()).toBeVisible();
    await page.getByTestId('review-confirm').click();
  }
  await expect(page.getByTestId('review-state')).toHaveAttribute('data-state', state);
}

test('a sheet goes from the teacher to the group head to the principal, with one return', async ({ page }, info) => {
  test.setTimeout(120_000);
  const semester = semesterOf(info.project.name);

  // The teacher submits: entry closes and says why.
  await login(page, 'gv.toan');
  await openSheet(page, semester.label);
  await expect(page.getByTestId('review-state')).toHaveAttribute('data-state', 'draft');
  await act(page, 'submit', 'submitted');
  await expect(page.getByTestId('read-only')).toBeVisible();
  await expect(page.getByTestId('review-closure')).toContainText('chờ tổ trưởng kiểm tra');
  await logout(page);

  // The group head returns it with a comment (required).
  await login(page, 'totruong.toan');
  await openFromReviews(page, semester.number);
  await page.getByLabel('Nhận xét (bắt buộc khi trả lại):').fill('Thiếu điểm giữa kỳ, đề nghị bổ sung');
  await act(page, 'return', 'draft');
  await expect(page.getByTestId('review-history')).toContainText('Thiếu điểm giữa kỳ, đề nghị bổ sung');
  await logout(page);

  // The teacher may edit again, and submits again.
  await login(page, 'gv.toan');
  await openSheet(page, semester.label);
  await expect(page.getByTestId('read-only')).toHaveCount(0);
  await act(page, 'submit', 'submitted');
  await logout(page);

  // The group head checks it.
  await login(page, 'totruong.toan');
  await openFromReviews(page, semester.number);
  await act(page, 'check', 'checked');
  await logout(page);

  // The principal approves it: entry stays closed, corrections go through a request.
  await login(page, 'hieutruong');
  await openFromReviews(page, semester.number);
  await act(page, 'approve', 'approved');
  await expect(page.getByTestId('review-closure')).toContainText('đề nghị điều chỉnh');
  const history = page.getByTestId('review-history').locator('li');
  await expect(history).toHaveCount(5);
  await page.goto(`/classes/${CLASS_ID}`);
  await expectHydrated(page);
  const states = page.getByTestId('review-states').locator('tr').filter({ hasText: 'Toán' });
  await expect(states.locator(`td:nth-child(${semester.number + 1})`)).toHaveAttribute('data-state', 'approved');
  await logout(page);
});

test('the principal signs the year results of a class after confirming the sheets not approved', async ({ page }) => {
  await login(page, 'hieutruong');
  await page.goto(`/classes/${CLASS_ID}`);
  await expectHydrated(page);
  const panel = page.getByTestId('signoff');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('signoff-unapproved').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('signoff-sign')).toBeDisabled();
  await page.getByTestId('signoff-confirm').check();
  await page.getByTestId('signoff-sign').click();
  await expect(page.getByTestId('signoff-intact')).toBeVisible();
  await expect(page.getByTestId('signoff-hash')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('signoff-status')).toContainText('Đã ký bởi');
  await expect(panel.getByRole('link', { name: 'Tải bản đã ký (JSON)' })).toHaveAttribute(
    'href',
    `/classes/${CLASS_ID}/signoff.json`,
  );
  await logout(page);
});

test('the principal turns the self-review setting on and off from the review list', async ({ page }) => {
  await login(page, 'hieutruong');
  await page.getByTestId('reviews-link').click();
  const setting = page.getByTestId('self-review');
  await expect(setting).not.toBeChecked();
  const saved = () =>
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/sheet_review/self_review/set');
  let answer = saved();
  await setting.check();
  await answer;
  await page.reload();
  await expectHydrated(page);
  await expect(page.getByTestId('self-review')).toBeChecked();
  answer = saved();
  await page.getByTestId('self-review').uncheck();
  await answer;
  await page.reload();
  await expectHydrated(page);
  await expect(page.getByTestId('self-review')).not.toBeChecked();
  await logout(page);
});

test('the principal chooses when families see scores from the review list', async ({ page }) => {
  await login(page, 'hieutruong');
  await page.getByTestId('reviews-link').click();
  const setting = () => page.getByTestId('family-visibility');
  // The demo school shows scores as soon as saved; a new school starts at "after approval".
  await expect(setting()).toHaveValue('saved');
  const saved = () =>
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/sheet_review/family_visibility/set');
  let answer = saved();
  await setting().selectOption({ label: 'sau khi tổ trưởng kiểm tra' });
  expect((await answer).status()).toBe(200);
  await page.reload();
  await expectHydrated(page);
  await expect(setting()).toHaveValue('checked');
  answer = saved();
  await setting().selectOption('saved');
  expect((await answer).status()).toBe(200);
  await page.reload();
  await expectHydrated(page);
  await expect(setting()).toHaveValue('saved');
  await logout(page);
});
