//! The device's copy, in IndexedDB: the outbox (one record per edit, keyed by its id) and the
//! gradebooks opened recently (one record per sheet). Records are JSON text: the types are ours
//! and serde already describes them. Every failure is logged and survived: without storage
//! (a private window that refuses it) the grid still saves online.
use super::queue::{Change, Edit};
use rexie::{ObjectStore, Rexie, TransactionMode};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

const DB_NAME: &str = "hocba-offline";
const OUTBOX: &str = "outbox";
const SHEETS: &str = "sheets";

thread_local! {
    static DB: RefCell<Option<Rc<Rexie>>> = const { RefCell::new(None) };
}

fn warn(what: &str, e: impl std::fmt::Debug) {
    leptos::logging::warn!("offline store: {what}: {e:?}");
}

async fn db() -> Option<Rc<Rexie>> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Some(db);
    }
    let built = Rexie::builder(DB_NAME)
        .version(1)
        .add_object_store(ObjectStore::new(OUTBOX))
        .add_object_store(ObjectStore::new(SHEETS))
        .build()
        .await;
    match built {
        Ok(db) => {
            let db = Rc::new(db);
            DB.with(|d| *d.borrow_mut() = Some(db.clone()));
            Some(db)
        }
        Err(e) => {
            warn("open", e);
            None
        }
    }
}

/// Every edit kept on this device (any user's: the caller filters).
pub async fn outbox() -> Vec<Edit> {
    let Some(db) = db().await else {
        return Vec::new();
    };
    let read = async {
        let tx = db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        tx.store(OUTBOX)?.get_all(None, None).await
    };
    match read.await {
        Ok(values) => values
            .into_iter()
            .filter_map(|v| v.as_string())
            .filter_map(|json| serde_json::from_str(&json).ok())
            .collect(),
        Err(e) => {
            warn("read outbox", e);
            Vec::new()
        }
    }
}

/// Stores and forgets as told, in one transaction; returns once it is durable.
pub async fn apply(changes: &[Change]) -> bool {
    if changes.is_empty() {
        return true;
    }
    let Some(db) = db().await else {
        return false;
    };
    let write = async {
        let tx = db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
        let store = tx.store(OUTBOX)?;
        for change in changes {
            match change {
                Change::Put(edit) => {
                    let json = serde_json::to_string(edit).unwrap_or_default();
                    store
                        .put(
                            &JsValue::from_str(&json),
                            Some(&JsValue::from_str(&edit.id)),
                        )
                        .await?;
                }
                Change::Delete(id) => store.delete(JsValue::from_str(id)).await?,
            }
        }
        tx.done().await?;
        Ok::<_, rexie::Error>(())
    };
    match write.await {
        Ok(()) => true,
        Err(e) => {
            warn("write outbox", e);
            false
        }
    }
}

pub async fn sheet(key: &str) -> Option<String> {
    let db = db().await?;
    let read = async {
        let tx = db.transaction(&[SHEETS], TransactionMode::ReadOnly)?;
        tx.store(SHEETS)?.get(JsValue::from_str(key)).await
    };
    match read.await {
        Ok(v) => v.and_then(|v| v.as_string()),
        Err(e) => {
            warn("read sheet", e);
            None
        }
    }
}

pub async fn put_sheet(key: &str, json: &str) {
    let Some(db) = db().await else { return };
    let write = async {
        let tx = db.transaction(&[SHEETS], TransactionMode::ReadWrite)?;
        let store = tx.store(SHEETS)?;
        store
            .put(&JsValue::from_str(json), Some(&JsValue::from_str(key)))
            .await?;
        tx.done().await?;
        Ok::<_, rexie::Error>(())
    };
    if let Err(e) = write.await {
        warn("write sheet", e);
    }
}

pub async fn sheet_keys() -> Vec<String> {
    let Some(db) = db().await else {
        return Vec::new();
    };
    let read = async {
        let tx = db.transaction(&[SHEETS], TransactionMode::ReadOnly)?;
        tx.store(SHEETS)?.get_all_keys(None, None).await
    };
    read.await
        .map(|keys| keys.into_iter().filter_map(|k| k.as_string()).collect())
        .unwrap_or_default()
}

pub async fn delete_sheet(key: &str) {
    let Some(db) = db().await else { return };
    let write = async {
        let tx = db.transaction(&[SHEETS], TransactionMode::ReadWrite)?;
        tx.store(SHEETS)?.delete(JsValue::from_str(key)).await?;
        tx.done().await?;
        Ok::<_, rexie::Error>(())
    };
    if let Err(e) = write.await {
        warn("delete sheet", e);
    }
}

/// Everything this device keeps (signing out on a shared computer).
pub async fn clear() {
    let Some(db) = db().await else { return };
    let write = async {
        let tx = db.transaction(&[OUTBOX, SHEETS], TransactionMode::ReadWrite)?;
        tx.store(OUTBOX)?.clear().await?;
        tx.store(SHEETS)?.clear().await?;
        tx.done().await?;
        Ok::<_, rexie::Error>(())
    };
    if let Err(e) = write.await {
        warn("clear", e);
    }
}
