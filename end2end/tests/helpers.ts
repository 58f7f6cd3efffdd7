import { expect, type Page, type TestInfo } from '@playwright/test';

/** The password of every demo account (none of them has to change it). */
export const DEMO_PASSWORD = 'hocba2026';

/** The one message for a wrong password and for an unknown user alike. */
export const WRONG_CREDENTIALS_VI = 'Tên đăng nhập hoặc mật khẩu không đúng.';
export const WRONG_CREDENTIALS_EN = 'Wrong username or password.';

/** The page is interactive once the client has hydrated it. */
export async function expectHydrated(page: Page): Promise<void> {
  // On a first visit the service worker fills its cache (the whole shell) in the background,
  // which can hold a debug server's answers up for a few seconds.
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 15_000 });
}

export async function gotoHydrated(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expectHydrated(page);
}

/** `path` (no query string) is where the browser is now. */
export async function expectPath(page: Page, path: string): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname).toBe(path);
}

/** Fills in and submits the login form (Vietnamese labels by default) and waits for the answer. */
export async function submitLogin(
  page: Page,
  username: string,
  password: string,
  labels = { form: 'Đăng nhập', username: 'Tên đăng nhập', password: 'Mật khẩu', button: 'Đăng nhập' },
): Promise<void> {
  const form = page.getByRole('form', { name: labels.form });
  await form.getByLabel(labels.username, { exact: true }).fill(username);
  await form.getByLabel(labels.password, { exact: true }).fill(password);
  // Wait for the server's answer, so a message left by an earlier attempt is not mistaken for it.
  const answered = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/login' && r.request().method() === 'POST',
  );
  await form.getByRole('button', { name: labels.button, exact: true }).click();
  await answered;
}

/**
 * Signs in from the login page and waits for the full page load that follows, to `landing`
 * (`/`, or `/account/password` for an account that must change its password).
 */
export async function login(
  page: Page,
  username: string,
  password: string = DEMO_PASSWORD,
  landing = '/',
): Promise<void> {
  await gotoHydrated(page, '/login');
  await submitLogin(page, username, password);
  await page.waitForURL((url) => url.pathname === landing);
  await expectHydrated(page);
}

/** The sign-out button of the header (the sessions page has other "Đăng xuất" buttons). */
export function headerLogout(page: Page) {
  return page.getByRole('banner').getByRole('button', { name: 'Đăng xuất', exact: true });
}

export async function logout(page: Page): Promise<void> {
  await headerLogout(page).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await expectHydrated(page);
}

/** A username no other project or test of this run uses (the database is shared by both projects). */
export function uniqueUsername(testInfo: TestInfo, what: string): string {
  return `e2e-${testInfo.project.name}-${what}`;
}

/** Resolves once the service worker controls the page (it claims the clients on activate), so
 * that reloads and new tabs offline have something to load. */
export async function serviceWorkerReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
      );
    }
  });
}

/** Fills in and submits the change-password form (Vietnamese labels). */
export async function changePassword(page: Page, current: string, next: string, confirm: string) {
  await page.getByLabel('Mật khẩu hiện tại').fill(current);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(next);
  await page.getByLabel('Nhập lại mật khẩu mới').fill(confirm);
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
}
