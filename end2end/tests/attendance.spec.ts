import { expect, test, type Page } from '@playwright/test';
import { expectHydrated, login, logout } from './helpers';

// Both projects share one database: the desktop run takes the morning roll of 18/11/2026 and
// marks period 3, the phone run (360×740) the afternoon roll and period 4.
const DAY = '2026-11-18';

function plan(project: string) {
  return project === 'phone'
    ? { session: 'afternoon', period: '4' }
    : { session: 'morning', period: '3' };
}

/** The 6A1 roll page, reached from the homeroom teacher's home page. */
async function openRoll(page: Page, session: string): Promise<string> {
  const link = page.getByTestId('attendance-today').first();
  const href = (await link.getAttribute('href')) ?? '';
  await link.click();
  await expect(page.getByTestId('att-list')).toBeVisible();
  await pick(page, session);
  return href;
}

/** Shows the roll of DAY and `session`, and waits until it is the one on screen. */
async function pick(page: Page, session: string): Promise<void> {
  await page.getByTestId('att-date').fill(DAY);
  await expect(page.getByTestId('att-list')).toHaveAttribute('data-date', DAY);
  await page.getByTestId('att-session').selectOption(session);
  await expect(page.getByTestId('att-list')).toHaveAttribute('data-session', session);
}

test.describe.serial('attendance', () => {
  let rollPath = '';

  test('the homeroom teacher takes the 6A1 roll with the keyboard and sees it after a reload', async ({ page }, info) => {
    const { session } = plan(info.project.name);
    await login(page, 'gvcn.6a1');
    rollPath = await openRoll(page, session);
    await expect(page.getByTestId('att-state')).toContainText('Chưa điểm danh');
    // The student near the limit carries the warning.
    await expect(page.getByTestId('att-warn').first()).toContainText('Sắp quá 45 buổi');

    const rows = page.getByTestId('att-row');
    await rows.nth(0).focus();
    await page.keyboard.press('p');
    await expect(rows.nth(0)).toHaveAttribute('data-mark', 'excused');
    await page.keyboard.press('Enter');
    await expect(page.locator('#att-reason-0')).toBeFocused();
    await page.keyboard.type('Ốm, mẹ xin phép');
    await page.keyboard.press('Enter');
    await expect(rows.nth(0)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('k');
    await expect(rows.nth(1)).toHaveAttribute('data-mark', 'unexcused');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('m');
    await page.keyboard.press(' ');
    await expect(rows.nth(2)).toHaveAttribute('data-mark', 'present');
    await expect(page.getByTestId('att-dirty')).toBeVisible();
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('att-saved')).toContainText('Đã lưu');
    // Taken days after 18/11: the roll is late.
    await expect(page.getByTestId('att-late')).toBeVisible();

    await page.reload();
    await expectHydrated(page);
    await pick(page, session);
    await expect(page.getByTestId('att-state')).toContainText('Điểm danh lúc');
    await expect(rows.nth(0)).toHaveAttribute('data-mark', 'excused');
    await expect(page.locator('#att-reason-0')).toHaveValue('Ốm, mẹ xin phép');
    await expect(rows.nth(1)).toHaveAttribute('data-mark', 'unexcused');
    await expect(rows.nth(2)).toHaveAttribute('data-mark', 'present');
    await logout(page);
  });

  test('gv.toan marks a period absence in 6A1 Toán and the homeroom teacher sees it', async ({ page }, info) => {
    const { session, period } = plan(info.project.name);
    expect(rollPath).not.toBe('');
    await login(page, 'gv.toan');
    // From his home page: the 6A1 row of his teaching.
    const row = page.getByTestId('panel-teaching').getByRole('row')
      .filter({ has: page.getByRole('cell', { name: '6A1', exact: true }) });
    await expect(row.getByTestId('home-period-absences')).toHaveAttribute('href', `${rollPath}/period`);
    await row.getByTestId('home-period-absences').click();
    await expect(page.getByTestId('att-period')).toBeVisible();
    await page.getByTestId('att-date').fill(DAY);
    await expect(page.getByTestId('att-period')).toContainText('18/11/2026');
    await expect(page.getByTestId('att-subject')).toContainText('Toán');
    await page.getByTestId('att-period-no').selectOption(period);
    await page.getByTestId('att-period-row').nth(3).getByTestId('att-period-absent').check();
    await page.getByTestId('att-period-save').click();
    await expect(page.getByTestId('att-saved')).toContainText('1');
    // The roll itself is the homeroom teacher's.
    await page.goto(rollPath);
    await expectHydrated(page);
    await expect(page.getByTestId('att-error')).toBeVisible();
    await logout(page);

    await login(page, 'gvcn.6a1');
    await openRoll(page, session);
    await expect(page.getByTestId('att-row').nth(3).getByTestId('att-periods')).toContainText(
      `Tiết ${period} Toán`,
    );
    await logout(page);
  });

  test('the principal sees the 6A1 roll flagged late', async ({ page }) => {
    await login(page, 'hieutruong');
    await page.getByTestId('attendance-school-link').click();
    await expect(page.getByTestId('att-school')).toBeVisible();
    await page.getByTestId('att-date').fill(DAY);
    const row = page.locator('tr[data-class="6A1"]');
    await expect(row.getByTestId('att-late-flag').first()).toBeVisible();
    await expect(page.getByTestId('att-holidays')).toContainText('Tết Nguyên đán');
    await expect(page.getByTestId('att-late-list')).toContainText('6A1');
  });
});
