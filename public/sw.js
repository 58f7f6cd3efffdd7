// Hocba's service worker: keeps the app shell (the WASM, its JavaScript, the stylesheet, the
// split-out modules of the lazy routes) and the pages the teacher opened, so that reloading a
// page or reopening the browser without a connection still shows it. The data a page shows
// comes with its HTML (server-rendered, the resources serialised in it), so a kept page is
// whole. Edits made offline are the page's business (IndexedDB outbox), not this file's.
//
// Plain JavaScript served as is from `public/` (no build step). Registered with scope `/` by
// `app/src/offline/shell.rs` once the page has hydrated. The server sends it with
// `Cache-Control: no-cache`, so the browser sees a new version of this file at once.
//
// Caches (every name starts with `hocba-`, then the version of this file's cache layout):
//   hocba-shell-v1-<hash>  the files of one build, listed in /pkg/precache.json (written by
//                          `cargo xtask build-site`); <hash> is that list's content hash, so a
//                          new build gets a new cache and the old one is deleted.
//   hocba-pages-v1-<hash>  the HTML of each page opened online, under its URL. Tied to the build
//                          too: a page hydrates only with the WASM it was rendered for, so the
//                          pages of an old build are dropped with its shell (the teacher's own
//                          edits live in IndexedDB and are not affected).
//   hocba-meta-v1          which shell cache is the current one.
// Bump VERSION when the layout or the rules below change: activate deletes every other cache.

'use strict';

const VERSION = 'v1';
const PREFIX = 'hocba-';
const SHELL_PREFIX = `${PREFIX}shell-${VERSION}-`;
const PAGES_PREFIX = `${PREFIX}pages-${VERSION}-`;
const META_CACHE = `${PREFIX}meta-${VERSION}`;
const META_KEY = '/__hocba-sw/current';
const PRECACHE_URL = '/pkg/precache.json';
const OFFLINE_URL = '/offline.html';

// A navigation waits this long for the network before a kept page is shown instead: on a weak
// connection that hangs, the teacher gets the page rather than a blank tab.
const NAVIGATION_TIMEOUT_MS = 4000;
// A new build is looked for after a page came from the network, at most this often.
const BUILD_CHECK_INTERVAL_MS = 60 * 1000;
// Files of the shell fetched at the same time (browsers open about six connections per server).
const PRECACHE_CONNECTIONS = 2;

// Paths this worker never answers (the browser deals with them as if there were no worker):
// server functions, the language switch (a redirect setting a cookie), signing in and out.
const NEVER_PATHS = ['/api/', '/lang/', '/login', '/logout', '/healthz'];
// Downloads are made on demand from current data and must never come from a cache.
const NEVER_EXTENSIONS = ['.xlsx', '.pdf', '.json', '.csv', '.zip'];

// Clients (tabs) whose page this worker answered from the cache. Their scripts, WASM and
// stylesheet come from the cache too, at once, without waiting for a network that just
// failed: the page then runs the files of the build it was kept with. The set lives as long
// as the worker; if the browser stops the worker meanwhile, those clients fall back to the
// network-first rule below, which also ends on the cache when offline.
const offlineClients = new Set();
let lastBuildCheck = 0;
// The address each tab was last seen on and whose page was kept (see followClient).
const followed = new Map();
// Requests that do not trigger keeping the tab's page: signing in and out change who may see it.
const NO_FOLLOW = ['/api/login', '/api/logout'];

self.addEventListener('install', (event) => {
  // The new build's files must all be kept before this worker takes over: an install that
  // cannot fetch them fails, and the previous worker (if any) stays.
  event.waitUntil(refreshShell({ force: true }).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const current = await currentShell();
      const keep = new Set([META_CACHE]);
      if (current) {
        keep.add(current);
        keep.add(pagesFor(current));
      }
      // Older layouts (another VERSION) and older builds go; other sites' caches cannot be
      // seen from here, and other caches of this origin are left alone.
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith(PREFIX) && !keep.has(n)).map((n) => caches.delete(n)),
      );
      await self.clients.claim();
    })(),
  );
});

