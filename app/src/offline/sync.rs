//! The sync engine: the only sender of grid and attendance edits. An edit is stored in the outbox (IndexedDB)
//! before anything is sent; the engine replays the signed-in person's edits in order, one
//! request at a time, whenever the browser is online, backing off while the server does not
//! answer. Pages showing a sheet listen for what becomes of its edits; the header shows the
//! state of the whole outbox. On the server (SSR) everything here is inert.
use super::queue::{Counts, Edit, Settled, SheetKey};
use leptos::prelude::*;

/// What the header shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncState {
    pub online: bool,
    pub counts: Counts,
    /// The session ended: edits wait until the person signs in again.
    pub signed_out: bool,
}

impl Default for SyncState {
    fn default() -> Self {
        SyncState {
            online: true,
            counts: Counts::default(),
            signed_out: false,
        }
    }
}

/// What happens to an edit, told to the page showing its sheet.
#[derive(Clone, Debug)]
pub enum Event {
    Sending(Edit),
    /// Not answered (no connection, the server down): kept, sent again later.
    Waiting(Edit),
    Settled(Edit, Settled),
}

pub use imp::*;

#[cfg(not(feature = "hydrate"))]
mod imp {
    use super::*;
    use crate::api::grade_grid::GradeGrid;
    use crate::error::AppError;
    use crate::i18n::Lang;
    use std::rc::Rc;

    pub fn state() -> Signal<SyncState> {
        Signal::stored(SyncState::default())
    }
    pub fn online() -> bool {
        true
    }
    pub fn start(_user_id: i64, _name: String, _lang: Lang) {}
    pub fn submit(_edits: Vec<Edit>) {}
    pub fn listen(_sheet: SheetKey, _f: Rc<dyn Fn(&Event)>) -> u64 {
        0
    }
    pub fn unlisten(_id: u64) {}
    pub fn resolve(_sheet: SheetKey, _target: super::super::queue::Target) {}
    pub fn dismiss(_id: String) {}
    pub fn kept_edits() -> Vec<Edit> {
        Vec::new()
    }
    pub fn user_id() -> Option<i64> {
        None
    }
    pub fn new_id() -> String {
        String::new()
    }
    pub fn next_seq() -> u64 {
        0
    }
    pub fn now_ms() -> i64 {
        0
    }
    pub async fn edits_of(_sheet: SheetKey) -> Vec<Edit> {
        Vec::new()
    }
    pub async fn kept_sheet(_sheet: SheetKey) -> Option<GradeGrid> {
        None
    }
    pub async fn remember(_grid: GradeGrid) {}
    pub async fn clear_device() {}
    pub async fn load_grid(class: i64, subject: i64, semester: i64) -> Result<GradeGrid, AppError> {
        crate::api::grade_grid::load_grade_grid(class, subject, semester).await
    }
}

#[cfg(feature = "hydrate")]
mod imp {
    use super::super::queue::{Change, Queue, Target};
    use super::super::send::{send, Failure};
    use super::super::{snapshot, store};
    use super::*;
    use crate::api::grade_grid::GradeGrid;
    use crate::error::AppError;
    use crate::i18n::Lang;
    use std::cell::RefCell;
    use std::collections::HashSet;
    use std::rc::Rc;

    /// A page showing a sheet, told what becomes of its edits.
    type Listener = Rc<dyn Fn(&Event)>;

    struct User {
        id: i64,
        name: String,
        lang: Lang,
    }

    #[derive(Default)]
    struct Engine {
        queue: Queue,
        user: Option<User>,
        loaded: bool,
        running: bool,
        failures: u32,
        signed_out: bool,
        listeners: Vec<(u64, SheetKey, Listener)>,
        next_listener: u64,
        counter: u64,
        watching: bool,
    }

    thread_local! {
        static ENGINE: RefCell<Engine> = RefCell::new(Engine::default());
        static STATE: ArcRwSignal<SyncState> = ArcRwSignal::new(SyncState::default());
    }

