import { expect, test } from '@playwright/test';
import { gotoHydrated, login } from './helpers';

test('a staff member creates an API token, sees it once, uses it, and revokes it', async ({ page, request }, testInfo) => {
  // Each project uses its own account (not the principals: sessions.spec counts their sessions).
  const username = testInfo.project.name === 'desktop' ? 'bientap' : 'totruong.toan';
  await login(page, username);
  await gotoHydrated(page, '/account/api-tokens');
  await expect(page.getByRole('heading', { name: 'Khoá API' })).toBeVisible();

  const name = `Hệ thống thi ${testInfo.project.name}`;
  const form = page.getByRole('form', { name: 'Tạo khoá' });
  await form.getByLabel('Tên khoá').fill(name);
  await form.getByLabel('structure:read').check();
  await form.getByLabel('results:read').check();
  await form.getByLabel(/Hết hạn sau/).fill('30');
  await form.getByRole('button', { name: 'Tạo khoá' }).click();

  const shown = page.getByTestId('new-token');
  await expect(shown).toContainText('chỉ hiển thị một lần');
  const token = (await shown.locator('code').textContent())?.trim() ?? '';
  expect(token).toMatch(/^hocba_[A-Za-z0-9_-]{43}$/);

  const row = page.getByTestId('api-tokens').locator('tbody tr', { hasText: name });
  await expect(row).toContainText('structure:read results:read');
  await expect(row).toContainText('Đang dùng');
  // The list never shows the token again.
  await expect(page.getByTestId('api-tokens')).not.toContainText(token);

  const structure = await request.get('/api/v1/structure', { headers: { Authorization: `Bearer ${token}` } });
  expect(structure.status()).toBe(200);
  // The demo school's twelve classes (other specs may add classes in other years).
  const names: string[] = (await structure.json()).classes.map((c: { name: string }) => c.name);
  for (const grade of [6, 7, 8, 9]) for (const n of [1, 2, 3]) expect(names).toContain(`${grade}A${n}`);

  await row.getByRole('button', { name: 'Thu hồi' }).click();
  await expect(row).toContainText('Đã thu hồi');
  const refused = await request.get('/api/v1/structure', { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('unauthorized');
});
