import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import {
  WRONG_CREDENTIALS_VI,
  expectHydrated,
  expectPath,
  gotoHydrated,
  login,
  logout,
  submitLogin,
} from './helpers';

const PANELS = [
  'panel-school',
  'panel-group',
  'panel-homeroom',
  'panel-teaching',
  'panel-editor',
  'panel-children',
] as const;
type Panel = (typeof PANELS)[number];

interface Account {
  username: string;
  /** The role chips on the home page, in Vietnamese. */
  roles: string[];
  panels: Panel[];
  /** Known from the demo school; otherwise the name is read from the header. */
  fullName?: string;
  /** Extra checks of what the panels show. */
  check?: (page: Page) => Promise<void>;
}

const childCard = async (page: Page) => {
  const panel = page.getByTestId('panel-children');
  await expect(panel.getByRole('heading', { name: 'Học sinh của bạn' })).toBeVisible();
  await expect(panel).toContainText('Lê Gia Dũng');
  await expect(panel).toContainText('7901692934');
  await expect(panel).toContainText('6A1');
  await expect(panel).toContainText('Nguyễn Thị Thủy');
};

const ACCOUNTS: Account[] = [
  {
    username: 'admin',
    roles: ['Quản trị viên'],
    panels: ['panel-school'],
    check: async (page) => {
      const panel = page.getByTestId('panel-school');
      await expect(panel.getByRole('heading', { name: 'Tổng quan nhà trường' })).toBeVisible();
      await expect(panel.locator('.stat').filter({ hasText: 'Lớp học' })).toContainText('12');
      await expect(panel.getByRole('link', { name: 'Quản lý tài khoản' })).toHaveAttribute('href', '/admin/users');
    },
  },
  {
    username: 'hieutruong',
    roles: ['Ban giám hiệu'],
    panels: ['panel-school'],
    check: async (page) => {
      const panel = page.getByTestId('panel-school');
      await expect(panel.getByRole('heading', { name: 'Tổng quan nhà trường' })).toBeVisible();
      await expect(panel.locator('.stat').filter({ hasText: 'Lớp học' })).toContainText('12');
      await expect(panel.locator('.stat').filter({ hasText: 'Học sinh' })).toBeVisible();
      await expect(panel.locator('.stat').filter({ hasText: 'Giáo viên' })).toBeVisible();
      // Managing accounts is for the admin only.
      await expect(panel.getByRole('link', { name: 'Quản lý tài khoản' })).toHaveCount(0);
    },
  },
  {
    username: 'totruong.toan',
    roles: ['Tổ trưởng chuyên môn', 'Giáo viên bộ môn'],
    panels: ['panel-group', 'panel-teaching'],
    check: async (page) => {
      const panel = page.getByTestId('panel-group');
      await expect(panel.getByRole('heading', { name: 'Tổ chuyên môn' })).toBeVisible();
      await expect(panel.getByRole('heading', { name: 'Tổ Toán – Tin' })).toBeVisible();
    },
  },
  {
    username: 'gvcn.6a1',
    fullName: 'Nguyễn Thị Thủy',
    roles: ['Giáo viên chủ nhiệm', 'Giáo viên bộ môn'],
    panels: ['panel-homeroom', 'panel-teaching'],
    check: async (page) => {
      const panel = page.getByTestId('panel-homeroom');
      await expect(panel.getByRole('heading', { name: 'Lớp chủ nhiệm' })).toBeVisible();
      await expect(panel.locator('.class-name')).toHaveText(['6A1']);
    },
  },
  {
    username: 'gv.toan',
    roles: ['Giáo viên bộ môn'],
    panels: ['panel-teaching'],
    check: async (page) => {
      const panel = page.getByTestId('panel-teaching');
      await expect(panel.getByRole('heading', { name: 'Phân công giảng dạy' })).toBeVisible();
      const row = panel.getByRole('row').filter({ has: page.getByRole('cell', { name: '6A1', exact: true }) });
      await expect(row.getByRole('cell').first()).toHaveText('Toán');
    },
  },
  {
    username: 'bientap',
    roles: ['Biên tập viên'],
    panels: ['panel-editor'],
    check: async (page) => {
      await expect(page.getByTestId('panel-editor').getByRole('heading', { name: 'Cổng thông tin' })).toBeVisible();
    },
  },
  { username: '7901692934', roles: ['Phụ huynh'], panels: ['panel-children'], check: childCard },
  {
    username: 'hs7901692934',
    fullName: 'Lê Gia Dũng',
    roles: ['Học sinh'],
    panels: ['panel-children'],
    check: childCard,
  },
];