    fn with<R>(f: impl FnOnce(&mut Engine) -> R) -> R {
        ENGINE.with(|e| f(&mut e.borrow_mut()))
    }

    pub fn online() -> bool {
        window().navigator().on_line()
    }

    pub fn state() -> Signal<SyncState> {
        let s = STATE.with(Clone::clone);
        Signal::derive(move || s.get())
    }

    fn publish() {
        let next = with(|e| SyncState {
            online: online(),
            counts: e
                .user
                .as_ref()
                .map(|u| e.queue.counts(u.id))
                .unwrap_or_default(),
            signed_out: e.signed_out,
        });
        STATE.with(|s| {
            if s.get_untracked() != next {
                s.set(next);
            }
        });
    }

    pub fn user_id() -> Option<i64> {
        with(|e| e.user.as_ref().map(|u| u.id))
    }

    pub fn now_ms() -> i64 {
        js_sys::Date::now() as i64
    }

    /// Entry order across reloads: the clock, then a counter within the millisecond.
    pub fn next_seq() -> u64 {
        let n = with(|e| {
            e.counter = e.counter.wrapping_add(1);
            e.counter % 1000
        });
        (now_ms().max(0) as u64) * 1000 + n
    }

    pub fn new_id() -> String {
        window()
            .crypto()
            .map(|c| c.random_uuid())
            .unwrap_or_else(|_| {
                format!("{}-{}", next_seq(), (js_sys::Math::random() * 1e15) as u64)
            })
    }

    /// The person signed in on this page: their kept edits are loaded and sent.
    pub fn start(user_id: i64, name: String, lang: Lang) {
        let fresh = with(|e| {
            if e.user.as_ref().is_some_and(|u| u.id == user_id) {
                return false;
            }
            e.user = Some(User {
                id: user_id,
                name,
                lang,
            });
            e.loaded = false;
            e.signed_out = false;
            true
        });
        if !fresh {
            return;
        }
        watch_connection();
        leptos::task::spawn_local(async {
            let stored = store::outbox().await;
            with(|e| {
                let mine: Vec<Edit> = e.queue.edits().to_vec();
                let known: HashSet<String> = mine.iter().map(|m| m.id.clone()).collect();
                let mut all: Vec<Edit> = stored
                    .into_iter()
                    .filter(|s| !known.contains(&s.id))
                    .collect();
                all.extend(mine);
                e.queue = Queue::restore(all);
                e.loaded = true;
            });
            publish();
            kick();
        });
    }

    fn watch_connection() {
        let first = with(|e| !std::mem::replace(&mut e.watching, true));
        if !first {
            return;
        }
        gloo_events::EventListener::new(&window(), "online", |_| {
            with(|e| e.failures = 0);
            publish();
            kick();
        })
        .forget();
        gloo_events::EventListener::new(&window(), "offline", |_| publish()).forget();
    }

    /// Keeps the edits (durably first) and sends them when it can.
    pub fn submit(edits: Vec<Edit>) {
        let Some(user) = user_id() else {
            leptos::logging::warn!("offline: edits before sign-in are not kept");
            return;
        };
        let edits: Vec<Edit> = edits
            .into_iter()
            .map(|mut e| {
                e.user_id = user;
                e
            })
            .collect();
        leptos::task::spawn_local(async move {
            let first: Vec<Change> = edits
                .iter()
                .map(|e| Change::Put(Box::new(e.clone())))
                .collect();
            store::apply(&first).await;
            let changes = with(|e| {
                let mut changes = Vec::new();
                for edit in edits {
                    let id = edit.id.clone();
                    changes.extend(e.queue.add(edit));
                    if !e.queue.edits().iter().any(|x| x.id == id) {
                        changes.push(Change::Delete(id)); // merged into an earlier edit
                    }
                }
                changes
            });
            store::apply(&changes).await;
            publish();
            kick();
        });
    }

