// The grade grid in real Chromium: load (navigation → grid hydrated and painted) and
// keystroke → paint (a digit typed into a cell → the next frame painted after the cell, the
// student's average and the summary row, when there is one, changed), normal and with 4× CPU
// throttling (CDP Emulation.setCPUThrottlingRate).
//
// Usually run through bench/grid.sh, which builds the site and starts a server on a fresh demo
// database. By hand, against a running server holding the demo school:
//   node bench/grid.mjs http://127.0.0.1:3241 [keys=200] [loads=15]
// Prepares the data through the application's own paths first: an admin's API token (made in the
// browser, as a user would) imports students (CSV, POST /api/v1/students/import) until class 6A1
// has 45, and the maths teacher's token (POST /api/v1/scores) fills every empty cell of the Toán
// semester-1 sheet, so that every row has an average.
//
// Prints a table; exits non-zero only when it cannot run (never on a slow figure).
//
// Measured 2026-11-22 (bench/grid.sh --release, 2 shared cores, load ≈ 4, Chromium 156 headless,
// Toán 6A1 semester 1: 45 students × 6 score inputs, the widest scored sheet under TT22; no
// summary row yet), ms, p50 / p95:
//   load, cold cache: first byte 31 / 133, FCP 308 / 400, grid hydrated + painted 558 / 758
//   load, warm cache: grid hydrated + painted 251 / 476; 4× CPU: cold 1486 / 1937, warm 836 / 1083
//   keystroke → paint 16.8 / 22.0 (plain-JS grid beside it 19.2 / 21.0: the frame itself);
//     keystroke → average in the DOM 2.7 / 3.8 (plain JS 2.2 / 2.7)
//   4× CPU: keystroke → paint 66 / 109 (plain JS 53 / 71); → DOM 14 / 40 (plain JS 11 / 16)
//   WASM 979 kB gzip -9, 687 kB brotli (cargo xtask sizes)
import { chromium } from '../end2end/node_modules/playwright/index.mjs';

const base = process.argv[2] ?? `http://127.0.0.1:${process.env.HOCBA_E2E_PORT ?? '3241'}`;
const KEYS = Number(process.argv[3] ?? 200);
const LOADS = Number(process.argv[4] ?? 15);
const WARMUP_KEYS = 20;
const CLASS_SIZE = 45;
const PASSWORD = 'hocba2026';

const launchOptions = {
  executablePath: process.env.HOCBA_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

function fail(message) {
  console.error(`grid bench: ${message}`);
  process.exit(1);
}

async function hydrated(page) {
  await page.waitForSelector('body[data-hydrated=true]', { state: 'attached', timeout: 30_000 });
}

async function login(page, username) {
  await page.goto('/login');
  await hydrated(page);
  const form = page.getByRole('form', { name: 'Đăng nhập' });
  await form.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
  await form.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await form.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
  await hydrated(page);
}

/** Signs in and creates an API token on /account/api-tokens, as a user would. */
async function apiToken(browser, username, scopes) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await login(page, username);
  await page.goto('/account/api-tokens');
  await hydrated(page);
  const form = page.getByRole('form', { name: 'Tạo khoá' });
  await form.getByLabel('Tên khoá').fill(`bench ${username}`);
  for (const s of scopes) await form.getByLabel(s).check();
  await form.getByRole('button', { name: 'Tạo khoá' }).click();
  const token = (await page.getByTestId('new-token').locator('code').textContent({ timeout: 30_000 }))?.trim();
  const state = await context.storageState();
  await context.close();
  if (!token) fail(`no API token shown for ${username}`);
  return { token, state };
}

async function api(method, path, token, body, contentType = 'application/json') {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
    body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : body,
  });
  const text = await res.text();
  if (!res.ok) fail(`${method} ${path}: ${res.status} ${text.slice(0, 2000)}`);
  return JSON.parse(text);
}

