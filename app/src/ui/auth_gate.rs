//! Who is signed in, loaded once per page view, and the gate in front of every private page.
use crate::api::auth::{current_user, Me, Visitor};
use crate::domain::role::Role;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[derive(Clone, Copy)]
pub struct VisitorResource(pub Resource<Result<Visitor, AppError>>);

pub fn provide_visitor() {
    provide_context(VisitorResource(Resource::new(|| (), |_| current_user())));
}

pub fn use_visitor() -> Option<Resource<Result<Visitor, AppError>>> {
    use_context::<VisitorResource>().map(|v| v.0)
}

/// Full page load: after signing in or out, everything on the page belongs to someone else.
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Renders `page` for a signed-in person holding one of `roles` (any role when empty);
/// sends everyone else to the login page or says they may not see it.
#[component]
pub fn Gate<F, V>(
    #[prop(optional)] roles: &'static [Role],
    /// The password page must open while a temporary password is still to be changed.
    #[prop(optional)]
    allow_pending_password: bool,
    page: F,
) -> impl IntoView
where
    F: Fn(Me) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let visitor = use_visitor();
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || {
                let page = page.clone();
                Suspend::new(async move {
                    let Some(visitor) = visitor else {
                        return view! { <Redirect path="/login" /> }.into_any();
                    };
                    match visitor.await {
                        Ok(Visitor::SignedIn(me)) => {
                            let allowed = roles.is_empty() || roles.iter().any(|r| me.roles.contains(r));
                            if me.must_change_password && !allow_pending_password {
                                view! { <Redirect path="/account/password" /> }.into_any()
                            } else if !allowed {
                                view! { <super::pages::forbidden::Forbidden me /> }.into_any()
                            } else {
                                page(me).into_view().into_any()
                            }
                        }
                        Ok(Visitor::SessionExpired) => {
                            view! { <Redirect path="/login?expired=1" /> }.into_any()
                        }
                        Ok(Visitor::Anonymous) | Err(_) => {
                            view! { <Redirect path="/login" /> }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}