    fn kick() {
        let go = with(|e| {
            if e.running || !e.loaded || e.user.is_none() {
                return false;
            }
            e.running = true;
            true
        });
        if go {
            leptos::task::spawn_local(run());
        }
    }

    async fn run() {
        loop {
            if !online() {
                break;
            }
            let next = with(|e| {
                let user = e.user.as_ref()?;
                let (id, lang) = (user.id, user.lang);
                e.queue.next_batch(id).map(|b| (b, lang))
            });
            let Some((batch, lang)) = next else { break };
            notify(batch.edits.iter().cloned().map(Event::Sending).collect());
            publish();
            match send(&batch, lang).await {
                Ok(answers) => {
                    let (changes, settled) = with(|e| {
                        e.failures = 0;
                        e.signed_out = false;
                        e.queue.settle(&batch, answers)
                    });
                    store::apply(&changes).await;
                    remember_saved(batch.sheet, &settled).await;
                    notify(
                        settled
                            .into_iter()
                            .map(|(e, s)| Event::Settled(e, s))
                            .collect(),
                    );
                }
                Err(failure) => {
                    let changes = with(|e| {
                        match failure {
                            Failure::Transient => e.failures = e.failures.saturating_add(1),
                            Failure::SignedOut => e.signed_out = true,
                        }
                        e.queue.unanswered(&batch)
                    });
                    store::apply(&changes).await;
                    notify(batch.edits.iter().cloned().map(Event::Waiting).collect());
                    if matches!(failure, Failure::Transient) {
                        retry_later();
                    }
                    break;
                }
            }
        }
        with(|e| e.running = false);
        publish();
    }

    /// 1 s, 2 s, 4 s … up to 30 s between attempts while the server does not answer.
    fn retry_later() {
        let failures = with(|e| e.failures);
        let ms = 1000u32
            .saturating_mul(1 << failures.min(5).saturating_sub(1))
            .min(30_000);
        gloo_timers::callback::Timeout::new(ms, kick).forget();
    }

    fn notify(events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        let listeners = with(|e| e.listeners.clone());
        for ev in &events {
            let sheet = match ev {
                Event::Sending(e) | Event::Waiting(e) | Event::Settled(e, _) => e.sheet,
            };
            for (_, s, f) in &listeners {
                if *s == sheet {
                    f(ev);
                }
            }
        }
        publish();
    }

    pub fn listen(sheet: SheetKey, f: Rc<dyn Fn(&Event)>) -> u64 {
        with(|e| {
            e.next_listener += 1;
            let id = e.next_listener;
            e.listeners.push((id, sheet, f));
            id
        })
    }

    pub fn unlisten(id: u64) {
        with(|e| e.listeners.retain(|(l, _, _)| *l != id));
    }

    /// The teacher took the server's value: the cell's conflict is forgotten.
    pub fn resolve(sheet: SheetKey, target: Target) {
        let changes = with(|e| match e.user.as_ref() {
            Some(u) => {
                let id = u.id;
                e.queue.resolve(id, sheet, target)
            }
            None => Vec::new(),
        });
        leptos::task::spawn_local(async move {
            store::apply(&changes).await;
            publish();
        });
    }

    /// A refused edit the teacher has read (or copied).
    pub fn dismiss(id: String) {
        let changes = with(|e| e.queue.dismiss(&id));
        leptos::task::spawn_local(async move {
            store::apply(&changes).await;
            publish();
        });
    }

    /// The signed-in person's kept edits (waiting, in conflict, refused), oldest first.
    pub fn kept_edits() -> Vec<Edit> {
        with(|e| match e.user.as_ref() {
            Some(u) => {
                let id = u.id;
                e.queue.of_user(id).cloned().collect()
            }
            None => Vec::new(),
        })
    }

