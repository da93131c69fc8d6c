//! The supervisor's runs table under the floor overview: runs newest first,
//! filtered by status, work center and days (on the tenant's home clock), 50 a page, and the same
//! filter downloaded as CSV. The filter applies when the form is sent, so typing
//! a date does not fetch on every key.

use leptos::prelude::*;

use super::api::{production_runs, production_runs_csv, RunsArgs};
use super::model::{RunRow, RunsPage, RUN_STATUSES};
use crate::i18n::{use_i18n, Catalogue};

/// The status as the table says it.
pub fn status_name(status: &str, t: &Catalogue) -> &'static str {
    match status {
        "scheduled" => t.run_scheduled,
        "active" => t.run_active,
        "paused" => t.run_paused,
        "completed" => t.run_completed,
        _ => t.run_cancelled,
    }
}

#[component]
pub fn RunsTable(#[prop(into)] work_centers: Signal<Vec<(i64, String)>>) -> impl IntoView {
    let t = use_i18n();
    let (status, work_center, from, to) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let applied = RwSignal::new(RunsArgs::default());
    let page = RwSignal::new(1u32);
    let runs = Resource::new(
        move || (applied.get(), page.get()),
        |(args, page)| production_runs(args.status, args.work_center_id, args.from, args.to, Some(page)),
    );
    let current = move || RunsArgs {
        status: Some(status.get_untracked()),
        work_center_id: work_center.get_untracked().parse().ok(),
        from: Some(from.get_untracked()),
        to: Some(to.get_untracked()),
    };
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        page.set(1);
        applied.set(current());
    };
    let csv = Action::new(move |args: &RunsArgs| {
        let args = args.clone();
        async move { production_runs_csv(args.status, args.work_center_id, args.from, args.to).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(text)) = csv.value().get() {
            crate::ui::download::offer_download("runs.csv", "text/csv;charset=utf-8", &text);
        }
    });
    view! {
        <section class="runs" aria-labelledby="runs-title">
            <h2 id="runs-title">{t.runs_title}</h2>
            <form class="inline-form" on:submit=show data-testid="runs-filter">
                <label>{t.runs_status}
                    <select prop:value=status on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">{t.runs_any_status}</option>
                        {RUN_STATUSES.iter().map(|s| view! { <option value=*s>{status_name(s, t)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t.runs_work_center}
                    <select prop:value=work_center on:change=move |ev| work_center.set(event_target_value(&ev))>
                        <option value="">{t.runs_all_work_centers}</option>
                        {move || work_centers.get().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t.runs_from}<input type="date" prop:value=from on:input=move |ev| from.set(event_target_value(&ev))/></label>
                <label>{t.runs_to}<input type="date" prop:value=to on:input=move |ev| to.set(event_target_value(&ev))/></label>
                <button type="submit">{t.runs_show}</button>
                <button type="button" class="icon-button" on:click=move |_| { csv.dispatch(current()); } disabled=move || csv.pending().get()>
                    {move || if csv.pending().get() { t.runs_csv_preparing } else { t.runs_csv }}
                </button>
            </form>
            {move || csv.value().get().and_then(Result::err).map(|error| view! { <p class="form-error" role="alert">{error.message}</p> })}
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || runs.get().map(|found| match found {
                    Ok(found) if found.rows.is_empty() => view! { <p class="empty-state">{t.runs_none}</p> }.into_any(),
                    Ok(found) => view! { <RunsPageView found page/> }.into_any(),
                    Err(error) => view! { <p class="form-error" role="alert">{error.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn RunsPageView(found: RunsPage, page: RwSignal<u32>) -> impl IntoView {
    let t = use_i18n();
    let pages = found.total.div_ceil(u64::from(found.per_page.max(1))).max(1);
    let at = found.page;
    let clock = t.runs_clock.replace("{zone}", &found.time_zone);
    view! {
        <p class="hint" data-testid="runs-clock">{clock}</p>
        <div class="table-scroll">
            <table class="data-table" data-testid="runs-table">
                <thead><tr>
                    <th>{t.runs_col_job}</th><th>{t.runs_work_center}</th><th>{t.runs_col_product}</th>
                    <th>{t.runs_status}</th><th class="num">{t.runs_col_planned}</th><th class="num">{t.runs_col_good}</th>
                    <th class="num">{t.runs_col_scrap}</th><th>{t.runs_col_started}</th><th>{t.runs_col_ended}</th><th>{t.runs_col_operator}</th>
                </tr></thead>
                <tbody>{found.rows.into_iter().map(|row| view! { <RunLine row/> }).collect_view()}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label=t.pages>
            {(at > 1).then(|| view! { <button type="button" class="icon-button" on:click=move |_| page.set(at - 1)>{t.previous}</button> })}
            <span>{t.page_of.replace("{page}", &at.to_string()).replace("{pages}", &pages.to_string()).replace("{total}", &found.total.to_string())}</span>
            {(u64::from(at) < pages).then(|| view! { <button type="button" class="icon-button" on:click=move |_| page.set(at + 1)>{t.next}</button> })}
        </nav>
    }
}

#[component]
fn RunLine(row: RunRow) -> impl IntoView {
    let t = use_i18n();
    view! {
        <tr>
            <td>{row.job}</td><td>{row.work_center}</td><td>{row.product}</td><td>{status_name(&row.status, t)}</td>
            <td class="num">{row.planned_quantity}</td><td class="num">{row.good}</td><td class="num">{row.scrap}</td>
            <td>{row.start_local}</td><td>{row.end_local.unwrap_or_default()}</td>
            <td>{row.operator.unwrap_or_default()}</td>
        </tr>
    }
}
