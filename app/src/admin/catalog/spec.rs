//! What each kind of master data holds: its table, fields, and their rules.
//! One description drives the form, the list, validation, storage and CSV import.

use serde::{Deserialize, Serialize};

use super::validate::Value;
use crate::domain::floor_alerts::{AlertKind, ALERT_KIND_CODES};
use crate::domain::shift_calendar::{parse_date, parse_shift, CalendarError};
use crate::forms::FieldError;
use crate::i18n::Catalogue;

/// A kind of master data a tenant administrator maintains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogKind {
    Facilities,
    WorkCenters,
    Materials,
    Vendors,
    Bins,
    DowntimeReasons,
    ScrapReasons,
    AlertRules,
    Shifts,
    Holidays,
    Products,
    CycleTimes,
}

impl CatalogKind {
    pub const ALL: [CatalogKind; 12] = [
        CatalogKind::Facilities,
        CatalogKind::WorkCenters,
        CatalogKind::Materials,
        CatalogKind::Vendors,
        CatalogKind::Bins,
        CatalogKind::DowntimeReasons,
        CatalogKind::ScrapReasons,
        CatalogKind::AlertRules,
        CatalogKind::Shifts,
        CatalogKind::Holidays,
        CatalogKind::Products,
        CatalogKind::CycleTimes,
    ];

    /// The URL segment: `/admin/catalog/<slug>`.
    pub fn slug(self) -> &'static str {
        match self {
            CatalogKind::Facilities => "facilities",
            CatalogKind::WorkCenters => "work-centers",
            CatalogKind::Materials => "materials",
            CatalogKind::Vendors => "vendors",
            CatalogKind::Bins => "bins",
            CatalogKind::DowntimeReasons => "downtime-reasons",
            CatalogKind::ScrapReasons => "scrap-reasons",
            CatalogKind::AlertRules => "alert-rules",
            CatalogKind::Shifts => "shifts",
            CatalogKind::Holidays => "holidays",
            CatalogKind::Products => "products",
            CatalogKind::CycleTimes => "cycle-times",
        }
    }

    pub fn from_slug(slug: &str) -> Option<CatalogKind> {
        CatalogKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn spec(self) -> &'static CatalogSpec {
        match self {
            CatalogKind::Facilities => &FACILITIES,
            CatalogKind::WorkCenters => &WORK_CENTERS,
            CatalogKind::Materials => &MATERIALS,
            CatalogKind::Vendors => &VENDORS,
            CatalogKind::Bins => &BINS,
            CatalogKind::DowntimeReasons => &DOWNTIME_REASONS,
            CatalogKind::ScrapReasons => &SCRAP_REASONS,
            CatalogKind::AlertRules => &ALERT_RULES,
            CatalogKind::Shifts => &SHIFTS,
            CatalogKind::Holidays => &HOLIDAYS,
            CatalogKind::Products => &PRODUCTS,
            CatalogKind::CycleTimes => &CYCLE_TIMES,
        }
    }

    /// Whether rows can be loaded from a CSV file.
    pub fn importable(self) -> bool {
        matches!(self, CatalogKind::Materials | CatalogKind::Bins)
    }
}

/// The kind of value a field holds, with its bounds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldKind {
    /// Free text up to `max` characters.
    Text {
        max: usize,
    },
    /// An identifier: letters, digits, `-`, `_`, `.`, `/`; unique per tenant.
    Code {
        max: usize,
    },
    Email,
    /// One of a fixed list.
    Choice(&'static [&'static str]),
    Integer {
        min: i64,
        max: i64,
    },
    Decimal {
        min: f64,
        max: f64,
    },
    /// The id of a row of another kind, of the same tenant.
    Reference(CatalogKind),
    /// Yes or no (`yes` / `no` in forms and CSV); left empty, `default`.
    Flag {
        default: bool,
    },
}

#[derive(Debug)]
pub struct FieldSpec {
    /// The column name, also the form field and CSV header.
    pub name: &'static str,
    pub label: fn(&Catalogue) -> &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// Shown in the list (the rest only in the form).
    pub listed: bool,
}

