import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectHydrated, gotoHydrated, login } from './helpers';

// The admin's structure pages. Each test makes its own records (class 6A9, subject codes with
// a test prefix) so it never changes what other specs count.

/** A letter per Playwright project, so desktop and phone runs make different records. */
function tag(info: TestInfo): string {
  return info.project.name === 'phone' ? 'P' : 'D';
}

async function saved(page: Page, testId: string): Promise<void> {
  await expect(page.getByTestId(testId)).toContainText('Đã lưu.');
}

test('the admin sees the school year with both semesters and the subjects with their regular assessments', async ({ page }) => {
  await login(page, 'admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Cơ cấu trường' }).click();
  await expectHydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cơ cấu trường');
  const years = page.getByTestId('school-years');
  await expect(years.getByRole('row', { name: /2026-2027/ })).toContainText('Năm hiện tại');
  // Toán: 140 periods a year at grade 6 → 4 regular assessments (TT22 Điều 7).
  const toan = page.getByTestId('subjects').locator('tr[data-subject="TOAN"] td[data-grade="6"]');
  await expect(toan).toContainText('140 tiết');
  await expect(toan).toContainText('4 lần ĐĐGtx');
});

test('a subject with no periods is refused with a message naming the field, and a valid one is saved', async ({ page }, info) => {
  const code = `E2EHDTN${tag(info)}`;
  const name = `Hoạt động trải nghiệm (thử ${tag(info)})`;
  await login(page, 'admin');
  await gotoHydrated(page, '/admin/structure');
  const add = page.getByTestId('new-subject');
  await add.getByLabel('Mã môn').fill(code.toLowerCase());
  await add.getByLabel('Tên môn học').fill(name);
  await add.getByLabel('Hình thức đánh giá').selectOption('comment');
  await add.getByRole('button', { name: 'Lưu' }).click();
  await saved(page, 'structure-outcome');
  const row = page.getByTestId('subjects').locator(`tr[data-subject="${code}"]`);
  await expect(row).toContainText('Nhận xét (Đạt / Chưa đạt)');

  const periods = page.getByTestId('subject-grade');
  await periods.getByLabel('Môn học').selectOption({ label: name });
  await periods.getByLabel('Khối').selectOption('7');
  await periods.getByLabel('Số tiết/năm').fill('0');
  await periods.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('structure-outcome').getByRole('alert')).toHaveText('Số tiết/năm: phải từ 1 đến 350');
  await expect(row.locator('td[data-grade="7"]')).toHaveText('–');

  await periods.getByLabel('Số tiết/năm').fill('105');
  await periods.getByRole('button', { name: 'Lưu' }).click();
  await saved(page, 'structure-outcome');
  await expect(row.locator('td[data-grade="7"]')).toContainText('105 tiết');
});

test('the admin opens a new school year, creates a class in it, names its homeroom teacher and assigns a subject teacher', async ({ page }, info) => {
  // A year of its own per project, so the current year's classes stay as other specs count them.
  const start = info.project.name === 'phone' ? 2041 : 2040;
  await login(page, 'admin');
  await gotoHydrated(page, '/admin/structure');
  await page.getByText('Thêm năm học').click();
  const year = page.getByTestId('new-year');
  await year.getByLabel('Năm bắt đầu').fill(String(start));
  await year.getByLabel('Ngày bắt đầu học kỳ I', { exact: true }).fill(`${start}-09-05`);
  await year.getByLabel('Ngày kết thúc học kỳ I', { exact: true }).fill(`${start + 1}-01-15`);
  await year.getByLabel('Ngày bắt đầu học kỳ II').fill(`${start + 1}-01-14`);
  await year.getByLabel('Ngày kết thúc học kỳ II').fill(`${start + 1}-05-31`);
  await year.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('structure-outcome').getByRole('alert')).toHaveText('Ngày bắt đầu học kỳ II: phải sau ngày trước đó');
  await year.getByLabel('Ngày bắt đầu học kỳ II').fill(`${start + 1}-01-18`);
  await year.getByRole('button', { name: 'Lưu' }).click();
  await saved(page, 'structure-outcome');
  const name = `${start}-${start + 1}`;
  await expect(page.getByTestId('school-years').getByRole('row', { name: new RegExp(name) })).toContainText('05/09/' + start);

  await gotoHydrated(page, '/admin/classes');
  await page.getByLabel('Năm học').selectOption({ label: name });
  await expect(page.getByTestId('classes').locator('tbody tr')).toHaveCount(0);
  const form = page.getByTestId('new-class');
  await form.getByLabel('Tên lớp').fill('6a9');
  await form.getByLabel('Khối').selectOption('6');
  await form.getByLabel('Giáo viên chủ nhiệm').selectOption({ index: 1 });
  await form.getByRole('button', { name: 'Lưu' }).click();
  await saved(page, 'classes-outcome');
  const row = page.getByTestId('classes').locator('tr[data-class="6A9"]');
  await expect(row).toBeVisible();

  // The same name again in the same year is refused.
  await form.getByLabel('Tên lớp').fill('6A9');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('classes-outcome').getByRole('alert')).toHaveText('Tên lớp: đã có trong trường');

  await row.getByRole('button', { name: 'Sửa lớp, phân công' }).click();
  const editor = page.getByTestId('class-editor');
  await editor.getByLabel('Toán').selectOption({ index: 2 });
  await saved(page, 'classes-outcome');
  await expect(page.getByTestId('class-editor').getByLabel('Toán')).not.toHaveValue('');
});