    /// The kept edits of one sheet, once the outbox has been read back.
    pub async fn edits_of(sheet: SheetKey) -> Vec<Edit> {
        for _ in 0..250 {
            if with(|e| e.loaded) {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(20).await;
        }
        kept_edits()
            .into_iter()
            .filter(|e| e.sheet == sheet)
            .collect()
    }

    pub async fn kept_sheet(sheet: SheetKey) -> Option<GradeGrid> {
        kept_sheet_by_key(&snapshot::key(sheet)).await
    }

    /// Keeps a sheet as loaded (or merged with what the device held), dropping the oldest.
    pub async fn remember(mut grid: GradeGrid) {
        let Some(user_id) = user_id() else { return };
        grid.offline_copy_at = None;
        let key = snapshot::key(snapshot::sheet_of(&grid));
        let kept = snapshot::Snapshot {
            user_id,
            stored_at: now_ms() / 1000,
            grid,
        };
        let Ok(json) = serde_json::to_string(&kept) else {
            return;
        };
        store::put_sheet(&key, &json).await;
        let keys = store::sheet_keys().await;
        if keys.len() > snapshot::KEEP {
            let mut ages = Vec::new();
            for k in keys {
                let at = store::sheet(&k)
                    .await
                    .and_then(|j| serde_json::from_str::<snapshot::Snapshot>(&j).ok())
                    .map_or(0, |s| s.stored_at);
                ages.push((k, at));
            }
            for k in snapshot::to_drop(ages) {
                store::delete_sheet(&k).await;
            }
        }
    }

    async fn remember_saved(sheet: SheetKey, settled: &[(Edit, Settled)]) {
        let saved: Vec<(&Edit, i64)> = settled
            .iter()
            .filter_map(|(e, s)| match s {
                Settled::Saved { version, .. } => Some((e, *version)),
                _ => None,
            })
            .collect();
        if saved.is_empty() {
            return;
        }
        let Some(mut grid) = kept_sheet(sheet).await else {
            return;
        };
        let by = with(|e| e.user.as_ref().map(|u| u.name.clone())).unwrap_or_default();
        let at = now_ms() / 1000;
        for (edit, version) in saved {
            snapshot::patch(&mut grid, edit, version, &by, at);
        }
        remember(grid).await;
    }

    /// The sheet from the server, kept for later; without a connection, the kept copy.
    pub fn load_grid(
        class: i64,
        subject: i64,
        semester: i64,
    ) -> impl std::future::Future<Output = Result<GradeGrid, AppError>> + Send {
        // IndexedDB's futures stay on the page's one thread; resources ask for `Send`.
        send_wrapper::SendWrapper::new(load_grid_here(class, subject, semester))
    }

    async fn load_grid_here(
        class: i64,
        subject: i64,
        semester: i64,
    ) -> Result<GradeGrid, AppError> {
        match crate::api::grade_grid::load_grade_grid(class, subject, semester).await {
            Ok(grid) => {
                let kept = grid.clone();
                leptos::task::spawn_local(remember(kept));
                Ok(grid)
            }
            Err(AppError::BadRequest(m)) if m == "network" => {
                // The address holds the semester's number, the keys its id: look through them.
                for key in store::sheet_keys().await {
                    let Some(grid) = kept_sheet_by_key(&key).await else {
                        continue;
                    };
                    if grid.class_id == class
                        && grid.subject_id == subject
                        && grid.semester_number == semester
                    {
                        return Ok(grid);
                    }
                }
                Err(AppError::BadRequest(m))
            }
            Err(e) => Err(e),
        }
    }

    async fn kept_sheet_by_key(key: &str) -> Option<GradeGrid> {
        let json = store::sheet(key).await?;
        let kept: snapshot::Snapshot = serde_json::from_str(&json).ok()?;
        if user_id().is_some_and(|me| me != kept.user_id) {
            return None;
        }
        let mut grid = kept.grid;
        grid.offline_copy_at = Some(kept.stored_at);
        Some(grid)
    }

    /// Signing out: nothing of this person stays on the device.
    pub async fn clear_device() {
        with(|e| {
            e.queue = Queue::default();
            e.user = None;
            e.loaded = false;
        });
        store::clear().await;
        publish();
    }
}