/** Class 6A1 with 45 students and a complete Toán semester-1 sheet; returns the grid's path. */
async function prepare(browser) {
  const admin = await apiToken(browser, 'admin', ['structure:read', 'students:read', 'students:write']);
  const structure = await api('GET', '/api/v1/structure', admin.token);
  const year = structure.school_years.find((y) => y.is_current) ?? structure.school_years[0];
  const klass = structure.classes.find((c) => c.name === '6A1' && c.school_year_id === year.id);
  const subject = structure.subjects.find((s) => s.code === 'TOAN');
  const semester = year.semesters.find((s) => s.number === 1);
  if (!klass || !subject || !semester) fail('the demo school has no 6A1 / TOAN / semester 1');

  const roster = await api('GET', `/api/v1/classes/${klass.id}/students`, admin.token);
  const missing = CLASS_SIZE - roster.students.length;
  if (missing > 0) {
    const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ'];
    const given = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Khánh', 'Lan', 'Nam'];
    const rows = ['STT,Mã lớp,Mã học sinh,Họ tên,Ngày sinh,Giới tính,Trạng thái HS,Dân tộc'];
    for (let i = 0; i < missing; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = String(1 + (i % 12)).padStart(2, '0');
      rows.push(
        `${i + 1},6A1,BENCH${String(i).padStart(4, '0')},${family[i % 6]} Văn ${given[i % 8]},` +
          `${day}/${month}/2014,${i % 2 ? 'Nữ' : 'Nam'},Đang học,Kinh`,
      );
    }
    await api('POST', '/api/v1/students/import?file_name=bench.csv', admin.token, rows.join('\n') + '\n', 'text/csv');
    const again = await api('GET', `/api/v1/classes/${klass.id}/students`, admin.token);
    if (again.students.length < CLASS_SIZE) fail(`6A1 has ${again.students.length} students after the import`);
  }

  const teacher = await apiToken(browser, 'gv.toan', ['results:read', 'scores:write']);
  const sheetPath = `/api/v1/classes/${klass.id}/results?subject_id=${subject.id}&semester_id=${semester.id}`;
  const sheet = await api('GET', sheetPath, teacher.token);
  const columns = [
    ...Array.from({ length: sheet.regular_count }, (_, i) => ['regular', i + 1]),
    ['midterm', 1],
    ['final', 1],
  ];
  const items = [];
  let seed = 7;
  const score = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return String(5 + (seed % 10) / 2); // 5 … 9.5
  };
  for (const st of sheet.students) {
    for (const [kind, slot] of columns) {
      const cell = st.cells.find((c) => c.kind === kind && c.slot === slot);
      if (!cell || cell.value === null) {
        items.push({
          class_id: klass.id,
          subject_id: subject.id,
          semester_id: semester.id,
          student_id: st.student_id,
          kind,
          slot,
          value: score(),
          expected_version: cell ? cell.version : 0,
        });
      }
    }
  }
  if (items.length) {
    const saved = await api('POST', '/api/v1/scores', teacher.token, { items });
    if (saved.saved !== items.length) fail(`filling the sheet: ${JSON.stringify(saved).slice(0, 2000)}`);
  }
  const full = await api('GET', sheetPath, teacher.token);
  const incomplete = full.students.filter((s) => !s.result.average).length;
  return {
    path: `/classes/${klass.id}/grades/${subject.id}/${semester.number}`,
    students: full.students.length,
    columns: columns.length,
    filled: items.length,
    incomplete,
    state: teacher.state,
  };
}

