//! Production analytics: runs, counts and machine states from the floor; OEE, trends and alerts.

pub mod page;
