// The offline outbox's figures (issue 7), in real Chromium against a real server:
//   1. how long a sync of 500 queued edits takes, from opening the page to the outbox empty;
//   2. the same with the server killed (SIGKILL) after the first batch is answered and started
//      again on the same database 2 s later: the time to empty, and that every edit arrived
//      exactly once (each cell's version went up by one, with the value typed).
// The 500 edits are written into the device's outbox (IndexedDB) as the grid writes them, for
// the maths teacher's Toán sheets of 6A1–6A3, both semesters; the sync engine of the page then
// sends them. Usually run through bench/offline_sync.sh, which builds the site. By hand:
//   node bench/offline_sync.mjs <path to hocba binary> <site root> [port=3243]
// Prints the figures; exits non-zero only when something did not arrive or could not run.
import { chromium } from '../end2end/node_modules/playwright/index.mjs';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [bin, siteRoot, portArg] = process.argv.slice(2);
const port = Number(portArg ?? 3243);
const base = `http://127.0.0.1:${port}`;
const EDITS = 500;
const dir = mkdtempSync(join(tmpdir(), 'hocba-offline-bench-'));

function fail(message) {
  console.error(`offline sync bench: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

let server;
async function startServer() {
  server = spawn(bin, ['serve', '--seed-demo-if-empty'], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${dir}/bench.db`,
      HOCBA_ADDR: `127.0.0.1:${port}`,
      HOCBA_LOG: 'warn',
      LEPTOS_OUTPUT_NAME: 'hocba',
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_ENV: 'PROD',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  fail('the server did not start');
}

const launchOptions = {
  executablePath: process.env.HOCBA_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

async function hydrated(page) {
  await page.waitForSelector('body[data-hydrated=true]', { state: 'attached', timeout: 60_000 });
}

async function login(page) {
  await page.goto('/login');
  await hydrated(page);
  const form = page.getByRole('form', { name: 'Đăng nhập' });
  await form.getByLabel('Tên đăng nhập', { exact: true }).fill('gv.toan');
  await form.getByLabel('Mật khẩu', { exact: true }).fill('hocba2026');
  await form.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: 60_000 });
  await hydrated(page);
}

async function sheet(page, classId, subjectId, semester) {
  return page.evaluate(async ([c, s, n]) => {
    const r = await fetch('/api/grade_grid', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `class_id=${c}&subject_id=${s}&semester=${n}`,
    });
    return r.ok ? r.json() : null;
  }, [classId, subjectId, semester]);
}

/** The signed-in person's id, as the outbox keys edits by it (from the page's own session). */
async function userId(page) {
  return page.evaluate(async () => {
    const r = await fetch('/api/me', { method: 'POST' });
    const v = await r.json();
    return v.SignedIn?.user_id ?? null;
  });
}

/** EDITS score edits over the teacher's sheets, each to a value the cell does not hold. */
function plan(sheets, user, round) {
  const edits = [];
  let seq = Date.now() * 1000;
  for (const g of sheets) {
    for (const row of g.rows) {
      for (let slot = 1; slot <= g.regular_count; slot++) {
        if (edits.length === EDITS) return edits;
        const cell = row.regular[slot - 1];
        const value = String(((row.student_id + slot + round) % 9) + 1);
        const text = cell.text === value ? String((Number(value) % 9) + 1) : value;
        seq += 1;
        edits.push({
          id: crypto.randomUUID(),
          seq,
          user_id: user,
          sheet: { class_id: g.class_id, subject_id: g.subject_id, semester_id: g.semester_id },
          target: { Score: { student_id: row.student_id, kind: 'Regular', slot } },
          shown: { text, zero_reason: null },
          value: text,
          mark: null,
          reason: null,
          expected_version: cell.version,
          source: 'Typing',
          label: `${row.full_name} · TX${slot}`,
          sheet_label: `${g.class_name} · ${g.subject_name} · HK ${g.semester_number}`,
          path: `/classes/${g.class_id}/grades/${g.subject_id}/${g.semester_number}`,
          created_at: Date.now(),
          attempts: 0,
          state: 'Waiting',
        });
      }
    }
  }
  if (edits.length < EDITS) fail(`only ${edits.length} cells in the teacher's sheets`);
  return edits;
}

