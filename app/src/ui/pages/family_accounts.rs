//! The admin's family accounts panel (on the accounts page): create the parent and student
//! accounts of a class or the whole school in one step, and print the credential slips, one
//! page per class, to cut and hand out. The passwords exist only on this screen.
use crate::api::class_admin::load_class_admin;
use crate::api::family_accounts::{create_family_accounts, FamilySlips};
use crate::domain::family_accounts::{AccountKind, Slip};
use crate::i18n::Msg;
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;

#[component]
pub fn FamilyAccountsPanel() -> impl IntoView {
    let lang = use_lang();
    let classes = Resource::new(|| (), |_| load_class_admin(None));
    let class_id = RwSignal::new(None::<i64>);
    let student_accounts = RwSignal::new(false);
    let reissue = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<FamilySlips, String>>);
    let busy = RwSignal::new(false);
    let run = move |_| {
        busy.set(true);
        result.set(None);
        leptos::task::spawn_local(async move {
            let r = create_family_accounts(
                class_id.get_untracked(),
                student_accounts.get_untracked(),
                reissue.get_untracked(),
            )
            .await;
            busy.set(false);
            result.set(Some(r.map_err(|e| e.message(lang))));
        });
    };
    view! {
        <section class="panel family-accounts" data-testid="family-accounts" aria-labelledby="fam-h">
            <h2 id="fam-h">{t(Msg::FamTitle)}</h2>
            <p class="muted">{t(Msg::FamHelp)}</p>
            <div class="fam-form">
                <label>{t(Msg::FamClass)} " "
                    <select data-testid="fam-class"
                        on:change=move |ev| class_id.set(event_target_value(&ev).parse().ok())>
                        <option value="">{t(Msg::FamWholeSchool)}</option>
                        <Transition fallback=|| ()>
                            {move || classes.get().and_then(Result::ok).map(|c| {
                                c.classes.into_iter().map(|c| view! {
                                    <option value=c.id.to_string()>{c.name}</option>
                                }).collect_view()
                            })}
                        </Transition>
                    </select>
                </label>
                <label class="check"><input type="checkbox" data-testid="fam-students"
                    prop:checked=move || student_accounts.get()
                    on:change=move |ev| student_accounts.set(event_target_checked(&ev)) />
                    " " {t(Msg::FamStudentAccounts)}</label>
                <label class="check"><input type="checkbox" data-testid="fam-reissue"
                    prop:checked=move || reissue.get()
                    on:change=move |ev| reissue.set(event_target_checked(&ev)) />
                    " " {t(Msg::FamReissue)}</label>
                <button type="button" class="primary" data-testid="fam-create"
                    disabled=move || busy.get() on:click=run>{t(Msg::FamCreate)}</button>
            </div>
            {move || result.get().map(|r| match r {
                Ok(s) => view! { <Slips s /> }.into_any(),
                Err(m) => view! { <p class="error" role="alert" data-testid="fam-error">{m}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn Slips(s: FamilySlips) -> impl IntoView {
    let lang = use_lang();
    let summary = Msg::FamResult.with(
        lang,
        &[
            ("created", &s.created.to_string()),
            ("reissued", &s.reissued.to_string()),
            ("in_use", &s.in_use.to_string()),
        ],
    );
    let taken = (!s.taken.is_empty()).then(|| {
        let codes = s.taken.join(", ");
        view! { <p class="notice" data-testid="fam-taken">{Msg::FamTaken.with(lang, &[("codes", &codes)])}</p> }
    });
    let mut pages: Vec<(String, Vec<Slip>)> = Vec::new();
    for slip in s.slips {
        match pages.last_mut() {
            Some((class, list)) if *class == slip.class_name => list.push(slip),
            _ => pages.push((slip.class_name.clone(), vec![slip])),
        }
    }
    let site = site();
    let school = s.school_name;
    let body = if pages.is_empty() {
        view! { <p class="muted" data-testid="fam-none">{t(Msg::FamNone)}</p> }.into_any()
    } else {
        view! {
            <p class="notice" role="status">{t(Msg::FamOnce)}</p>
            <p><button type="button" class="button" data-testid="fam-print" on:click=move |_| print()>{t(Msg::FamPrint)}</button></p>
            <div class="slips" data-testid="slips">
                {pages.into_iter().map(|(class, slips)| view! {
                    <section class="slip-page" data-class=class.clone()>
                        <h3>{class.clone()}</h3>
                        <div class="slip-grid">
                            {slips.into_iter().map(|slip| view! {
                                <SlipCard slip school=school.clone() site=site.clone() />
                            }).collect_view()}
                        </div>
                    </section>
                }).collect_view()}
            </div>
        }
        .into_any()
    };
    view! {
        <p class="success" role="status" data-testid="fam-result">{summary}</p>
        {taken}
        {body}
    }
}

#[component]
fn SlipCard(slip: Slip, school: String, site: String) -> impl IntoView {
    let lang = use_lang();
    let (who, how) = match slip.kind {
        AccountKind::Parent => (t(Msg::FamSlipParent), Msg::FamSlipHow),
        AccountKind::Student => (t(Msg::FamSlipStudent), Msg::FamSlipHowStudent),
    };
    view! {
        <article class="slip" data-testid="slip" data-code=slip.student_code.clone()
            data-kind=slip.kind.role_code()>
            <header><strong>{school}</strong> " · " {t(Msg::FamSlipTitle)}</header>
            <p>{who} " " <strong>{slip.student_name}</strong> " · " {slip.class_name}</p>
            <dl>
                <dt>{t(Msg::FamSlipUsername)}</dt>
                <dd class="mono" data-testid="slip-username">{slip.username}</dd>
                <dt>{t(Msg::FamSlipPassword)}</dt>
                <dd class="mono" data-testid="slip-password">{slip.password}</dd>
            </dl>
            <p class="small">{how.with(lang, &[("site", &site)])}</p>
        </article>
    }
}

/// The address families sign in at: this one.
fn site() -> String {
    #[cfg(feature = "hydrate")]
    {
        window().location().origin().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

fn print() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().print();
    }
}
