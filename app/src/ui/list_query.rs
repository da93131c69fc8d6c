//! Paginated, searchable, sortable lists: the query a list page sends and the
//! page of rows it gets back. Shared by every list of every feature; the SQL side
//! of the search is `db::search`.

use serde::{Deserialize, Serialize};

/// Rows per page.
pub const PER_PAGE: u64 = 25;
/// Longest search text accepted (longer is cut).
pub const MAX_SEARCH_CHARS: usize = 100;

/// What a list page asks for. Every field has a safe default, so a bare URL works.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    /// 1-based; 0 is read as 1.
    #[serde(default)]
    pub page: u64,
    #[serde(default)]
    pub search: String,
    /// A column name; anything not sortable falls back to the default order.
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub desc: bool,
}

impl ListQuery {
    pub fn page(&self) -> u64 {
        self.page.max(1)
    }

    pub fn offset(&self) -> u64 {
        (self.page() - 1) * PER_PAGE
    }

    /// The search text, trimmed and bounded, or `None` when empty.
    pub fn search_text(&self) -> Option<String> {
        let text: String = self.search.trim().chars().take(MAX_SEARCH_CHARS).collect();
        (!text.is_empty()).then_some(text)
    }

    /// A `LIKE` pattern matching lower-cased `text` anywhere, with `%`, `_` and `\` escaped.
    pub fn like_pattern(text: &str) -> String {
        let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        format!("%{escaped}%")
    }
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: u64,
    pub page: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(PER_PAGE).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_one_based_and_bounded() {
        let query = ListQuery { page: 0, ..Default::default() };
        assert_eq!((query.page(), query.offset()), (1, 0));
        let query = ListQuery { page: 3, ..Default::default() };
        assert_eq!(query.offset(), 50);
        let page = Page::<()> { rows: vec![], total: 51, page: 1 };
        assert_eq!(page.pages(), 3);
        assert_eq!(Page::<()> { rows: vec![], total: 0, page: 1 }.pages(), 1);
    }

    #[test]
    fn search_is_trimmed_bounded_and_escaped() {
        let query = ListQuery { search: format!("  {}  ", "x".repeat(500)), ..Default::default() };
        assert_eq!(query.search_text().unwrap().len(), MAX_SEARCH_CHARS);
        assert_eq!(ListQuery::default().search_text(), None);
        assert_eq!(ListQuery::like_pattern("50%_A\\"), "%50\\%\\_a\\\\%");
    }
}
