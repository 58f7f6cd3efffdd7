//! One's tokens for the integration API: create one (shown once), see when each was last used,
//! revoke.
use crate::api::api_tokens::{
    my_api_tokens, ApiScope, ApiTokenInfo, CreateApiToken, RevokeApiToken,
};
use crate::api::auth::Me;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| my_api_tokens(),
    );
    view! {
        <Title text=t(Msg::ApiTokens) />
        <Gate page=move |me: Me| view! { <Layout me><Tokens create revoke tokens /></Layout> } />
    }
}

#[component]
fn Tokens(
    create: ServerAction<CreateApiToken>,
    revoke: ServerAction<RevokeApiToken>,
    tokens: Resource<Result<Vec<ApiTokenInfo>, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let created = move || match create.value().get() {
        Some(Ok(new)) => Some(
            view! {
                <div class="notice" role="status" data-testid="new-token">
                    <p>{t(Msg::ApiTokenCreated)}</p>
                    <p><code class="token">{new.token}</code></p>
                </div>
            }
            .into_any(),
        ),
        Some(Err(e)) => {
            Some(view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any())
        }
        None => None,
    };
    view! {
        <h1>{t(Msg::ApiTokens)}</h1>
        <p class="muted">{t(Msg::ApiTokensIntro)} " "
            <a href="/api/v1/openapi.json" rel="external">{t(Msg::ApiTokenDocs)}</a>
        </p>
        {created}
        <ActionForm action=create attr:aria-label=t(Msg::ApiTokenCreate) attr:class="stack">
            <label>{t(Msg::ApiTokenName)}
                <input type="text" name="name" required maxlength="100" autocomplete="off" />
            </label>
            <fieldset class="scopes">
                <legend>{t(Msg::ApiTokenScopes)}</legend>
                {ApiScope::ALL.into_iter().enumerate().map(|(i, s)| view! {
                    <label class="check">
                        <input type="checkbox" name=format!("scopes[{i}]") value=s.code() />
                        " " <code>{s.code()}</code>
                    </label>
                }).collect_view()}
            </fieldset>
            <label>{t(Msg::ApiTokenExpiresDays)}
                <input type="number" name="expires_days" min="1" max="3650" inputmode="numeric" />
            </label>
            <button type="submit">{t(Msg::ApiTokenCreate)}</button>
        </ActionForm>
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::ApiTokenNone)}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                        <table class="table" data-testid="api-tokens">
                            <thead><tr>
                                <th scope="col">{t(Msg::ApiTokenName)}</th>
                                <th scope="col">{t(Msg::ApiTokenScopes)}</th>
                                <th scope="col">{t(Msg::ApiTokenExpires)}</th>
                                <th scope="col">{t(Msg::ApiTokenLastUsed)}</th>
                                <th scope="col">{t(Msg::Status)}</th>
                                <th scope="col"><span class="sr-only">{t(Msg::Actions)}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|k| {
                                    let status = if k.revoked {
                                        Msg::ApiTokenRevoked
                                    } else if k.expired {
                                        Msg::ApiTokenExpired
                                    } else {
                                        Msg::ApiTokenActive
                                    };
                                    let active = !k.revoked && !k.expired;
                                    view! {
                                        <tr>
                                            <td>{k.name}</td>
                                            <td>{k.scopes.join(" ")}</td>
                                            <td>{k.expires_at.map(date_time).unwrap_or_else(|| t(Msg::ApiTokenNever).to_string())}</td>
                                            <td>{k.last_used_at.map(date_time).unwrap_or_else(|| t(Msg::ApiTokenNeverUsed).to_string())}</td>
                                            <td>{t(status)}</td>
                                            <td>{active.then(|| view! {
                                                <ActionForm action=revoke>
                                                    <input type="hidden" name="id" value=k.id.to_string() />
                                                    <button type="submit" class="secondary">{t(Msg::ApiTokenRevoke)}</button>
                                                </ActionForm>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