// Installed before any page script: the moment the grid is both in the DOM and hydrated, and
// the end of the frame painted after it; and the keystroke probe.
function probes() {
  const ready = () =>
    document.body?.dataset.hydrated === 'true' && document.querySelector('table[data-testid=grade-grid] input');
  const afterPaint = (f) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => f(performance.now());
      ch.port2.postMessage(0);
    });
  const observer = new MutationObserver(() => {
    if (window.__gridReadyAt === undefined && ready()) {
      window.__gridReadyAt = performance.now();
      observer.disconnect();
      afterPaint((t) => (window.__gridPaintedAt = t));
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-hydrated'] });

  // Event Timing API, as a cross-check: keydowns whose processing + next paint took ≥ 16 ms.
  window.__slowKeys = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'keydown') window.__slowKeys.push(e.duration);
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {
    /* no Event Timing */
  }

  // Arms a measurement of the next keystroke into `id`: keydown's timestamp → the end of the
  // first frame in which the cell, the row's average and the summary row (if any) have all
  // changed. If the summary has not changed 500 ms after the rest (a change too small to show
  // in its rounded figures), the cell + average time is kept and flagged.
  window.__armKey = (id) => {
    const input = document.getElementById(id);
    const row = input.closest('tr');
    const avg = row.querySelector('td[data-testid=average]');
    const summary = document.querySelector('tr[data-testid=summary]');
    const before = { v: input.value, a: avg?.textContent, s: summary?.textContent };
    let t0 = null;
    let domAt = null;
    window.addEventListener('keydown', (e) => (t0 = e.timeStamp), { capture: true, once: true });
    // When the script has written the new average into the DOM (before any paint).
    const mo = new MutationObserver(() => {
      if (domAt === null && avg.textContent !== before.a) {
        domAt = performance.now();
        mo.disconnect();
      }
    });
    if (avg) mo.observe(avg, { subtree: true, childList: true, characterData: true });
    window.__keyResult = new Promise((resolve) => {
      const start = performance.now();
      let cellAvgAt = null;
      const frame = () => {
        const now = performance.now();
        const cellAvg = t0 !== null && input.value !== before.v && avg && avg.textContent !== before.a;
        const sum = !summary || summary.textContent !== before.s;
        if (cellAvg && cellAvgAt === null) cellAvgAt = now;
        if (cellAvg && (sum || now - cellAvgAt > 500)) {
          const ch = new MessageChannel();
          ch.port1.onmessage = () =>
            resolve({
              ok: true,
              ms: (sum ? performance.now() : cellAvgAt) - t0,
              dom: (domAt ?? cellAvgAt) - t0,
              summary: sum && !!summary,
            });
          ch.port2.postMessage(0);
          return;
        }
        if (now - start > 3000) {
          return resolve({
            ok: false,
            why: { keydown: t0 !== null, cell: input.value !== before.v, average: avg?.textContent !== before.a, before, now: { v: input.value, a: avg?.textContent } },
          });
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  };
}

// The baseline measured beside the grid: the same table (45 × 6 inputs, an average per row,
// a summary row of column averages) in plain JavaScript, one `input` listener, no framework.
function vanillaGrid(rows, cols) {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>vanilla grid</title>
<style>td,th{border:1px solid #ccc;padding:2px 4px}input{width:3.5em}</style></head><body>
<table data-testid="grade-grid"><tbody id="b"></tbody><tfoot><tr data-testid="summary" id="s"></tr></tfoot></table>
<script>
const R = ${rows}, C = ${cols}, weights = Array.from({ length: C }, (_, k) => (k === C - 1 ? 3 : k === C - 2 ? 2 : 1));
const body = document.getElementById('b'), summary = document.getElementById('s');
const val = (i) => parseFloat(i.value.replace(',', '.'));
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1).replace('.', ',') : '');
const inputs = [];
for (let r = 0; r < R; r++) {
  const tr = document.createElement('tr');
  tr.innerHTML = '<td>' + (r + 1) + '</td><th>Học sinh ' + (r + 1) + '</th>' +
    Array.from({ length: C }, (_, k) => '<td><input id="cell-' + r + '-' + k + '" value="' + (5 + ((r * 7 + k * 3) % 10) / 2) + '"></td>').join('') +
    '<td data-testid="average"></td>';
  body.appendChild(tr);
  inputs.push([...tr.querySelectorAll('input')]);
}
for (let k = 0; k < C; k++) summary.appendChild(document.createElement('td'));
const rowAverage = (r) => {
  let sum = 0, w = 0;
  inputs[r].forEach((i, k) => { const v = val(i); if (!Number.isNaN(v)) { sum += v * weights[k]; w += weights[k]; } });
  body.rows[r].querySelector('[data-testid=average]').textContent = fmt(w ? sum / w : NaN);
};
const columnAverage = (k) => {
  let sum = 0, n = 0;
  for (let r = 0; r < R; r++) { const v = val(inputs[r][k]); if (!Number.isNaN(v)) { sum += v; n++; } }
  summary.cells[k].textContent = n ? (sum / n).toFixed(2) : '';
};
for (let r = 0; r < R; r++) rowAverage(r);
for (let k = 0; k < C; k++) columnAverage(k);
body.addEventListener('input', (e) => {
  const [, r, k] = e.target.id.split('-').map(Number);
  rowAverage(r);
  columnAverage(k);
});
document.body.dataset.hydrated = 'true';
</script></body></html>`;
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

const fmt = (x) => (x === undefined ? '–' : x.toFixed(1).padStart(7));

async function loads(browser, prep, runs, throttle) {
  const cold = [];
  const warm = [];
  const extra = { ttfb: [], fcp: [] };
  for (let i = 0; i < runs; i++) {
    // A new context: empty HTTP cache, as on a first visit.
    const context = await browser.newContext({ baseURL: base, storageState: prep.state });
    await context.addInitScript(probes);
    const page = await context.newPage();
    if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
    for (const [into, label] of [
      [cold, 'cold'],
      [warm, 'warm'],
    ]) {
      await page.goto(prep.path, { waitUntil: 'commit' });
      const t = await page.waitForFunction(() => window.__gridPaintedAt, null, { timeout: 30_000 });
      into.push(await t.jsonValue());
      if (label === 'cold') {
        const nav = await page.evaluate(() => {
          const n = performance.getEntriesByType('navigation')[0];
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          return { ttfb: n.responseStart, fcp: fcp?.startTime };
        });
        extra.ttfb.push(nav.ttfb);
        if (nav.fcp !== undefined) extra.fcp.push(nav.fcp);
      }
    }
    await context.close();
  }
  return { cold: stats(cold), warm: stats(warm), ttfb: stats(extra.ttfb), fcp: stats(extra.fcp) };
}

async function keystrokes(browser, prep, count, throttle, path = prep.path) {
  const context = await browser.newContext({ baseURL: base, storageState: prep.state, viewport: { width: 1280, height: 800 } });
  await context.addInitScript(probes);
  await context.route('**/__bench/vanilla-grid', (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: vanillaGrid(prep.students, prep.columns) }),
  );
  const page = await context.newPage();
  await page.goto(path);
  await page.waitForFunction(() => window.__gridPaintedAt, null, { timeout: 30_000 });
  const rows = await page.locator('table[data-testid=grade-grid] tbody tr:has(input)').count();
  const cols = await page.locator('table[data-testid=grade-grid] tbody tr').first().locator('input.score').count();
  if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const times = [];
  const doms = [];
  let summaries = 0;
  let failures = 0;
  let seed = 12345;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < WARMUP_KEYS + count; i++) {
    const id = `cell-${rand(rows)}-${rand(cols)}`;
    // Untimed: focus the cell and select its text (the typed digit replaces it), far from the
    // old value so the average and the column's figures change.
    const digit = await page.evaluate((id) => {
      const input = document.getElementById(id);
      input.focus();
      input.select();
      const v = parseFloat(input.value.replace(',', '.'));
      return Number.isNaN(v) || v < 5 ? '9' : '0';
    }, id);
    // Let the focus change (and the save it triggers) settle for two frames.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.evaluate((id) => window.__armKey(id), id);
    await page.keyboard.press(digit);
    const r = await page.evaluate(() => window.__keyResult);
    if (i < WARMUP_KEYS) continue;
    if (!r.ok) {
      failures++;
      if (failures <= 3) console.error(`keystroke into ${id} not seen: ${JSON.stringify(r.why)}`);
      continue;
    }
    times.push(r.ms);
    doms.push(r.dom);
    if (r.summary) summaries++;
  }
  const slow = await page.evaluate(() => window.__slowKeys);
  // Leave time for the last saves, then count how the cells stand with the server.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.waitForTimeout(2000);
  const saves = await page.evaluate(() => {
    const n = (status) => document.querySelectorAll(`[data-status=${status}]`).length;
    return { saved: n('saved'), failed: n('failed'), other: n('invalid') + n('conflict') + n('saving') };
  });
  await context.close();
  if (times.length === 0) fail('no keystroke could be measured');
  return {
    ...stats(times),
    dom: stats(doms),
    failures,
    summaries,
    slow: slow.length,
    slowMax: slow.length ? Math.max(...slow) : 0,
    rows,
    cols,
    saves,
  };
}

const browser = await chromium.launch(launchOptions);
try {
  const started = Date.now();
  const prep = await prepare(browser);
  console.log(
    `grid ${prep.path}: ${prep.students} students × ${prep.columns} score columns ` +
      `(${prep.filled} empty cells filled first; ${prep.incomplete} rows without an average)`,
  );
  const load1 = await loads(browser, prep, LOADS, 1);
  const load4 = await loads(browser, prep, Math.max(3, Math.round(LOADS / 3)), 4);
  // Side by side: the vanilla baseline right before the grid, at each CPU rate.
  const van1 = await keystrokes(browser, prep, KEYS, 1, '/__bench/vanilla-grid');
  const key1 = await keystrokes(browser, prep, KEYS, 1);
  const van4 = await keystrokes(browser, prep, KEYS, 4, '/__bench/vanilla-grid');
  const key4 = await keystrokes(browser, prep, KEYS, 4);
  console.log(`Chromium ${browser.version()}, headless; ms from navigation start / from keydown`);
  console.log('measure                                     n     p50     p95     max');
  const line = (label, s) => console.log(`${label.padEnd(40)} ${String(s.n).padStart(4)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.max)}`);
  line('load: first byte (cold)', load1.ttfb);
  line('load: first contentful paint (cold)', load1.fcp);
  line('load: grid hydrated + painted, cold', load1.cold);
  line('load: grid hydrated + painted, warm', load1.warm);
  line('load 4× CPU: grid hydrated, cold', load4.cold);
  line('load 4× CPU: grid hydrated, warm', load4.warm);
  line('keystroke → paint', key1);
  line('  vanilla JS baseline', van1);
  line('keystroke → average in DOM (script)', key1.dom);
  line('  vanilla JS baseline', van1.dom);
  line('keystroke → paint, 4× CPU', key4);
  line('  vanilla JS baseline, 4× CPU', van4);
  line('keystroke → average in DOM, 4× CPU', key4.dom);
  line('  vanilla JS baseline, 4× CPU', van4.dom);
  const ratio = (a, b) => (a / b).toFixed(2);
  console.log(
    `keystroke → paint, grid / vanilla: p50 ${ratio(key1.p50, van1.p50)}×, p95 ${ratio(key1.p95, van1.p95)}×; ` +
      `4× CPU: p50 ${ratio(key4.p50, van4.p50)}×, p95 ${ratio(key4.p95, van4.p95)}×`,
  );
  for (const [label, k] of [
    ['grid', key1],
    ['grid 4× CPU', key4],
    ['vanilla', van1],
    ['vanilla 4× CPU', van4],
  ]) {
    console.log(
      `${label}: ${k.rows}×${k.cols} inputs; ${k.failures} keystrokes not seen; summary row changed in ${k.summaries}; ` +
        `Event Timing keydowns ≥ 16 ms: ${k.slow} (max ${k.slowMax} ms)` +
        (label.startsWith('grid') ? `; cells after the run: ${k.saves.saved} saved, ${k.saves.failed} failed, ${k.saves.other} other` : ''),
    );
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
} catch (e) {
  fail(e.stack ?? String(e));
} finally {
  await browser.close();
}