// `{type: 'clear'}`: deletes every cache of this origin (signing out on a shared school
// computer must leave no page behind). Answers `{type: 'cleared'}` on the message's port if
// one came with it (MessageChannel), else to the sender.
self.addEventListener('message', (event) => {
  const data = event.data;
  // `{type: 'keep', url}`: the page's address changed inside the app (app/src/offline/shell.rs).
  if (data && data.type === 'keep' && typeof data.url === 'string' && event.source) {
    event.waitUntil(keepClientPage(event.source.id, data.url));
    return;
  }
  if (!data || data.type !== 'clear') {
    return;
  }
  event.waitUntil(
    (async () => {
      offlineClients.clear();
      followed.clear();
      lastBuildCheck = 0;
      const names = await caches.keys();
      await Promise.all(names.map((n) => caches.delete(n)));
      const answer = { type: 'cleared' };
      if (event.ports && event.ports[0]) {
        event.ports[0].postMessage(answer);
      } else if (event.source) {
        event.source.postMessage(answer);
      }
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode !== 'navigate' && event.clientId && !NO_FOLLOW.includes(url.pathname)) {
    event.waitUntil(followClient(event.clientId));
  }
  if (request.method !== 'GET' || isNever(url.pathname)) {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigation(event));
    return;
  }
  if (url.pathname.startsWith('/pkg/') || url.pathname === '/favicon.svg' || url.pathname === OFFLINE_URL) {
    event.respondWith(asset(event));
  }
  // Anything else (none today) goes to the network untouched.
});

function isNever(path) {
  if (NEVER_PATHS.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p))) {
    return true;
  }
  const lower = path.toLowerCase();
  return NEVER_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

// A page: network first; each 200 HTML answer is kept under its URL. Without an answer within
// NAVIGATION_TIMEOUT_MS (or with no network at all), the kept page of that URL, else the
// offline page.
async function navigation(event) {
  const request = event.request;
  const key = pageKey(request.url);
  const network = fetch(request).then(
    (response) => {
      const copy = response.clone();
      // A new build is looked for first, so that this page (of the new build) is kept with it.
      event.waitUntil(checkBuild().then(() => keepPage(key, copy)));
      if (event.resultingClientId) {
        followed.set(event.resultingClientId, key);
      }
      return response;
    },
    () => null,
  );
  // Keeping the page must finish even when the timeout answered first.
  event.waitUntil(network);
  const response = await Promise.race([network, delay(NAVIGATION_TIMEOUT_MS)]);
  if (response) {
    offlineClients.delete(event.resultingClientId);
    return response;
  }
  const kept = await keptPage(key);
  if (event.resultingClientId) {
    offlineClients.add(event.resultingClientId);
  }
  if (kept) {
    return kept;
  }
  const offline = await fromShell(OFFLINE_URL);
  return offline || Response.error();
}

// Keeps a successful page; forgets the kept copy when the server now refuses or redirects
// (signed out, session expired, no longer allowed): a page the server would not show must
// not be shown offline either. A server error (5xx) leaves the kept copy alone.
async function keepPage(key, response) {
  const shell = await currentShell();
  if (!shell) {
    return;
  }
  const pages = await caches.open(pagesFor(shell));
  const type = response.headers.get('content-type') || '';
  if (response.status === 200 && !response.redirected && response.type === 'basic' && type.startsWith('text/html')) {
    await pages.put(key, response);
  } else if (response.status < 500) {
    await pages.delete(key);
  }
}

async function keptPage(key) {
  const shell = await currentShell();
  if (!shell) {
    return undefined;
  }
  const pages = await caches.open(pagesFor(shell));
  return pages.match(key, { ignoreVary: true });
}

// Pages the app shows after an in-app link (the router changes the address without a
// navigation the worker would see) are kept too: the page tells the worker its new address
// (message `keep`), and the worker, if it has not kept that address for this tab yet, fetches
// the page itself and keeps it. That is one more server render per page opened inside the app,
// the price of finding it offline. A tab's requests also lead here, with the address the tab
// was opened at (Chromium's `client.url` does not follow `history.pushState`): that keeps the
// first page, loaded before the worker took control.
async function followClient(clientId) {
  await keepClientPage(clientId);
}

async function keepClientPage(clientId, href) {
  if (offlineClients.has(clientId)) {
    return;
  }
  const client = await self.clients.get(clientId);
  if (!client || client.type !== 'window') {
    return;
  }
  const url = new URL(href || client.url, self.location.origin);
  if (url.origin !== self.location.origin || isNever(url.pathname) || url.pathname === OFFLINE_URL) {
    return;
  }
  const key = pageKey(url.href);
  if (followed.get(clientId) === key) {
    return;
  }
  followed.set(clientId, key);
  try {
    const response = await fetch(key, {
      cache: 'no-store',
      redirect: 'manual',
      headers: { Accept: 'text/html' },
    });
    await keepPage(key, response);
  } catch (err) {
    // Offline or the server is down: the next request of this tab tries again.
    followed.delete(clientId);
  }
}

