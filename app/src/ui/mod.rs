//! Shared components every feature uses: the page layout, the theme switch, the
//! ECharts wrapper, dashboard polling with its freshness line, and stat cards.

pub mod chart;
pub mod download;
pub mod form;
pub mod layout;
pub mod list;
pub mod list_query;
pub mod polling;
pub mod stat_card;
pub mod theme;
