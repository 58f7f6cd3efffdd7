import { defineConfig, type LaunchOptions } from '@playwright/test';

// Debian's Chromium: Playwright's own browser downloads fail on these machines
// (never run `npx playwright install`).
const launchOptions: LaunchOptions = {
  executablePath: process.env.HOCBA_CHROMIUM ?? '/usr/bin/chromium',
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

// HOCBA_E2E_PORT lets two checkouts run their browser tests side by side.
const port = process.env.HOCBA_E2E_PORT ?? '3210';
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  // Two cores: the server, Chromium and one test already fill them.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 30_000,
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'desktop',
      use: { viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'phone',
      use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
    },
  ],
  // The debug server built by `cargo xtask build-site`, on its own port and a fresh SQLite
  // database each run, serving the same wasm-release client that ships.
  webServer: {
    command: 'bash ../scripts/e2e-server.sh',
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
