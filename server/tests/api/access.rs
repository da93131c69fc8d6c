//! Every server function answers 401 without a session and 403 to a role it does
//! not allow. The list of functions comes from the running registry, so a new
//! server function without an access rule fails here (and is refused at runtime).

use std::collections::BTreeSet;

use app::auth::model::Role;
use app::auth::policy::{rules, Access};

use crate::helpers::{browser, operator_browser, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(every_server_function_checks_sign_in_and_role);

fn registered_paths() -> BTreeSet<String> {
    leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_string()).collect()
}

#[test]
fn every_registered_server_function_has_an_access_rule_and_no_rule_is_stale() {
    let registered = registered_paths();
    // The machine feed's routes are plain HTTP routes, not server functions.
    let ruled: BTreeSet<String> =
        rules().filter(|(_, access)| *access != Access::DeviceToken).map(|(path, _)| path.to_string()).collect();
    let missing: Vec<_> = registered.difference(&ruled).collect();
    let stale: Vec<_> = ruled.difference(&registered).collect();
    assert!(missing.is_empty(), "server functions without an entry in a feature's ACCESS list (gathered in app::auth::policy::POLICY): {missing:?}");
    assert!(stale.is_empty(), "POLICY entries without a server function: {stale:?}");
    assert!(registered.len() >= 20, "the registry looks incomplete: {registered:?}");
}

async fn every_server_function_checks_sign_in_and_role(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let mut signed_in = Vec::new();
    for (role, email) in [
        (Role::PlatformAdmin, "platform@floorcast.local"),
        (Role::TenantAdmin, "admin@acme.example"),
        (Role::Supervisor, "supervisor@acme.example"),
    ] {
        signed_in.push((role, app.signed_in(email).await));
    }
    signed_in.push((Role::Operator, operator_browser(&app).await));
    let anonymous = browser();

    let mut checked = 0;
    for (path, access) in rules() {
        let status = app.call(&anonymous, path, &[]).await.status().as_u16();
        match access {
            Access::Public => assert!(status != 401 && status != 403, "{path} is public but answered {status}"),
            // A session is no token: every signed-in browser is refused like an anonymous one.
            Access::DeviceToken => {
                assert_eq!(status, 401, "{path} without a token");
                for (role, client) in &signed_in {
                    let status = app.call(client, path, &[]).await.status().as_u16();
                    assert_eq!(status, 401, "{path} must refuse {role:?}'s session");
                    checked += 1;
                }
            }
            Access::Roles(allowed) => {
                assert_eq!(status, 401, "{path} without a session");
                for (role, client) in &signed_in {
                    let status = app.call(client, path, &[]).await.status().as_u16();
                    if allowed.contains(role) {
                        assert!(status != 401 && status != 403, "{path} refused {role:?} ({status})");
                    } else {
                        assert_eq!(status, 403, "{path} must refuse {role:?}");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 4 * 15, "only {checked} role checks ran");
}
