import { expect, test, type Page } from '@playwright/test';
import { changePassword, expectHydrated, gotoHydrated, login, logout, submitLogin } from './helpers';

// Family accounts (issue 8): the admin creates the accounts of a class's new students and
// prints the slips; a parent signs in with a slip (on a phone in the phone project), must
// choose a password first, sees the child, and links a second child with that child's slip,
// which then works nowhere else. Each project adds its own two students to 8A2.

const CLASS = '8A2';

async function newStudent(page: Page, code: string, fullName: string): Promise<void> {
  const status = await page.evaluate(
    async ([code, fullName, className]) => {
      const classes = await fetch('/api/admin/classes', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: '',
      }).then((r) => r.json());
      const cls = classes.classes.find((c: any) => c.name === className);
      const r = await fetch('/api/admin/student/create', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          form: {
            code, full_name: fullName, date_of_birth: '03/02/2012', gender: 'Nam', ethnicity: 'Kinh',
            religion: '', nationality: '', national_id: '', place_of_birth: '', hometown: '',
            address: '', current_address: '', policy_group: '',
          },
          admission: { class_id: cls.id, transfer_in: false, date: '2026-10-01', other_school: '' },
        }),
      });
      return r.status;
    },
    [code, fullName, CLASS] as const,
  );
  expect(status).toBe(200);
}

const slipOf = (page: Page, code: string) =>
  page.locator(`[data-testid="slip"][data-code="${code}"][data-kind="parent"]`);

test('slips for a class, a first sign-in with one, and a second child linked with its slip', async ({ page }, info) => {
  const n = info.project.name === 'phone' ? '2' : '1';
  const [first, second] = [`S${n}00000001`, `S${n}00000002`];
  const [firstName, secondName] = [`Lý Thị Mai ${n}`, `Lý Văn Nam ${n}`];

  await login(page, 'admin');
  await newStudent(page, first, firstName);
  await newStudent(page, second, secondName);
  await gotoHydrated(page, '/admin/users');
  const panel = page.getByTestId('family-accounts');
  await panel.getByTestId('fam-class').selectOption({ label: CLASS });
  await panel.getByTestId('fam-create').click();
  await expect(panel.getByTestId('fam-result')).toContainText('Đã tạo 2 tài khoản');
  await expect(panel.locator(`.slip-page[data-class="${CLASS}"]`)).toBeVisible();
  await expect(slipOf(page, first)).toContainText(firstName);
  const username = (await slipOf(page, first).getByTestId('slip-username').innerText()).trim();
  const password = (await slipOf(page, first).getByTestId('slip-password').innerText()).trim();
  const secondPassword = (await slipOf(page, second).getByTestId('slip-password').innerText()).trim();
  expect(username).toBe(first.toLowerCase());
  expect(password).toMatch(/^[A-Za-z0-9]{12}$/);
  await expect(panel.getByTestId('fam-print')).toBeVisible();
  await logout(page);

  // The parent: the slip's password, then a password of their own.
  await login(page, username, password, '/account/password');
  await expect(page.getByTestId('must-change')).toBeVisible();
  const own = `Nha-minh-${n}-2026`;
  await changePassword(page, password, own, own);
  await page.waitForURL((url) => url.pathname === '/');
  await expectHydrated(page);
  const cards = page.getByTestId('child-card');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(firstName);
  await expect(cards.first()).toContainText(CLASS);

  // A wrong slip: a clear message, nothing linked.
  const form = page.getByTestId('link-child');
  await form.locator('summary').click();
  await form.getByTestId('link-code').fill(second);
  await form.getByTestId('link-password').fill('sai-mat-khau-9');
  await form.getByTestId('link-submit').click();
  await expect(form.getByTestId('link-error')).toHaveText('Mã học sinh hoặc mật khẩu trên phiếu không đúng.');
  await expect(cards).toHaveCount(1);

  await form.getByTestId('link-password').fill(secondPassword);
  await form.getByTestId('link-submit').click();
  await expect(form.getByTestId('link-done')).toContainText(secondName);
  await expect(cards).toHaveCount(2);
  await page.reload();
  await expectHydrated(page);
  await expect(cards).toHaveCount(2);
  await expect(page.locator(`[data-testid="child-card"][data-code="${second}"]`)).toContainText(secondName);
  await logout(page);

  // The second slip is spent.
  await gotoHydrated(page, '/login');
  await submitLogin(page, second.toLowerCase(), secondPassword);
  await expect(page.getByRole('alert')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/login');
});
