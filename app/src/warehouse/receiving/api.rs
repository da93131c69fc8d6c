//! Receiving's server functions: recommend bins for a batch (idempotent by the batch's
//! key; recommendations and capacity failures saved in one transaction), and decide
//! one recommendation (accept, reject with a reason, or override to another bin with
//! a reason; an accepted or overridden putaway becomes a placement in the same
//! transaction, checked again against the bin as it is now).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::{Decided, Receiving, ReceivingLine};
use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;

/// Operators receive on tablets; supervisors and tenant administrators too.
pub const RECEIVING_ACCESS: Access = Access::Roles(&[Role::Operator, Role::Supervisor, Role::TenantAdmin]);

pub const ACCESS: &[(&str, Access)] = &[
    (PutawayFacilities::PATH, RECEIVING_ACCESS),
    (PutawayRecommend::PATH, RECEIVING_ACCESS),
    (PutawayDecide::PATH, RECEIVING_ACCESS),
];

/// The facilities the caller receives at: an operator's own, else all of the tenant's.
#[server(endpoint = "putaway_facilities")]
pub async fn putaway_facilities() -> Result<Vec<crate::production::model::Choice>, AppError> {
    server::facilities().await
}

/// Bins for each received line at `facility_id`, by `strategy` (default `standard`).
#[server(endpoint = "putaway_recommend")]
pub async fn putaway_recommend(
    facility_id: i64,
    lines: Vec<ReceivingLine>,
    strategy: Option<String>,
    idempotency_key: Option<String>,
) -> Result<Receiving, AppError> {
    server::recommend(facility_id, lines, strategy, idempotency_key).await
}