/** Writes the edits into the outbox from a page of the site that does not run the engine. */
async function enqueue(page, edits) {
  await page.goto('/favicon.svg');
  await page.evaluate(async (edits) => {
    await new Promise((resolve, reject) => {
      const open = indexedDB.open('hocba-offline', 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore('outbox');
        open.result.createObjectStore('sheets');
      };
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('outbox', 'readwrite');
        for (const e of edits) tx.objectStore('outbox').put(JSON.stringify(e), e.id);
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, edits);
}

async function waiting(page) {
  return Number(await page.getByTestId('sync-state').getAttribute('data-waiting'));
}

async function drained(page, timeoutMs) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    const state = await page.getByTestId('sync-state').getAttribute('data-state').catch(() => null);
    if (state === 'online' && (await waiting(page)) === 0) return;
    if (state === 'conflict' || state === 'refused') fail(`the sync ended in state ${state}`);
    await page.waitForTimeout(25);
  }
  fail(`the outbox still holds ${await waiting(page)} edits after ${timeoutMs} ms`);
}

async function check(page, before, edits) {
  const after = new Map();
  for (const g of before) {
    const now = await sheet(page, g.class_id, g.subject_id, g.semester_number);
    after.set(`${g.class_id}/${g.semester_id}`, now);
  }
  let wrong = 0;
  for (const e of edits) {
    const was = before.find((g) => g.class_id === e.sheet.class_id && g.semester_id === e.sheet.semester_id);
    const now = after.get(`${e.sheet.class_id}/${e.sheet.semester_id}`);
    const t = e.target.Score;
    const a = was.rows.find((r) => r.student_id === t.student_id).regular[t.slot - 1];
    const b = now.rows.find((r) => r.student_id === t.student_id).regular[t.slot - 1];
    if (b.version !== a.version + 1 || Number(b.text) !== Number(e.value)) wrong += 1;
  }
  return { wrong, after: [...after.values()] };
}

async function main() {
  await startServer();
  const browser = await chromium.launch(launchOptions);
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await login(page);
  const user = await userId(page);
  if (!user) fail('no user id');
  // The teacher's Toán sheets: found through the first class's links.
  await page.goto('/classes/1');
  await hydrated(page);
  const href = await page.getByTestId('grid-links').getByRole('listitem').filter({ hasText: 'Toán' })
    .getByRole('link').first().getAttribute('href');
  const subjectId = Number(href.split('/')[4]);
  let sheets = [];
  for (const c of [1, 2, 3]) for (const n of [1, 2]) {
    const g = await sheet(page, c, subjectId, n);
    if (g && g.can_edit) sheets.push(g);
  }
  const sheetUrl = `/classes/${sheets[0].class_id}/grades/${subjectId}/${sheets[0].semester_number}`;

  // 1. A plain sync of 500.
  const first = plan(sheets, user, 0);
  await enqueue(page, first);
  let t0 = Date.now();
  await page.goto(sheetUrl);
  await hydrated(page);
  const tHydrated = Date.now() - t0;
  await drained(page, 120_000);
  const plain = Date.now() - t0;
  const one = await check(page, sheets, first);
  if (one.wrong) fail(`${one.wrong} of ${EDITS} edits did not arrive exactly once`);
  console.log(`sync of ${EDITS} queued edits: ${plain} ms from opening the page (page hydrated after ${tHydrated} ms), ` +
    `${(EDITS / (plain / 1000)).toFixed(0)} edits/s; all arrived exactly once`);

  // 2. The server killed after the first answered batch, started again 2 s later.
  sheets = one.after;
  const second = plan(sheets, user, 4);
  await enqueue(page, second);
  t0 = Date.now();
  await page.goto(sheetUrl);
  await hydrated(page);
  while ((await waiting(page)) === EDITS) await page.waitForTimeout(5);
  const leftAtKill = await waiting(page);
  server.kill('SIGKILL');
  const killedAt = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 2000));
  await startServer();
  const restartedAt = Date.now() - t0;
  await drained(page, 120_000);
  const total = Date.now() - t0;
  const two = await check(page, sheets, second);
  if (two.wrong) fail(`${two.wrong} of ${EDITS} edits did not arrive exactly once after the restart`);
  console.log(`server killed at ${killedAt} ms with ${leftAtKill} of ${EDITS} edits left, up again at ${restartedAt} ms; ` +
    `outbox empty at ${total} ms (${total - restartedAt} ms after the restart); all ${EDITS} arrived exactly once`);
  await browser.close();
}

main()
  .catch((e) => {
    if (!process.exitCode) {
      console.error(e);
      process.exitCode = 1;
    }
  })
  .finally(() => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
