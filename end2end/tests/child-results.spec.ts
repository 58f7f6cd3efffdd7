import { expect, test, type Page } from '@playwright/test';
import { expectHydrated, gotoHydrated, login, logout } from './helpers';

// A parent opens their child's results from the home page (a 360 px phone in the phone
// project): the subjects' scores and results as the school publishes them, the semester's
// learning result and conduct, absences; the year tab; nothing of another child. When the
// principal moves publication to "after approval", the draft sheets disappear from the page.

const CHILD = '7901692934';

/** The child's results as the server answers the page. */
async function answer(page: Page): Promise<any> {
  return page.evaluate(async (code) => {
    const r = await fetch('/api/family/child', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `code=${code}`,
    });
    return r.json();
  }, CHILD);
}

async function setVisibility(page: Page, value: 'saved' | 'checked' | 'approved'): Promise<void> {
  await login(page, 'hieutruong');
  await gotoHydrated(page, '/reviews');
  const saved = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/sheet_review/family_visibility/set',
  );
  await page.getByTestId('family-visibility').selectOption(value);
  expect((await saved).status()).toBe(200);
  await logout(page);
}

test('a parent reads the child’s published results on the phone, by semester and year', async ({ page }) => {
  await login(page, CHILD);
  const card = page.locator(`[data-testid="child-card"][data-code="${CHILD}"]`);
  await card.getByTestId('child-open').click();
  await page.waitForURL((u) => u.pathname === `/children/${CHILD}`);
  await expectHydrated(page);

  const results = page.getByTestId('child-results');
  await expect(results.getByRole('heading', { level: 1 })).toContainText('Lê Gia Dũng');
  await expect(page.getByTestId('child-class')).toContainText('6A1');
  await expect(page.getByTestId('child-visibility')).toContainText('ngay khi giáo viên lưu');

  // Every subject card shows what the server published, Vietnamese decimal comma included.
  const data = await answer(page);
  const s1 = data.periods.find((p: any) => p.period === '1');
  const cards = page.getByTestId('child-subject');
  await expect(cards).toHaveCount(data.subjects.length);
  const toan = data.subjects.find((s: any) => s.name === 'Toán');
  const toanLine = s1.subjects.find((l: any) => l.subject_id === toan.id);
  const toanCard = page.locator(`[data-testid="child-subject"][data-subject="${toan.id}"]`);
  await expect(toanCard).toHaveAttribute('data-published', 'true');
  await expect(toanCard.getByTestId('child-midterm')).toHaveText(
    toanLine.midterm.text ? toanLine.midterm.text.replace('.', ',') : '–',
  );
  const average = toanLine.result?.Scored;
  if (average !== undefined) {
    const text = (average / 10).toFixed(1).replace('.', ',');
    await expect(toanCard.getByTestId('child-subject-result')).toHaveText(text);
  }
  await expect(page.getByTestId('child-overview')).toHaveAttribute('data-period', '1');
  await expect(page.getByTestId('child-absences')).toBeVisible();

  // Nothing wider than the phone's screen.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  await page.getByTestId('child-tab-year').click();
  await expect(page.getByTestId('child-overview')).toHaveAttribute('data-period', 'year');
  await expect(page).toHaveURL(/period=year/);
  await page.getByTestId('child-tab-1').click();
  await expect(page.getByTestId('child-overview')).toHaveAttribute('data-period', '1');

  // Another code (whoever it belongs to) answers not found and shows nothing.
  const other = await page.evaluate(async () => {
    const r = await fetch('/api/family/child', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'code=7901692935',
    });
    return r.status;
  });
  expect(other).toBe(404);
  await gotoHydrated(page, '/children/0000000001');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('child-results')).toHaveCount(0);
  await logout(page);
});

test('draft sheets leave the family’s page when the school publishes only after approval', async ({ page }) => {
  await setVisibility(page, 'approved');
  try {
    await login(page, CHILD);
    await gotoHydrated(page, `/children/${CHILD}`);
    await expect(page.getByTestId('child-visibility')).toContainText('sau khi hiệu trưởng duyệt');
    // Ngữ văn's semester-I sheet is a draft in the demo (other tests approve only Toán's): its
    // scores and average do not reach the page, nor the semester's learning result.
    const data = await answer(page);
    const van = data.subjects.find((s: any) => s.name === 'Ngữ văn');
    const vanCard = page.locator(`[data-testid="child-subject"][data-subject="${van.id}"]`);
    await expect(vanCard).toHaveAttribute('data-published', 'false');
    await expect(vanCard.getByTestId('child-unpublished')).toHaveText('Chưa công bố');
    await expect(vanCard.getByTestId('child-subject-result')).toHaveCount(0);
    await expect(vanCard.getByTestId('child-midterm')).toHaveCount(0);
    const line = data.periods[0].subjects.find((l: any) => l.subject_id === van.id);
    expect(line).toMatchObject({ published: false, result: null, regular: [], midterm: null });
    await expect(page.getByTestId('child-overview')).toHaveAttribute('data-published', 'false');
    await expect(page.getByTestId('child-learning')).toContainText('Chưa công bố');
    await logout(page);
  } finally {
    await setVisibility(page, 'saved');
  }
});

