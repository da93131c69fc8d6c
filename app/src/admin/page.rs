//! The administration hub: links to every list the signed-in role may open.

use leptos::prelude::*;
use leptos_meta::Title;

use super::catalog::spec::CatalogKind;
use crate::auth::api::current_user;
use crate::auth::model::Role;
use crate::i18n::use_i18n;
use crate::ui::layout::PageHeader;

#[component]
pub fn AdminPage() -> impl IntoView {
    let t = use_i18n();
    let user = Resource::new(|| (), |_| current_user());
    view! {
        <Title text=t.admin_title/>
        <section class="page">
            <PageHeader title=t.admin_title intro=t.admin_intro/>
            <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || user.get().map(|found| {
                    let role = found.ok().flatten().map(|u| u.role);
                    match role {
                        Some(Role::PlatformAdmin) => view! {
                            <div class="cards">
                                <a class="card" href="/admin/tenants"><h2>{t.admin_tenants}</h2></a>
                            </div>
                        }.into_any(),
                        Some(Role::TenantAdmin) => view! {
                            <div class="cards">
                                <a class="card" href="/admin/users"><h2>{t.admin_users}</h2></a>
                                {CatalogKind::ALL.map(|kind| view! {
                                    <a class="card" href=format!("/admin/catalog/{}", kind.slug())><h2>{(kind.spec().title)(t)}</h2></a>
                                }).collect_view()}
                                <a class="card" href="/admin/devices"><h2>{t.devices_title}</h2></a>
                                <a class="card" href="/admin/loss-rules"><h2>{t.loss_rules_title}</h2></a>
                                <a class="card" href="/admin/audit"><h2>{t.admin_audit}</h2></a>
                            </div>
                        }.into_any(),
                        _ => view! {
                            <p class="empty-state">{t.sign_in_needed} " " <a href="/login">{t.login_link}</a></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
