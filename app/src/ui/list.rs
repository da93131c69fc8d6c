//! The parts of every admin list: the query in the URL (so a list can be
//! bookmarked and works without WASM), a search box, sortable headers, a pager.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::list_query::{ListQuery, Page};

/// The list query in the current URL.
pub fn use_list_query() -> Memo<ListQuery> {
    let params = use_query_map();
    Memo::new(move |_| {
        params.with(|p| ListQuery {
            page: p.get("page").and_then(|v| v.parse().ok()).unwrap_or(1),
            search: p.get("search").unwrap_or_default(),
            sort: p.get("sort").unwrap_or_default(),
            desc: p.get("desc").is_some_and(|v| v == "true"),
        })
    })
}

/// `base` with `query` in its query string.
pub fn list_href(base: &str, query: &ListQuery) -> String {
    let mut parts = Vec::new();
    if query.page() > 1 {
        parts.push(format!("page={}", query.page()));
    }
    if !query.search.is_empty() {
        parts.push(format!("search={}", percent_encode(&query.search)));
    }
    if !query.sort.is_empty() {
        parts.push(format!("sort={}", percent_encode(&query.sort)));
    }
    if query.desc {
        parts.push("desc=true".into());
    }
    if parts.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", parts.join("&"))
    }
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A search field; submitting starts again at page 1.
#[component]
pub fn SearchBox(#[prop(into)] base: String, query: Memo<ListQuery>) -> impl IntoView {
    let t = use_i18n();
    view! {
        <Form method="GET" action=base attr:class="search-box" attr:role="search">
            <label class="visually-hidden" for="search">{t.search}</label>
            <input id="search" type="search" name="search" placeholder=t.search prop:value=move || query.get().search maxlength="100"/>
            <input type="hidden" name="sort" value=move || query.get().sort/>
            <button type="submit" class="icon-button">{t.search}</button>
        </Form>
    }
}

/// A column header that sorts by `column`, flipping direction on a second click.
#[component]
pub fn SortHeader(
    label: &'static str,
    column: &'static str,
    #[prop(into)] base: String,
    query: Memo<ListQuery>,
) -> impl IntoView {
    let href = {
        let base = base.clone();
        move || {
            let current = query.get();
            let desc = current.sort == column && !current.desc;
            list_href(&base, &ListQuery { page: 1, sort: column.to_string(), desc, ..current })
        }
    };
    let sorted = move || {
        let current = query.get();
        match (current.sort == column, current.desc) {
            (true, false) => "ascending",
            (true, true) => "descending",
            _ => "none",
        }
    };
    view! {
        <th scope="col" aria-sort=sorted>
            <a href=href>{label}</a>
        </th>
    }
}

/// Previous / next page links and where we are.
#[component]
pub fn Pager(#[prop(into)] base: String, query: Memo<ListQuery>, total: u64, pages: u64) -> impl IntoView {
    let t = use_i18n();
    let page = query.get_untracked().page();
    let link = |to: u64| list_href(&base, &ListQuery { page: to, ..query.get_untracked() });
    view! {
        <nav class="pager" aria-label=t.pages>
            {(page > 1).then(|| view! { <a class="icon-button" href=link(page - 1) rel="prev">{t.previous}</a> })}
            <span>{t.page_of.replace("{page}", &page.to_string()).replace("{pages}", &pages.to_string()).replace("{total}", &total.to_string())}</span>
            {(page < pages).then(|| view! { <a class="icon-button" href=link(page + 1) rel="next">{t.next}</a> })}
        </nav>
    }
}

/// A list page's heading with its search box and any further controls.
#[component]
pub fn ListHeader(
    title: &'static str,
    #[prop(into)] base: String,
    query: Memo<ListQuery>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>{title}</h1>
            <div class="page-controls">
                <SearchBox base=base query/>
                {children.map(|c| c())}
            </div>
        </header>
    }
}

/// A list page's body: loading, error and empty states, the table, the pager.
/// `head` renders the header cells, `row` one `<tr>` per row.
#[component]
pub fn PagedTable<T, Head, HeadView, Row, RowView>(
    #[prop(into)] base: String,
    query: Memo<ListQuery>,
    page: Resource<Result<Page<T>, AppError>>,
    head: Head,
    row: Row,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Head: Fn() -> HeadView + Clone + Send + Sync + 'static,
    HeadView: IntoView + 'static,
    Row: Fn(T) -> RowView + Clone + Send + Sync + 'static,
    RowView: IntoView + 'static,
{
    let t = use_i18n();
    view! {
        <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || page.get().map(|result| match result {
                Ok(page) if page.rows.is_empty() => view! { <p class="empty-state">{t.no_rows}</p> }.into_any(),
                Ok(page) => {
                    let pages = page.pages();
                    let (head, row) = (head.clone(), row.clone());
                    view! {
                        <div class="table-scroll">
                            <table class="data-table">
                                <thead><tr>{head()}</tr></thead>
                                <tbody>{page.rows.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        </div>
                        <Pager base=base.clone() query total=page.total pages/>
                    }.into_any()
                }
                Err(error) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_carry_only_what_differs_from_the_default() {
        assert_eq!(list_href("/x", &ListQuery::default()), "/x");
        let query = ListQuery { page: 2, search: "a b&c".into(), sort: "code".into(), desc: true };
        assert_eq!(list_href("/x", &query), "/x?page=2&search=a%20b%26c&sort=code&desc=true");
    }
}
