//! Shared components every feature uses: the page layout, the theme switch, the
//! ECharts wrapper, dashboard polling and the "last updated" slot.

pub mod chart;
pub mod form;
pub mod layout;
pub mod list;
pub mod polling;
pub mod theme;
