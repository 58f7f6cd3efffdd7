import { expect, test, type Page } from '@playwright/test';
import { gotoHydrated, login, logout } from './helpers';

/** Page errors, console errors, and console warnings about hydration, from now on. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || (m.type() === 'warning' && /hydrat/i.test(m.text()))) {
      problems.push(`console ${m.type()} on ${new URL(page.url()).pathname}: ${m.text()}`);
    }
  });
  return problems;
}

/**
 * The marker is set when the shell has hydrated; the parts behind a <Suspense> hydrate just
 * after. Give them a moment, so an error they raise is seen by the check that follows.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

test('the login page hydrates without errors', async ({ page }) => {
  const problems = watchConsole(page);
  await gotoHydrated(page, '/login');
  await settle(page);
  expect(problems).toEqual([]);
});

test("the admin's home and accounts pages hydrate without errors", async ({ page }) => {
  await login(page, 'admin');
  const problems = watchConsole(page);
  // Several loads: what the server sends for the parts behind <Suspense> is not always the same.
  for (let i = 0; i < 3; i++) {
    await gotoHydrated(page, '/');
    await expect(page.getByTestId('panel-school')).toBeVisible();
    await settle(page);
    expect(problems, `loading / (${i + 1})`).toEqual([]);

    await gotoHydrated(page, '/admin/users');
    await expect(page.getByTestId('users')).toBeVisible();
    await settle(page);
    expect(problems, `loading /admin/users (${i + 1})`).toEqual([]);
    // The table is live: the search filters it.
    await page.getByLabel('Tìm kiếm').fill('bientap');
    await expect(page.getByTestId('users').locator('tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('users').locator('tr[data-username="bientap"]')).toBeVisible();
  }
  await logout(page);
});

test.describe('on a phone', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'only the phone viewport can overflow');
  });

  /**
   * Soft: every page gets checked. Mobile Chromium widens the layout viewport (innerWidth) to fit wide content, so compare with the screen.
   */
  async function expectNoHorizontalOverflow(page: Page) {
    const screen = page.viewportSize()!.width;
    const sizes = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    const path = new URL(page.url()).pathname;
    expect.soft(sizes.scrollWidth, `${path} is wider than the ${screen}px screen`).toBeLessThanOrEqual(screen + 1);
    expect.soft(sizes.scrollWidth, `${path} is wider than the window`).toBeLessThanOrEqual(sizes.innerWidth + 1);
  }

  test('the login page fits the screen', async ({ page }) => {
    await gotoHydrated(page, '/login');
    await expectNoHorizontalOverflow(page);
  });

  for (const username of ['admin', '7901692934']) {
    test(`the pages of ${username} fit the screen`, async ({ page }) => {
      await login(page, username);
      await expectNoHorizontalOverflow(page);
      await gotoHydrated(page, '/account/password');
      await expectNoHorizontalOverflow(page);
      await gotoHydrated(page, '/account/sessions');
      await expectNoHorizontalOverflow(page);
      if (username === 'admin') {
        await gotoHydrated(page, '/admin/users');
        await expectNoHorizontalOverflow(page);
      }
      await logout(page);
    });
  }
});
