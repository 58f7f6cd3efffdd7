//! The admin's accounts page: find, create, assign roles, reset passwords, disable.
use crate::api::admin_users::{
    list_users, CreateUser, ResetPassword, SetUserActive, SetUserRoles, TemporaryPassword,
    UserSummary,
};
use crate::api::auth::Me;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

/// The page's actions and the account list, created once per page view.
#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateUser>,
    set_roles: ServerAction<SetUserRoles>,
    reset: ServerAction<ResetPassword>,
    set_active: ServerAction<SetUserActive>,
    users: Resource<Result<Vec<UserSummary>, AppError>>,
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let set_roles = ServerAction::<SetUserRoles>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let users = Resource::new(
        move || {
            (
                create.version().get(),
                set_roles.version().get(),
                reset.version().get(),
                set_active.version().get(),
            )
        },
        |_| list_users(),
    );
    let actions = Actions {
        create,
        set_roles,
        reset,
        set_active,
        users,
    };
    view! {
        <Title text=t(Msg::NavUsers) />
        <Gate roles=&[Role::Admin] page=move |me: Me| view! { <Layout me=me.clone()><Users me actions /><super::family_accounts::FamilyAccountsPanel /></Layout> } />
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Who {
    Staff,
    Families,
    All,
}

#[component]
fn Users(me: Me, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let Actions {
        create,
        set_roles,
        reset,
        set_active,
        users,
    } = actions;
    let query = RwSignal::new(String::new());
    let who = RwSignal::new(Who::Staff);
    let me_id = me.user_id;

    // The result of the latest action, whichever it was, as one message for the live region.
    let last = RwSignal::new(None::<Result<Option<TemporaryPassword>, AppError>>);
    Effect::new(move |_| create.value().get().map(|r| last.set(Some(r.map(Some)))));
    Effect::new(move |_| reset.value().get().map(|r| last.set(Some(r.map(Some)))));
    Effect::new(move |_| {
        set_roles
            .value()
            .get()
            .map(|r| last.set(Some(r.map(|_| None))))
    });
    Effect::new(move |_| {
        set_active
            .value()
            .get()
            .map(|r| last.set(Some(r.map(|_| None))))
    });
    let outcome = move || last.get();

    view! {
        <h1>{t(Msg::NavUsers)}</h1>
        <div role="status" aria-live="polite" data-testid="admin-outcome">
            {move || outcome().map(|r| match r {
                Ok(Some(p)) => view! {
                    <div class="notice temp-password">
                        <p>{Msg::TemporaryPasswordFor.with(lang, &[("username", &p.username)])}</p>
                        <p><code data-testid="temp-password">{p.password}</code></p>
                        <p class="hint">{t(Msg::TemporaryPasswordHint)}</p>
                    </div>
                }.into_any(),
                Ok(None) => ().into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
            })}
        </div>
        <CreateForm create />
        <section class="panel wide">
            <h2>{t(Msg::AccountList)}</h2>
            <div class="filters">
                <label for="user-search">{t(Msg::Search)}</label>
                <input id="user-search" type="search" prop:value=query
                    on:input=move |ev| query.set(event_target_value(&ev)) />
                <label for="user-who">{t(Msg::Show)}</label>
                <select id="user-who" on:change=move |ev| who.set(match event_target_value(&ev).as_str() {
                    "families" => Who::Families,
                    "all" => Who::All,
                    _ => Who::Staff,
                })>
                    <option value="staff">{t(Msg::FilterStaff)}</option>
                    <option value="families">{t(Msg::FilterFamilies)}</option>
                    <option value="all">{t(Msg::FilterAll)}</option>
                </select>
            </div>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                        Ok(list) => view! {
                            <UserTable list query who me_id set_roles reset set_active />
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CreateForm(create: ServerAction<CreateUser>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let full_name = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::<Role>::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateUser {
            username: username.get_untracked(),
            full_name: full_name.get_untracked(),
            roles: roles.get_untracked(),
        });
    };
    view! {
        <section class="panel wide">
            <h2>{t(Msg::CreateAccount)}</h2>
            <form class="stack" on:submit=on_submit data-testid="create-user">
                <label for="new-username">{t(Msg::Username)}</label>
                <input id="new-username" required autocapitalize="none" prop:value=username
                    on:input=move |ev| username.set(event_target_value(&ev)) />
                <label for="new-full-name">{t(Msg::FullName)}</label>
                <input id="new-full-name" required prop:value=full_name
                    on:input=move |ev| full_name.set(event_target_value(&ev)) />
                <RolePicker roles legend=Msg::Roles />
                <button type="submit" disabled=move || create.pending().get()>{t(Msg::CreateAccount)}</button>
            </form>
        </section>
    }
}

#[component]
fn RolePicker(roles: RwSignal<Vec<Role>>, legend: Msg) -> impl IntoView {
    view! {
        <fieldset class="roles">
            <legend>{t(legend)}</legend>
            {Role::ALL.into_iter().map(|r| view! {
                <label class="check">
                    <input type="checkbox" value=r.code()
                        prop:checked=move || roles.with(|rs| rs.contains(&r))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            roles.update(|rs| {
                                rs.retain(|x| *x != r);
                                if on { rs.push(r); }
                            });
                        } />
                    {t(r.label())}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn UserTable(
    list: Vec<UserSummary>,
    query: RwSignal<String>,
    who: RwSignal<Who>,
    me_id: i64,
    set_roles: ServerAction<SetUserRoles>,
    reset: ServerAction<ResetPassword>,
    set_active: ServerAction<SetUserActive>,
) -> impl IntoView {
    let list = StoredValue::new(list);
    let visible = move || {
        let q = query.get().to_lowercase();
        let w = who.get();
        list.with_value(|l| {
            l.iter()
                .filter(|u| {
                    let family = !u.roles.is_empty() && u.roles.iter().all(|r| r.is_family());
                    match w {
                        Who::Staff => !family,
                        Who::Families => family,
                        Who::All => true,
                    }
                })
                .filter(|u| {
                    q.is_empty()
                        || u.username.contains(&q)
                        || u.full_name.to_lowercase().contains(&q)
                })
                .take(200)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="table-wrap">
        <table class="table users" data-testid="users">
            <thead><tr>
                <th scope="col">{t(Msg::Username)}</th>
                <th scope="col">{t(Msg::FullName)}</th>
                <th scope="col">{t(Msg::Roles)}</th>
                <th scope="col">{t(Msg::Status)}</th>
                <th scope="col"><span class="sr-only">{t(Msg::Actions)}</span></th>
            </tr></thead>
            <tbody>
                <For each=visible key=|u| (u.id, u.roles.clone(), u.is_active) let:u>
                    <UserRow user=u me_id set_roles reset set_active />
                </For>
            </tbody>
        </table>
        </div>
    }
}

#[component]
fn UserRow(
    user: UserSummary,
    me_id: i64,
    set_roles: ServerAction<SetUserRoles>,
    reset: ServerAction<ResetPassword>,
    set_active: ServerAction<SetUserActive>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let roles = RwSignal::new(user.roles.clone());
    let id = user.id;
    let active = user.is_active;
    let status = if !user.is_active {
        Msg::StatusDisabled
    } else if user.must_change_password {
        Msg::StatusMustChange
    } else {
        Msg::StatusActive
    };
    view! {
        <tr data-username=user.username.clone()>
            <td><code>{user.username.clone()}</code></td>
            <td>{user.full_name.clone()}</td>
            <td>
                <Show when=move || editing.get() fallback={
                    let current = user.roles.clone();
                    move || current.iter().map(|r| view! { <span class="chip">{t(r.label())}</span> }).collect_view()
                }>
                    <RolePicker roles legend=Msg::Roles />
                    <button type="button" on:click=move |_| {
                        set_roles.dispatch(SetUserRoles { user_id: id, roles: roles.get_untracked() });
                        editing.set(false);
                    }>{t(Msg::Save)}</button>
                </Show>
            </td>
            <td>{t(status)}</td>
            <td><div class="actions">
                <button type="button" class="secondary" on:click=move |_| editing.update(|e| *e = !*e)>
                    {t(Msg::EditRoles)}
                </button>
                <button type="button" class="secondary" on:click=move |_| {
                    reset.dispatch(ResetPassword { user_id: id });
                }>{t(Msg::ResetPassword)}</button>
                {(id != me_id).then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| {
                        set_active.dispatch(SetUserActive { user_id: id, active: !active });
                    }>{t(if active { Msg::Disable } else { Msg::Enable })}</button>
                })}
            </div></td>
        </tr>
    }
}