// The key of a page: its URL without the fragment (the query string selects what is shown).
function pageKey(href) {
  const url = new URL(href);
  url.hash = '';
  return url.href;
}

// The app shell's files. Network first, so that online the browser always runs the WASM and
// JavaScript of the build that rendered the HTML (their names carry no hash: an old WASM
// with a new page breaks hydration). Cache-first keyed by the build hash would save a
// request, but this worker learns of a new build only after the new HTML has arrived, and
// the page's files are requested before it could switch. Each file fetched is kept, so the
// shell cache follows the build in use. The cache answers when the network fails, and at
// once for a page that was itself answered from the cache (see offlineClients).
async function asset(event) {
  const request = event.request;
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  if (offlineClients.has(event.clientId)) {
    const kept = await fromShell(key);
    if (kept) {
      return kept;
    }
  }
  try {
    const response = await fetch(request);
    if (response.status === 200 && !response.redirected && response.type === 'basic') {
      const copy = response.clone();
      event.waitUntil(
        currentShell().then((shell) => shell && caches.open(shell).then((c) => c.put(key, copy))),
      );
    }
    return response;
  } catch (err) {
    const kept = await fromShell(key);
    if (kept) {
      return kept;
    }
    throw err;
  }
}

async function fromShell(key) {
  const shell = await currentShell();
  if (!shell) {
    return undefined;
  }
  const cache = await caches.open(shell);
  return cache.match(key, { ignoreVary: true });
}

// The name of the current shell cache, or undefined before the first install finished or
// after a clear.
async function currentShell() {
  const meta = await caches.open(META_CACHE);
  const entry = await meta.match(META_KEY);
  if (!entry) {
    return undefined;
  }
  const name = await entry.text();
  return (await caches.has(name)) ? name : undefined;
}

function pagesFor(shell) {
  return PAGES_PREFIX + shell.slice(SHELL_PREFIX.length);
}

// After a page came from the network: is there a new build (or were the caches cleared)?
// At most once per BUILD_CHECK_INTERVAL_MS; failures are ignored (the next page tries again).
async function checkBuild() {
  const now = Date.now();
  if (now - lastBuildCheck < BUILD_CHECK_INTERVAL_MS) {
    return;
  }
  lastBuildCheck = now;
  try {
    await refreshShell({ force: false });
  } catch (err) {
    console.warn('hocba sw: build check failed', err);
  }
}

// Fetches the precache list (never from the HTTP cache) and, if its hash names a cache other
// than the current one, fills that cache with every file of the list, makes it current and
// deletes the shell and pages caches of older builds. `force` (install) fills it even when it
// seems current, so that a half-filled cache is completed; install fails if a file is missing.
async function refreshShell({ force }) {
  const answer = await fetch(PRECACHE_URL, { cache: 'no-store' });
  if (!answer.ok) {
    throw new Error(`${PRECACHE_URL}: HTTP ${answer.status}`);
  }
  const list = await answer.json();
  if (typeof list.hash !== 'string' || !Array.isArray(list.files)) {
    throw new Error(`${PRECACHE_URL}: unexpected content`);
  }
  const name = SHELL_PREFIX + list.hash;
  const current = await currentShell();
  if (current === name && !force) {
    return;
  }
  await fill(await caches.open(name), list.files);
  const meta = await caches.open(META_CACHE);
  await meta.put(META_KEY, new Response(name));
  if (current && current !== name) {
    // Pages of the previous build keep their shell until the worker activates (install) or
    // go now (a new build found by checkBuild).
    if (!force) {
      await caches.delete(current);
      await caches.delete(pagesFor(current));
    }
  }
}

// Fetches and keeps `files`, PRECACHE_CONNECTIONS at a time: `cache.addAll` would ask for all
// of them (hundreds of split-out modules) at once, and the browser's few connections to the
// server would serve the page the teacher is opening only after them. Fails if one file does.
async function fill(cache, files) {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next];
      next += 1;
      // `no-cache`: revalidated with the server, so a file of the previous build kept by the
      // HTTP cache (the server lets /pkg/ be kept for 5 minutes) does not enter the new cache.
      const response = await fetch(new Request(file, { cache: 'no-cache' }));
      if (response.status !== 200) {
        throw new Error(`${file}: HTTP ${response.status}`);
      }
      await cache.put(file, response);
    }
  };
  await Promise.all(Array.from({ length: PRECACHE_CONNECTIONS }, worker));
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms));
}