/// `decision`: `accept`, `reject` or `override` (then `bin_id` is where it went);
/// `reason` is required to reject or override.
#[server(endpoint = "putaway_decide")]
pub async fn putaway_decide(
    recommendation_id: i64,
    decision: String,
    bin_id: Option<i64>,
    reason: Option<String>,
    idempotency_key: Option<String>,
) -> Result<Decided, AppError> {
    server::decide(recommendation_id, decision, bin_id, reason, idempotency_key).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use serde::Serialize;

    use super::super::check::check_lines;
    use super::super::model::{Alternative, Decided, Decision, LineOutcome, LineResult, Receiving, ReceivingLine};
    use super::super::packed_as::load_of;
    use super::super::store::{self, DecisionRow, NewPlacement, NewRecommendation, SUPPORT};
    use super::RECEIVING_ACCESS;
    use crate::audit::store::{record, Change};
    use crate::auth::guard::{tenant_write, AuthCtx};
    use crate::domain::putaway::batch::Batch;
    use crate::domain::putaway::{recommend as engine, Item, Outcome, Strategy, Warehouse};
    use crate::error::AppError;
    use crate::forms::{parse_text, FieldError};
    use crate::i18n::use_i18n;
    use crate::idempotency::store::{claim, Claim};
    use crate::idempotency::IdempotencyKey;

    #[derive(Serialize)]
    struct RecommendRequest<'a> {
        facility_id: i64,
        lines: &'a [ReceivingLine],
        strategy: &'a str,
    }

    fn key_of(idempotency_key: Option<String>) -> Result<Option<IdempotencyKey>, AppError> {
        let key = idempotency_key.filter(|k| !k.trim().is_empty());
        key.map(|k| IdempotencyKey::parse(&k)).transpose().map_err(AppError::invalid)
    }

    /// Operators signed in at a facility receive there only.
    fn own_facility(ctx: &AuthCtx, facility: i64) -> Result<(), AppError> {
        match ctx.facility_id {
            Some(own) if own != facility => Err(AppError::forbidden()),
            _ => Ok(()),
        }
    }

    pub async fn facilities() -> Result<Vec<crate::production::model::Choice>, AppError> {
        let (ctx, tenant, tx) = crate::auth::guard::tenant_read(RECEIVING_ACCESS).await?;
        let mut all = crate::warehouse::utilization::store::facilities(&tx, tenant).await?;
        tx.commit().await?;
        if let Some(own) = ctx.facility_id {
            all.retain(|f| f.id == own);
        }
        Ok(all)
    }

    pub async fn recommend(
        facility_id: i64,
        lines: Vec<ReceivingLine>,
        strategy: Option<String>,
        idempotency_key: Option<String>,
    ) -> Result<Receiving, AppError> {
        let started = std::time::Instant::now();
        let t = use_i18n();
        let key = key_of(idempotency_key)?;
        let strategy_key = strategy.unwrap_or_else(|| Strategy::Standard.key().to_string());
        let strategy = Strategy::parse(&strategy_key).ok_or_else(|| AppError::invalid(t.receiving_strategy_unknown))?;
        let (ctx, tenant, tx) = tenant_write(RECEIVING_ACCESS).await?;
        own_facility(&ctx, facility_id)?;
        if !store::facility_exists(&tx, tenant, facility_id).await? {
            return Err(AppError::not_found());
        }
        let request = RecommendRequest { facility_id, lines: &lines, strategy: strategy.key() };
        let claimed = match claim(&tx, &ctx, tenant, "/api/putaway_recommend", key.as_ref(), &request).await? {
            Claim::Replay(outcome) => return Ok(outcome),
            Claim::New(claimed) => claimed,
        };
        let outcome = match check_lines(&lines, t) {
            Err(errors) => Receiving::Invalid { errors },
            Ok(checked) => {
                let codes: Vec<String> = checked.iter().map(|l| l.material.clone()).collect();
                let materials = store::materials_by_code(&tx, tenant, &codes).await?;
                let unknown: Vec<FieldError> = checked
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| !materials.contains_key(&l.material))
                    .map(|(i, _)| FieldError::new(&format!("lines[{i}].material"), t.receiving_unknown_material))
                    .collect();
                if !unknown.is_empty() {
                    Receiving::Invalid { errors: unknown }
                } else {
                    let warehouse = store::warehouse(&tx, tenant, facility_id, None).await?;
                    let mut items = Vec::new();
                    let mut unpackable = Vec::new();
                    for line in &checked {
                        let material = &materials[&line.material];
                        match load_of(&material.packing, line.pieces) {
                            Ok((load, box_name)) => items.push(Item {
                                material: material.id,
                                lot: line.lot.clone(),
                                load,
                                box_name: box_name.to_string(),
                                pieces: line.pieces,
                                velocity: material.velocity,
                                open_demand: false,
                                affine: Vec::new(),
                            }),
                            Err(message) => unpackable.push((items.len() + unpackable.len(), message)),
                        }
                    }
                    let mut outcomes = engine(&warehouse, &items, strategy, SUPPORT).into_iter();
                    let batch_key = key.as_ref().map_or_else(
                        || format!("batch-{}", Utc::now().timestamp_nanos_opt().unwrap_or(0)),
                        |k| k.as_str().to_string(),
                    );
                    let now_ms = Utc::now().timestamp_millis();
                    let mut results = Vec::with_capacity(checked.len());
                    for (line_index, line) in checked.iter().enumerate() {
                        let material = &materials[&line.material];
                        let outcome = match unpackable.iter().find(|(i, _)| *i == line_index) {
                            Some((_, message)) => Outcome::NoFit { message: message.clone() },
                            None => outcomes.next().expect("one outcome per packable line"),
                        };
                        let saved = match outcome {
                            Outcome::NoFit { message } => {
                                store::save_capacity_failure(
                                    &tx,
                                    tenant,
                                    facility_id,
                                    material.id,
                                    line.pieces,
                                    &message,
                                    now_ms,
                                )
                                .await?;
                                LineOutcome::NoFit { message }
                            }
                            Outcome::Placed { best, alternatives, confidence } => {
                                let bin = &warehouse.bins[best.bin];
                                let alternatives: Vec<Alternative> = alternatives
                                    .iter()
                                    .map(|a| Alternative {
                                        bin: store::bin_ref(&warehouse.bins[a.bin]),
                                        reason: a.reason.clone(),
                                    })
                                    .collect();
                                let id = store::save_recommendation(
                                    &tx,
                                    tenant,
                                    NewRecommendation {
                                        facility: facility_id,
                                        batch_key: &batch_key,
                                        line: line_index,
                                        material: material.id,
                                        lot: line.lot.as_deref(),
                                        pieces: line.pieces,
                                        bin: bin.id,
                                        strategy: strategy.key(),
                                        confidence,
                                        reason: &best.reason,
                                        alternatives: serde_json::to_string(&alternatives)
                                            .map_err(AppError::internal)?,
                                        block: &best.block,
                                        created_by: ctx.user_id,
                                        now_ms,
                                    },
                                )
                                .await?;
                                LineOutcome::Offer {
                                    recommendation_id: id,
                                    bin: store::bin_ref(bin),
                                    confidence,
                                    reason: best.reason,
                                    alternatives,
                                }
                            }
                        };
                        results.push(LineResult {
                            material: line.material.clone(),
                            pieces: line.pieces,
                            lot: line.lot.clone(),
                            outcome: saved,
                        });
                    }
                    Receiving::Recommended { lines: results }
                }
            }
        };
        claimed.complete(&tx, &outcome).await?;
        tx.commit().await?;
        if let Receiving::Recommended { lines } = &outcome {
            count_recommended(lines, strategy, started.elapsed());
        }
        Ok(outcome)
    }

    /// `/metrics`: recommendations by strategy and outcome, and how long batches take
    /// (reading the bins, the engine and the writes).
    fn count_recommended(lines: &[LineResult], strategy: Strategy, took: std::time::Duration) {
        for line in lines {
            let outcome = if matches!(line.outcome, LineOutcome::Offer { .. }) { "offer" } else { "no_fit" };
            metrics::counter!("floorcast_putaway_recommendations_total", "strategy" => strategy.key(), "outcome" => outcome)
                .increment(1);
        }
        metrics::histogram!("floorcast_putaway_batch_seconds").record(took.as_secs_f64());
    }

    pub async fn decide(
        recommendation_id: i64,
        decision: String,
        bin_id: Option<i64>,
        reason: Option<String>,
        idempotency_key: Option<String>,
    ) -> Result<Decided, AppError> {
        let t = use_i18n();
        let key = key_of(idempotency_key)?;
        let decision_kind = Decision::parse(&decision)
            .ok_or_else(|| AppError::bad_request("decision is accept, reject or override"))?;
        let reason = match (decision_kind, reason.as_deref().map(str::trim).filter(|r| !r.is_empty())) {
            (Decision::Accept, reason) => reason.map(str::to_string),
            (_, Some(reason)) => Some(parse_text(reason, 400, t).map_err(AppError::invalid)?),
            (_, None) => return Err(AppError::invalid(t.receiving_reason_needed)),
        };
        let (ctx, tenant, tx) = tenant_write(RECEIVING_ACCESS).await?;
        let request = (recommendation_id, &decision, bin_id, &reason);
        let claimed = match claim(&tx, &ctx, tenant, "/api/putaway_decide", key.as_ref(), &request).await? {
            Claim::Replay(outcome) => return Ok(outcome),
            Claim::New(claimed) => claimed,
        };
        let recommendation =
            store::recommendation(&tx, tenant, recommendation_id).await?.ok_or_else(AppError::not_found)?;
        own_facility(&ctx, recommendation.facility)?;
        if recommendation.status != "PENDING" {
            return Err(AppError::conflict(t.receiving_decided_already));
        }
        let target = match decision_kind {
            Decision::Accept => Some(recommendation.bin),
            Decision::Override => Some(bin_id.ok_or_else(|| AppError::invalid(t.receiving_bin_needed))?),
            Decision::Reject => None,
        };
        let now_ms = Utc::now().timestamp_millis();
        let bin = match target {
            None => None,
            Some(target) => {
                store::lock_bin(&tx, tenant, target).await?;
                let warehouse = store::warehouse(&tx, tenant, recommendation.facility, Some(target)).await?;
                let bin = warehouse.bins.first().ok_or_else(AppError::not_found)?;
                let block = fit_now(&warehouse, &recommendation)?;
                let placement = NewPlacement {
                    bin: bin.id,
                    material: recommendation.material.id,
                    lot: recommendation.lot.as_deref(),
                    pieces: recommendation.pieces,
                    block: &block,
                    since_ms: now_ms,
                };
                store::place(&tx, tenant, placement).await?;
                Some(store::bin_ref(bin))
            }
        };
        let status = decision_kind.status();
        let decision_row =
            DecisionRow { status, final_bin: target, user: ctx.user_id, reason: reason.as_deref(), now_ms };
        if !store::decide(&tx, tenant, recommendation_id, decision_row).await? {
            return Err(AppError::conflict(t.receiving_decided_already));
        }
        let summary = format!(
            "{} × {} {}{}",
            recommendation.pieces,
            recommendation.material.packing.code,
            status.to_lowercase(),
            bin.as_ref().map(|b| format!(" into {}", b.code)).unwrap_or_default()
        );
        let change = Change {
            action: "decide",
            entity: "putaway_recommendations",
            entity_id: Some(recommendation_id.to_string()),
            summary,
        };
        record(&tx, &ctx, Some(tenant), change).await?;
        let outcome = Decided { status: status.to_string(), bin };
        claimed.complete(&tx, &outcome).await?;
        tx.commit().await?;
        metrics::counter!("floorcast_putaway_decisions_total", "status" => status).increment(1);
        Ok(outcome)
    }

    /// Where the recommended boxes go in the (only) bin of `warehouse` as it is now (fitted
    /// again: the bin may have changed since the recommendation); a clear refusal when
    /// the bin cannot take them any more.
    fn fit_now(
        warehouse: &Warehouse,
        recommendation: &store::Recommendation,
    ) -> Result<crate::domain::putaway::Block, AppError> {
        let bin = &warehouse.bins[0];
        let (load, box_name) =
            load_of(&recommendation.material.packing, recommendation.pieces).map_err(AppError::invalid)?;
        let item = Item {
            material: recommendation.material.id,
            lot: recommendation.lot.clone(),
            load,
            box_name: box_name.to_string(),
            pieces: recommendation.pieces,
            velocity: recommendation.material.velocity,
            open_demand: false,
            affine: Vec::new(),
        };
        let refused = || {
            AppError::invalid(format!(
                "bin {} has no room for {} × {} any more",
                bin.code, recommendation.pieces, recommendation.material.packing.code
            ))
        };
        let batch = Batch::new(warehouse);
        if !batch.admits(0, &item) {
            return Err(refused());
        }
        bin.space.fit(&load, SUPPORT).ok_or_else(refused)
    }
}
