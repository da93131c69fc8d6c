//! Forecasting & replenishment: demand history, forecasts, inventory policy and purchase suggestions.

pub mod page;