test.describe('each demo role', () => {
  for (const account of ACCOUNTS) {
    test(`${account.username} signs in, sees their home page and signs out`, async ({ page }) => {
      await login(page, account.username);
      await expectPath(page, '/');

      const header = page.getByRole('banner');
      await expect(header).toContainText('Trường THCS Nguyễn Du');
      const name = (await page.getByTestId('user-name').innerText()).trim();
      expect(name.length).toBeGreaterThan(0);
      if (account.fullName) expect(name).toBe(account.fullName);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Xin chào, ${name}`);
      await expect(page.getByTestId('roles').getByRole('listitem')).toHaveText(account.roles);

      for (const panel of account.panels) {
        await expect(page.getByTestId(panel)).toBeVisible();
      }
      for (const panel of PANELS.filter((p) => !account.panels.includes(p))) {
        await expect(page.getByTestId(panel), `${account.username} must not see ${panel}`).toHaveCount(0);
      }
      await account.check?.(page);

      const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
      for (const link of ['Trang chủ', 'Phiên đăng nhập', 'Đổi mật khẩu']) {
        await expect(nav.getByRole('link', { name: link, exact: true })).toBeVisible();
      }
      await expect(nav.getByRole('link', { name: 'Tài khoản người dùng' })).toHaveCount(
        account.username === 'admin' ? 1 : 0,
      );

      await logout(page);
      await expectPath(page, '/login');
      await page.goto('/');
      await expectPath(page, '/login');
      await expectHydrated(page);
      await expect(page.getByRole('form', { name: 'Đăng nhập' })).toBeVisible();
    });
  }
});

test.describe('wrong credentials', () => {
  // At most 2 failed attempts per demo account and project: the throttle counts them.
  const victim = (project: string) => (project === 'desktop' ? 'bientap' : 'hieutruong');

  test('a wrong password is refused with the generic message', async ({ page }, testInfo) => {
    await gotoHydrated(page, '/login');
    await submitLogin(page, victim(testInfo.project.name), 'not-the-password-1');
    const error = page.getByRole('alert');
    await expect(error).toHaveText(WRONG_CREDENTIALS_VI);
    await expect(page.getByTestId('login-error')).toHaveText(WRONG_CREDENTIALS_VI);
    await expectPath(page, '/login');
    await expect(page.getByRole('form', { name: 'Đăng nhập' })).toBeVisible();
  });

  test('an unknown user gets the same message', async ({ page }, testInfo) => {
    await gotoHydrated(page, '/login');
    await submitLogin(page, `khong-ton-tai-${testInfo.project.name}`, 'not-the-password-1');
    await expect(page.getByRole('alert')).toHaveText(WRONG_CREDENTIALS_VI);
    await expect(page.getByTestId('login-error')).toHaveText(WRONG_CREDENTIALS_VI);
    await expectPath(page, '/login');
  });
});

test.describe('access control', () => {
  test('an anonymous visitor of a private page is sent to the login page', async ({ page }) => {
    for (const path of ['/', '/admin/users', '/account/sessions', '/account/password']) {
      const response = await page.goto(path);
      // The server redirects on the first load: the private page itself never answers 200.
      const first = response?.request().redirectedFrom();
      expect(first, `${path} should be redirected by the server`).toBeTruthy();
      expect(new URL(first!.url()).pathname).toBe(path);
      expect((await first!.response())?.status()).toBe(302);
      await expectPath(page, '/login');
      await expectHydrated(page);
    }
  });

  test('a teacher may not open the accounts page', async ({ page }) => {
    await login(page, 'gv.toan');
    const response = await page.goto('/admin/users');
    expect(response?.status()).toBe(403);
    await expectHydrated(page);
    await expectPath(page, '/admin/users');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bạn không có quyền truy cập nội dung này.');
    await expect(page.getByTestId('create-user')).toHaveCount(0);
    await expect(page.getByTestId('users')).toHaveCount(0);
  });

  test('a made-up session cookie does not sign anyone in', async ({ page, context }) => {
    const token = randomBytes(32).toString('base64url');
    expect(token).toHaveLength(43);
    await context.addCookies([{ name: 'hocba_session', value: token, url: `http://127.0.0.1:${process.env.HOCBA_E2E_PORT ?? '3210'}/` }]);
    const response = await page.goto('/');
    expect((await response?.request().redirectedFrom()?.response())?.status()).toBe(302);
    await expectPath(page, '/login');
    await expectHydrated(page);
    await expect(page.getByRole('form', { name: 'Đăng nhập' })).toBeVisible();
  });
});