/// How a table records when a row was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamp {
    /// `created_at`, set once.
    CreatedAt,
    /// `updated_at`, set on every save.
    UpdatedAt,
}

#[derive(Debug)]
pub struct CatalogSpec {
    pub kind: CatalogKind,
    pub table: &'static str,
    pub title: fn(&Catalogue) -> &'static str,
    pub fields: &'static [FieldSpec],
    pub stamp: Stamp,
    /// Rules across fields, checked once every field is valid on its own.
    pub row_check: Option<RowCheck>,
    /// Two fields no two rows of a tenant may share both of (checked against the database).
    pub unique_pair: Option<[&'static str; 2]>,
}

/// Problems of a row whose fields are each valid (one message per field at fault).
pub type RowCheck = fn(&[(&'static str, Value)], &Catalogue) -> Vec<FieldError>;

impl CatalogSpec {
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Columns that free-text search looks in.
    pub fn searchable(&self) -> impl Iterator<Item = &FieldSpec> {
        self.fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Text { .. } | FieldKind::Code { .. } | FieldKind::Email))
    }
}

const fn field(
    name: &'static str,
    label: fn(&Catalogue) -> &'static str,
    kind: FieldKind,
    required: bool,
    listed: bool,
) -> FieldSpec {
    FieldSpec { name, label, kind, required, listed }
}

const CODE: FieldSpec = field("code", |t| t.field_code, FieldKind::Code { max: 32 }, true, true);
const NAME: FieldSpec = field("name", |t| t.field_name, FieldKind::Text { max: 200 }, true, true);
const MM: FieldKind = FieldKind::Decimal { min: 0.0, max: 100_000.0 };

pub const UNITS: &[&str] = &["pcs", "kg", "m", "m2", "l", "sheet", "roll", "box", "pallet"];
/// Bin types and storage rules, as `app::domain::putaway` knows them (m0019 checks the same lists).
pub const BIN_KINDS: &[&str] = &["pallet_rack", "shelf", "floor", "cross_dock"];
pub const STORAGE_RULES: &[&str] = &["empty_only", "same_material", "same_lot", "mixed"];
pub const WORK_CENTER_KINDS: &[&str] = &["press", "finishing", "binding", "packaging", "other"];
/// Which loss a stop of a downtime reason is (see `app::domain::oee::StopLoss`).
pub const STOP_LOSSES: &[&str] = &["breakdown", "setup_adjustment", "planned_stop_excluded", "planned_stop_counted"];
const ACTIVE: FieldSpec = field("active", |t| t.field_active, FieldKind::Flag { default: true }, false, true);

static FACILITIES: CatalogSpec = CatalogSpec {
    kind: CatalogKind::Facilities,
    table: "facilities",
    title: |t| t.catalog_facilities,
    stamp: Stamp::CreatedAt,
    row_check: Some(known_time_zone),
    unique_pair: None,
    fields: &[CODE, NAME, field("timezone", |t| t.field_timezone, FieldKind::Text { max: 64 }, true, true)],
};

static VENDORS: CatalogSpec = CatalogSpec {
    kind: CatalogKind::Vendors,
    table: "vendors",
    title: |t| t.catalog_vendors,
    stamp: Stamp::UpdatedAt,
    row_check: None,
    unique_pair: None,
    fields: &[
        CODE,
        NAME,
        field("email", |t| t.field_email, FieldKind::Email, false, true),
        field("lead_time_days", |t| t.field_lead_time_days, FieldKind::Integer { min: 0, max: 365 }, true, true),
    ],
};

static MATERIALS: CatalogSpec = CatalogSpec {
    kind: CatalogKind::Materials,
    table: "materials",
    title: |t| t.catalog_materials,
    stamp: Stamp::UpdatedAt,
    row_check: None,
    unique_pair: None,
    fields: &[
        field("code", |t| t.field_sku, FieldKind::Code { max: 64 }, true, true),
        NAME,
        field("unit", |t| t.field_unit, FieldKind::Choice(UNITS), true, true),
        field("unit_length_mm", |t| t.field_unit_length_mm, MM, true, false),
        field("unit_width_mm", |t| t.field_unit_width_mm, MM, true, false),
        field("unit_height_mm", |t| t.field_unit_height_mm, MM, true, false),
        field("unit_weight_kg", |t| t.field_unit_weight_kg, FieldKind::Decimal { min: 0.0, max: 50_000.0 }, true, true),
        field("lead_time_days", |t| t.field_lead_time_days, FieldKind::Integer { min: 0, max: 365 }, true, true),
        field("service_level", |t| t.field_service_level, FieldKind::Decimal { min: 0.5, max: 0.9999 }, true, false),
        field("order_cost", |t| t.field_order_cost, FieldKind::Decimal { min: 0.0, max: 1_000_000.0 }, true, false),
        field(
            "holding_cost_rate",
            |t| t.field_holding_cost_rate,
            FieldKind::Decimal { min: 0.0, max: 1.0 },
            true,
            false,
        ),
        field(
            "min_order_qty",
            |t| t.field_min_order_qty,
            FieldKind::Decimal { min: 0.0, max: 1_000_000_000.0 },
            true,
            false,
        ),
        field(
            "order_multiple",
            |t| t.field_order_multiple,
            FieldKind::Decimal { min: 0.0001, max: 1_000_000_000.0 },
            true,
            false,
        ),
        field("vendor_id", |t| t.field_vendor, FieldKind::Reference(CatalogKind::Vendors), false, true),
        field("case_length_mm", |t| t.field_case_length_mm, MM, false, false),
        field("case_width_mm", |t| t.field_case_width_mm, MM, false, false),
        field("case_height_mm", |t| t.field_case_height_mm, MM, false, false),
        field(
            "case_weight_kg",
            |t| t.field_case_weight_kg,
            FieldKind::Decimal { min: 0.0, max: 50_000.0 },
            false,
            false,
        ),
        field(
            "units_per_case",
            |t| t.field_units_per_case,
            FieldKind::Integer { min: 1, max: 1_000_000 },
            false,
            false,
        ),
        field("this_side_up", |t| t.field_this_side_up, FieldKind::Flag { default: false }, false, false),
        field("stackable", |t| t.field_stackable, FieldKind::Flag { default: true }, false, false),
    ],
};

static WORK_CENTERS: CatalogSpec = CatalogSpec {
    kind: CatalogKind::WorkCenters,
    table: "work_centers",
    title: |t| t.catalog_work_centers,
    stamp: Stamp::UpdatedAt,
    row_check: None,
    unique_pair: None,
    fields: &[
        CODE,
        NAME,
        field("facility_id", |t| t.field_facility, FieldKind::Reference(CatalogKind::Facilities), true, true),
        field("kind", |t| t.field_work_center_kind, FieldKind::Choice(WORK_CENTER_KINDS), true, true),
        field(
            "ideal_rate_per_hour",
            |t| t.field_ideal_rate_per_hour,
            FieldKind::Decimal { min: 0.0001, max: 10_000_000.0 },
            false,
            true,
        ),
        field(
            "unexplained_after_min",
            |t| t.field_unexplained_after_min,
            FieldKind::Integer { min: 1, max: 240 },
            false,
            false,
        ),
    ],
};

static BINS: CatalogSpec = CatalogSpec {
    kind: CatalogKind::Bins,
    table: "bin_locations",
    title: |t| t.catalog_bins,
    stamp: Stamp::UpdatedAt,
    row_check: None,
    unique_pair: None,
    fields: &[
        CODE,
        field("facility_id", |t| t.field_facility, FieldKind::Reference(CatalogKind::Facilities), true, true),
        field("zone", |t| t.field_zone, FieldKind::Text { max: 32 }, true, true),
        field("length_mm", |t| t.field_length_mm, MM, true, true),
        field("width_mm", |t| t.field_width_mm, MM, true, true),
        field("height_mm", |t| t.field_height_mm, MM, true, true),
        field("max_weight_kg", |t| t.field_max_weight_kg, FieldKind::Decimal { min: 0.0, max: 100_000.0 }, true, true),
        field("aisle", |t| t.field_aisle, FieldKind::Text { max: 32 }, false, true),
        field("kind", |t| t.field_bin_kind, FieldKind::Choice(BIN_KINDS), false, true),
        field("level", |t| t.field_level, FieldKind::Integer { min: 0, max: 100 }, false, false),
        field("distance_m", |t| t.field_distance_m, FieldKind::Decimal { min: 0.0, max: 100_000.0 }, false, false),
        field("storage_rule", |t| t.field_storage_rule, FieldKind::Choice(STORAGE_RULES), false, false),
        field("max_pieces", |t| t.field_max_pieces, FieldKind::Integer { min: 1, max: 1_000_000_000 }, false, false),
    ],
};

/// The reasons an operator picks for a stop; a retired reason (not active) is no
/// longer offered but old stops keep it.
static DOWNTIME_REASONS: CatalogSpec = CatalogSpec {
    kind: CatalogKind::DowntimeReasons,
    table: "downtime_reasons",
    title: |t| t.catalog_downtime_reasons,
    stamp: Stamp::UpdatedAt,
    row_check: None,
    unique_pair: None,
    fields: &[
        CODE,
        NAME,
        field("loss", |t| t.field_stop_loss, FieldKind::Choice(STOP_LOSSES), true, true),
        field("needs_comment", |t| t.field_needs_comment, FieldKind::Flag { default: false }, false, true),
        ACTIVE,
    ],
};

static SCRAP_REASONS: CatalogSpec = CatalogSpec {
    kind: CatalogKind::ScrapReasons,
    table: "scrap_reasons",
    title: |t| t.catalog_scrap_reasons,
    stamp: Stamp::UpdatedAt,
    row_check: None,
    unique_pair: None,
    fields: &[CODE, NAME, ACTIVE],
};

/// When a work center crosses a threshold, the floor watch raises an alert (see
/// `app::domain::floor_alerts`); no work center means every one of the tenant.
static ALERT_RULES: CatalogSpec = CatalogSpec {
    kind: CatalogKind::AlertRules,
    table: "alert_rules",
    title: |t| t.catalog_alert_rules,
    stamp: Stamp::UpdatedAt,
    row_check: Some(percent_at_most_100),
    unique_pair: None,
    fields: &[
        CODE,
        field("kind", |t| t.field_alert_kind, FieldKind::Choice(&ALERT_KIND_CODES), true, true),
        field(
            "work_center_id",
            |t| t.field_alert_work_center,
            FieldKind::Reference(CatalogKind::WorkCenters),
            false,
            true,
        ),
        field("threshold", |t| t.field_alert_threshold, FieldKind::Decimal { min: 0.0, max: 10_000.0 }, true, true),
        ACTIVE,
    ],
};

/// The text value of the field `name` in a row.
fn text_of<'a>(values: &'a [(&'static str, Value)], name: &str) -> &'a str {
    match values.iter().find(|(field, _)| *field == name) {
        Some((_, Value::Text(text))) => text,
        _ => "",
    }
}

/// A facility's time zone is one the tz database knows: its shift calendar
/// depends on it. (Forms are validated on the server, the only place it is known.)
fn known_time_zone(values: &[(&'static str, Value)], t: &Catalogue) -> Vec<FieldError> {
    #[cfg(feature = "ssr")]
    if !crate::production::calendar::is_time_zone(text_of(values, "timezone")) {
        return vec![FieldError::new("timezone", t.err_time_zone)];
    }
    let _ = (values, t);
    Vec::new()
}

/// A shift's clock times, weekdays and breaks (`domain::shift_calendar`).
fn valid_shift(values: &[(&'static str, Value)], t: &Catalogue) -> Vec<FieldError> {
    let text = |name| text_of(values, name);
    match parse_shift(text("starts_at"), text("ends_at"), text("weekdays"), text("breaks")) {
        Ok(_) => Vec::new(),
        Err((field, error)) => vec![FieldError::new(field, calendar_message(error, t))],
    }
}

fn valid_holiday(values: &[(&'static str, Value)], t: &Catalogue) -> Vec<FieldError> {
    match parse_date(text_of(values, "date")) {
        Ok(_) => Vec::new(),
        Err(error) => vec![FieldError::new("date", calendar_message(error, t))],
    }
}

fn calendar_message(error: CalendarError, t: &Catalogue) -> &'static str {
    match error {
        CalendarError::Clock => t.err_clock,
        CalendarError::Weekdays => t.err_weekdays,
        CalendarError::Breaks => t.err_breaks,
        CalendarError::BreakOutsideShift => t.err_break_outside_shift,
        CalendarError::Date => t.err_date,
    }
}

/// A facility's shifts: when they are worked and their planned breaks; time
/// outside them is not scheduled (`domain::oee::on_calendar`).
static SHIFTS: CatalogSpec = CatalogSpec {
    kind: CatalogKind::Shifts,
    table: "shifts",
    title: |t| t.catalog_shifts,
    stamp: Stamp::UpdatedAt,
    row_check: Some(valid_shift),
    unique_pair: None,
    fields: &[
        CODE,
        NAME,
        field("facility_id", |t| t.field_facility, FieldKind::Reference(CatalogKind::Facilities), true, true),
        field("starts_at", |t| t.field_starts_at, FieldKind::Text { max: 5 }, true, true),
        field("ends_at", |t| t.field_ends_at, FieldKind::Text { max: 5 }, true, true),
        field("weekdays", |t| t.field_weekdays, FieldKind::Text { max: 40 }, true, true),
        field("breaks", |t| t.field_breaks, FieldKind::Text { max: 200 }, false, true),
        ACTIVE,
    ],
};

/// Local dates on which no shift of the facility starts.
static HOLIDAYS: CatalogSpec = CatalogSpec {
    kind: CatalogKind::Holidays,
    table: "holidays",
    title: |t| t.catalog_holidays,
    stamp: Stamp::UpdatedAt,
    row_check: Some(valid_holiday),
    unique_pair: None,
    fields: &[
        CODE,
        NAME,
        field("facility_id", |t| t.field_facility, FieldKind::Reference(CatalogKind::Facilities), true, true),
        field("date", |t| t.field_date, FieldKind::Text { max: 10 }, true, true),
    ],
};

/// A percentage threshold (OEE, scrap rate) above 100 could never be crossed, or always would.
fn percent_at_most_100(values: &[(&'static str, Value)], t: &Catalogue) -> Vec<FieldError> {
    let in_percent = AlertKind::from_code(text_of(values, "kind")).is_some_and(AlertKind::in_percent);
    match values.iter().find(|(field, _)| *field == "threshold").map(|(_, value)| value) {
        Some(Value::Real(threshold)) if in_percent && *threshold > 100.0 => {
            vec![FieldError::new("threshold", t.err_percent_threshold)]
        }
        _ => Vec::new(),
    }
}

/// Seconds per piece: from a fraction of a second (a label press) to a day.
const CYCLE_SECONDS: FieldKind = FieldKind::Decimal { min: 0.001, max: 86_400.0 };

/// What the floor makes; its ideal cycle time holds wherever no work center says otherwise.
static PRODUCTS: CatalogSpec = CatalogSpec {
    kind: CatalogKind::Products,
    table: "products",
    title: |t| t.catalog_products,
    stamp: Stamp::UpdatedAt,
    row_check: None,
    unique_pair: None,
    fields: &[CODE, NAME, field("ideal_cycle_s", |t| t.field_ideal_cycle_s, CYCLE_SECONDS, false, true), ACTIVE],
};

/// A work center's own ideal cycle time for one product (before the product's
/// and the work center's rate: `production::store::ideal_cycle_ms`).
static CYCLE_TIMES: CatalogSpec = CatalogSpec {
    kind: CatalogKind::CycleTimes,
    table: "cycle_times",
    title: |t| t.catalog_cycle_times,
    stamp: Stamp::UpdatedAt,
    row_check: None,
    unique_pair: Some(["product_id", "work_center_id"]),
    fields: &[
        CODE,
        field("product_id", |t| t.field_product, FieldKind::Reference(CatalogKind::Products), true, true),
        field("work_center_id", |t| t.field_work_center, FieldKind::Reference(CatalogKind::WorkCenters), true, true),
        field("ideal_cycle_s", |t| t.field_ideal_cycle_s, CYCLE_SECONDS, true, true),
    ],
};