test('a parent reports a wrong score from its card, the teacher answers, the parent sees the status', async ({ page }, testInfo) => {
  const note = `Điểm giữa kì Toán của con là 9 (${testInfo.project.name})`;
  await login(page, CHILD);
  await gotoHydrated(page, `/children/${CHILD}`);
  const data = await answer(page);
  const toan = data.subjects.find((s: any) => s.name === 'Toán');
  const toanCard = page.locator(`[data-testid="child-subject"][data-subject="${toan.id}"]`);
  await toanCard.getByTestId('child-flag').click();
  await expect(page.getByTestId('report-about')).toHaveValue(`s:${toan.id}`);
  await expect(page.getByTestId('report-message')).toBeFocused();
  await page.getByTestId('report-message').fill(`<b>${note}</b><script>window.pwned = 1</script>`);
  await page.getByTestId('report-send').click();
  await expect(page.getByTestId('report-sent')).toBeVisible();
  const mine = page.getByTestId('report-item').filter({ hasText: note });
  await expect(mine).toHaveAttribute('data-status', 'open');
  await expect(mine).not.toContainText('<b>');
  expect(await page.evaluate(() => (window as any).pwned)).toBeUndefined();
  // An empty report is refused with a message, and nothing is sent.
  await page.getByTestId('report-message').fill('   ');
  await page.getByTestId('report-form').evaluate((f: HTMLFormElement) => f.requestSubmit());
  await expect(page.getByTestId('report-error')).toHaveText('Hãy viết nội dung phản ánh.');
  await logout(page);

  await login(page, 'gv.toan');
  await page.getByTestId('link-reports').click();
  await page.waitForURL((u) => u.pathname === '/reports');
  await expectHydrated(page);
  const item = page.getByTestId('inbox-item').filter({ hasText: note });
  await expect(item).toHaveAttribute('data-status', 'open');
  await item.getByTestId('inbox-unchanged').check();
  await item.getByTestId('inbox-answer-text').fill('Cô đã kiểm tra: điểm giữa kì là 6,5 theo bài kiểm tra.');
  await item.getByTestId('inbox-answer-send').click();
  await expect(page.getByTestId('inbox-item').filter({ hasText: note })).toHaveCount(0);
  await page.getByTestId('inbox-open-only').uncheck();
  await expect(page.getByTestId('inbox-item').filter({ hasText: note })).toHaveAttribute('data-status', 'unchanged');
  await logout(page);

  await login(page, CHILD);
  await expect(page.getByTestId('notifications')).toContainText('Nhà trường đã trả lời phản ánh về Lê Gia Dũng');
  await gotoHydrated(page, `/children/${CHILD}`);
  const answered = page.getByTestId('report-item').filter({ hasText: note });
  await expect(answered).toHaveAttribute('data-status', 'unchanged');
  await expect(answered.getByTestId('report-status')).toHaveText('Không có sai sót');
  await expect(answered.getByTestId('report-answer')).toContainText('điểm giữa kì là 6,5');
  await logout(page);
});

/** The text of every page of a PDF, as a viewer (pdf.js) reads it. */
async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((item: any) => item.str ?? '').join(' ') + '\n';
  }
  return { pages: doc.numPages, text };
}

test('a parent downloads the child’s report card as a PDF and opens the print version', async ({ page }) => {
  await login(page, CHILD);
  await gotoHydrated(page, `/children/${CHILD}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('child-pdf').click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const bytes = await (await import('node:fs/promises')).readFile(await download.path());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const { pages, text } = await pdfText(bytes);
  expect(pages).toBe(1);
  const squeezed = text.replace(/\s+/g, ' ');
  expect(squeezed).toContain('Lê Gia Dũng');
  expect(squeezed).toContain('PHIẾU BÁO KẾT QUẢ');
  expect(squeezed).toContain('In lúc');

  await page.getByTestId('child-print').click();
  await page.waitForURL((u) => u.pathname === `/children/${CHILD}/report.html`);
  await expect(page.getByTestId('report-card')).toHaveCount(1);
  await expect(page.getByTestId('report-card')).toContainText('Lê Gia Dũng');
  await expect(page.getByTestId('report-footer')).toContainText('dữ liệu đã được hiệu trưởng duyệt');
  await page.goto('/');
  await logout(page);
});