test('the admin admits a student, finds them without diacritics, edits the record, adds a guardian and records a class change', async ({ page }, info) => {
  const code = `E2E${tag(info)}000001`;
  await login(page, 'admin');
  await gotoHydrated(page, '/admin/students');
  const form = page.getByTestId('new-student');
  await form.getByLabel('Mã học sinh').fill(code);
  await form.getByLabel('Họ và tên').fill('Đặng Thị Ánh Tuyết');
  await form.getByLabel('Ngày sinh').fill('2014-02-03');
  await form.getByLabel('Giới tính').selectOption('female');
  await form.getByLabel('Dân tộc').fill('Tày');
  await form.getByLabel('Lớp').selectOption({ label: '7A2' });
  await form.getByRole('button', { name: 'Thêm học sinh' }).click();
  await saved(page, 'new-student-outcome');

  // The same code again is refused: codes identify a student nationally.
  await form.getByRole('button', { name: 'Thêm học sinh' }).click();
  await expect(page.getByTestId('new-student-outcome').getByRole('alert')).toHaveText('Mã học sinh: đã có trong trường');

  await page.getByLabel('Tìm kiếm').fill('dang thi anh tuyet');
  const found = page.getByTestId('students').locator(`tr[data-code="${code}"]`);
  await expect(found).toContainText('7A2');
  // Only matches: every row found is a student of that name.
  await expect(page.getByTestId('students').locator('tbody tr').filter({ hasNotText: 'Đặng Thị Ánh Tuyết' })).toHaveCount(0);
  await found.getByRole('link', { name: 'Đặng Thị Ánh Tuyết' }).click();
  await expectHydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Đặng Thị Ánh Tuyết');

  const record = page.getByTestId('student-form');
  await record.getByLabel('Quê quán').fill('Cao Bằng');
  // A birth date that would make a toddler of a lower-secondary student.
  await record.getByLabel('Ngày sinh').fill(`${new Date().getFullYear() - 1}-01-01`);
  await record.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('record-outcome').getByRole('alert')).toHaveText(/^Ngày sinh: phải từ \d{4} đến \d{4}$/);
  await record.getByLabel('Ngày sinh').fill('2014-02-04');
  await record.getByRole('button', { name: 'Lưu' }).click();
  await saved(page, 'record-outcome');
  await expect(page.getByTestId('student-form').getByLabel('Quê quán')).toHaveValue('Cao Bằng');

  const guardian = page.getByTestId('new-guardian');
  await guardian.getByLabel('Họ và tên').fill('Đặng Văn Bình');
  await guardian.getByLabel('Quan hệ').fill('Cha');
  await guardian.getByLabel('Số điện thoại').fill('0912 345 678');
  await guardian.getByRole('button', { name: 'Thêm người giám hộ' }).click();
  await expect(page.getByTestId('guardians')).toContainText('Đặng Văn Bình');

  const move = page.getByTestId('movement');
  await move.getByLabel('Loại biến động').selectOption('change_class');
  await move.getByLabel('Lớp').selectOption({ label: '7A3' });
  await move.getByLabel('Ngày').fill('2026-11-02');
  await move.getByLabel('Lý do').fill('Theo nguyện vọng gia đình');
  await move.getByRole('button', { name: 'Lưu' }).click();
  await saved(page, 'record-outcome');
  const history = page.getByTestId('enrolments').locator('tbody tr');
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText('7A2');
  await expect(history.nth(0)).toContainText('02/11/2026');
  await expect(history.nth(1)).toContainText('7A3');
  await expect(history.nth(1)).toContainText('Chuyển lớp');
});

test('the principal sees the structure but cannot change it; a teacher may not open it', async ({ page }) => {
  await login(page, 'hieutruong');
  await gotoHydrated(page, '/admin/structure');
  await expect(page.getByTestId('subjects')).toBeVisible();
  await expect(page.getByTestId('new-subject')).toHaveCount(0);
  await gotoHydrated(page, '/admin/students');
  await expect(page.getByTestId('students')).toBeVisible();
  await expect(page.getByTestId('new-student')).toHaveCount(0);

  await page.context().clearCookies();
  await login(page, 'gv.toan');
  await page.goto('/admin/classes');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bạn không có quyền truy cập nội dung này.');
});
