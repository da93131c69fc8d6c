//! What a work center was doing from `started_ms` to `ended_ms` (open while it
//! still is). Intervals of one work center never overlap (the store's rule).

use sea_orm::entity::prelude::*;

use crate::domain::oee::MachineState;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "state_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub work_center_id: i64,
    pub state: StateKind,
    pub started_ms: i64,
    pub ended_ms: Option<i64>,
    pub reason_id: Option<i64>,
    pub comment: Option<String>,
    pub recorded_by: i64,
}

/// [`MachineState`] as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum StateKind {
    #[sea_orm(string_value = "running")]
    Running,
    #[sea_orm(string_value = "idle")]
    Idle,
    #[sea_orm(string_value = "setup")]
    Setup,
    #[sea_orm(string_value = "down")]
    Down,
    #[sea_orm(string_value = "maintenance")]
    Maintenance,
    #[sea_orm(string_value = "not_scheduled")]
    NotScheduled,
}

impl From<MachineState> for StateKind {
    fn from(state: MachineState) -> StateKind {
        match state {
            MachineState::Running => StateKind::Running,
            MachineState::Idle => StateKind::Idle,
            MachineState::Setup => StateKind::Setup,
            MachineState::Down => StateKind::Down,
            MachineState::Maintenance => StateKind::Maintenance,
            MachineState::NotScheduled => StateKind::NotScheduled,
        }
    }
}

impl From<StateKind> for MachineState {
    fn from(kind: StateKind) -> MachineState {
        match kind {
            StateKind::Running => MachineState::Running,
            StateKind::Idle => MachineState::Idle,
            StateKind::Setup => MachineState::Setup,
            StateKind::Down => MachineState::Down,
            StateKind::Maintenance => MachineState::Maintenance,
            StateKind::NotScheduled => MachineState::NotScheduled,
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
