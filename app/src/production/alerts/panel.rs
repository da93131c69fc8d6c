//! The dashboard's alerts panel: the open alerts, longest waiting first, each
//! acknowledged with a comment; then the last week's cleared ones. Drawn in the
//! browser from the poll's `latest` (its "open for N min" is the browser's now).

use std::collections::HashMap;

use leptos::prelude::*;

use super::api::{production_alerts, AlertAcknowledge, ALERTS_ACCESS};
use super::model::{AckOutcome, AlertRow, AlertsBoard};
use crate::admin::catalog::validate::format_decimal;
use crate::auth::api::when_allowed;
use crate::domain::floor_alerts::AlertKind;
use crate::i18n::{use_i18n, Catalogue};
use crate::ui::layout::format_utc_minute;
use crate::ui::polling::{now_ms, use_poll};

#[component]
pub fn AlertsPanel(#[prop(into)] every_secs: Signal<Option<u32>>) -> impl IntoView {
    let t = use_i18n();
    let board = use_poll(every_secs, || when_allowed(ALERTS_ACCESS, production_alerts));
    let acknowledge = ServerAction::<AlertAcknowledge>::new();
    // What this page acknowledged, shown at once: the shared board may be a second behind.
    let acknowledged = RwSignal::new(HashMap::<i64, AlertRow>::new());
    Effect::new(move |_| {
        if let Some(Ok(AckOutcome::Acknowledged { alert })) = acknowledge.value().get() {
            acknowledged.update(|known| {
                known.insert(alert.id, alert);
            });
        }
    });
    let shown = Memo::new(move |_| {
        let mut board: AlertsBoard = board.latest.get().flatten()?;
        let known = acknowledged.get();
        for row in board.open.iter_mut() {
            if let Some(newer) = known.get(&row.id).filter(|_| row.acknowledged_ms.is_none()) {
                *row = newer.clone();
            }
        }
        Some(board)
    });
    let error = move || match acknowledge.value().get() {
        Some(Ok(AckOutcome::Invalid { errors })) => errors.into_iter().next().map(|e| e.message),
        Some(Err(error)) => Some(error.message),
        _ => None,
    };
    view! {
        <section class="alerts" aria-labelledby="alerts-title" data-testid="alerts">
            <h2 id="alerts-title">{t.alerts_title}</h2>
            {move || error().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {move || shown.get().map(|found| view! { <Board found acknowledge/> })}
        </section>
    }
    .into_any()
}

#[component]
fn Board(found: AlertsBoard, acknowledge: ServerAction<AlertAcknowledge>) -> impl IntoView {
    let t = use_i18n();
    let now = now_ms();
    view! {
        {if found.open.is_empty() {
            view! { <p class="empty-state" data-testid="alerts-none">{t.alerts_none_open}</p> }.into_any()
        } else {
            view! {
                <ul class="alert-list">
                    {found.open.into_iter().map(|alert| view! { <OpenAlertItem alert now acknowledge/> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <details class="alert-history">
            <summary>{t.alerts_history.replace("{n}", &found.history.len().to_string())}</summary>
            {if found.history.is_empty() {
                view! { <p class="empty-state">{t.alerts_history_empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="alert-list">
                        {found.history.into_iter().map(|alert| {
                            let (id, text) = (alert.id, describe(&alert, t));
                            let span = format!(" · {} → {}", format_utc_minute(alert.raised_ms),
                                alert.cleared_ms.map(format_utc_minute).unwrap_or_default());
                            view! {
                                <li data-testid=format!("alert-{id}")>
                                    <strong>{alert.work_center.clone()}</strong>" · "{text}
                                    <span class="hint">{span}</span>
                                    <Acknowledgement alert/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </details>
    }
}

#[component]
fn OpenAlertItem(alert: AlertRow, now: i64, acknowledge: ServerAction<AlertAcknowledge>) -> impl IntoView {
    let t = use_i18n();
    let open_min = ((now - alert.raised_ms) / 60_000).max(0);
    let unacknowledged = alert.acknowledged_ms.is_none();
    let id = alert.id;
    view! {
        <li class=if unacknowledged { "alert-open unacknowledged" } else { "alert-open" } data-testid=format!("alert-{id}")>
            <p><strong>{alert.work_center.clone()}</strong>" · "{describe(&alert, t)}</p>
            <p class="hint">{t.alerts_open_for.replace("{since}", &format_utc_minute(alert.raised_ms)).replace("{min}", &open_min.to_string())}</p>
            {if unacknowledged {
                view! {
                    <ActionForm action=acknowledge attr:class="inline-form">
                        <input type="hidden" name="alert_id" value=id.to_string()/>
                        <label class="visually-hidden" for=format!("ack-{id}")>{t.alerts_comment}</label>
                        <input id=format!("ack-{id}") name="comment" required maxlength="500" placeholder=t.alerts_comment data-testid="ack-comment"/>
                        <button type="submit" disabled=move || acknowledge.pending().get()>{t.alerts_acknowledge}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <Acknowledgement alert/> }.into_any()
            }}
        </li>
    }
}

/// "Acknowledged 14:05 by Sam Supervisor: waiting for the fitter", or nothing.
#[component]
fn Acknowledgement(alert: AlertRow) -> impl IntoView {
    let t = use_i18n();
    alert.acknowledged_ms.map(|at| {
        let by = alert.acknowledged_by.unwrap_or_default();
        let text = t.alerts_acknowledged.replace("{at}", &format_utc_minute(at)).replace("{by}", &by);
        view! {
            <p class="alert-ack">{text}": "<q>{alert.ack_comment.unwrap_or_default()}</q></p>
        }
    })
}

/// What the alert is about, with its figures: "OEE 48.2 % below 60 %".
pub fn describe(alert: &AlertRow, t: &Catalogue) -> String {
    let template = match alert.kind {
        AlertKind::OeeBelow => t.alert_oee_below,
        AlertKind::DownLongerThan => t.alert_down_longer_than,
        AlertKind::ScrapRateAbove => t.alert_scrap_rate_above,
        AlertKind::UnexplainedLongerThan => t.alert_unexplained_longer_than,
    };
    template.replace("{value}", &format!("{:.1}", alert.value)).replace("{threshold}", &format_decimal(alert.threshold))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;

    #[test]
    fn an_alert_says_what_crossed_which_threshold() {
        let alert = AlertRow {
            id: 1,
            work_center_id: 2,
            work_center: "PR-01 — Press 1".into(),
            kind: AlertKind::OeeBelow,
            threshold: 60.0,
            value: 48.25,
            raised_ms: 0,
            acknowledged_ms: None,
            acknowledged_by: None,
            ack_comment: None,
            cleared_ms: None,
        };
        assert_eq!(describe(&alert, &EN), "OEE 48.2 % below 60 %");
        let down = AlertRow { kind: AlertKind::DownLongerThan, threshold: 15.0, value: 16.5, ..alert };
        assert_eq!(describe(&down, &EN), "Down longer than 15 min");
    }
}
