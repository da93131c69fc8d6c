//! Inventory policy: how much to keep, when to order, how much to order, and how
//! urgent it is. Formulas as in Silver, Pyke & Thomas, *Inventory and Production
//! Management in Supply Chains* (4th ed., ch. 4 and 6), and Chopra & Meindl,
//! *Supply Chain Management* (ch. 11–12). Periods are whatever the demand is
//! counted in (days on the dashboards).

use super::normal;

/// Why a policy input was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PolicyError {
    #[error("a cycle service level is a probability from 0.5 up to (not including) 1, not {0}")]
    ServiceLevel(f64),
    #[error("{0} must be a finite number of at least 0, not {1}")]
    Negative(&'static str, f64),
    #[error("the holding cost must be above 0 for an economic order quantity")]
    NoHoldingCost,
    #[error("the order multiple must be above 0, not {0}")]
    OrderMultiple(f64),
}

fn non_negative(name: &'static str, x: f64) -> Result<f64, PolicyError> {
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(PolicyError::Negative(name, x))
    }
}

/// A cycle service level (CSL): the probability of no stockout in a replenishment
/// cycle, 0.5 ≤ CSL < 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ServiceLevel(f64);

impl ServiceLevel {
    pub fn parse(csl: f64) -> Result<ServiceLevel, PolicyError> {
        if (0.5..1.0).contains(&csl) {
            Ok(ServiceLevel(csl))
        } else {
            Err(PolicyError::ServiceLevel(csl))
        }
    }

    /// The safety factor z = Φ⁻¹(CSL), exact (not read off a table).
    pub fn z(self) -> f64 {
        normal::inverse_cdf(self.0)
    }
}

/// Demand per period: mean d̄ and standard deviation σ_d.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Demand {
    pub mean: f64,
    pub std_dev: f64,
}

impl Demand {
    pub fn parse(mean: f64, std_dev: f64) -> Result<Demand, PolicyError> {
        Ok(Demand { mean: non_negative("mean demand", mean)?, std_dev: non_negative("demand deviation", std_dev)? })
    }
}

/// Replenishment lead time in periods: mean L̄ and standard deviation σ_L.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeadTime {
    pub mean: f64,
    pub std_dev: f64,
}

impl LeadTime {
    pub fn parse(mean: f64, std_dev: f64) -> Result<LeadTime, PolicyError> {
        Ok(LeadTime {
            mean: non_negative("mean lead time", mean)?,
            std_dev: non_negative("lead-time deviation", std_dev)?,
        })
    }
}

/// Safety stock under variable demand and variable lead time:
///
/// SS = z · √(L̄·σ_d² + d̄²·σ_L²)
///
/// With a fixed lead time (σ_L = 0) this is z·σ_d·√L̄; with steady demand
/// (σ_d = 0) it is z·d̄·σ_L.
pub fn safety_stock(level: ServiceLevel, demand: Demand, lead_time: LeadTime) -> f64 {
    let variance = lead_time.mean * demand.std_dev.powi(2) + demand.mean.powi(2) * lead_time.std_dev.powi(2);
    (level.z() * variance.sqrt()).max(0.0)
}

/// Reorder point: expected demand over the lead time plus safety stock, ROP = d̄·L̄ + SS.
pub fn reorder_point(demand: Demand, lead_time: LeadTime, safety_stock: f64) -> f64 {
    demand.mean * lead_time.mean + safety_stock
}

/// Economic order quantity (Harris–Wilson): EOQ = √(2·D·S / H), with D demand per
/// year, S the cost of one order, H the cost of holding one unit for a year.
pub fn economic_order_quantity(annual_demand: f64, order_cost: f64, holding_cost: f64) -> Result<f64, PolicyError> {
    let demand = non_negative("annual demand", annual_demand)?;
    let order_cost = non_negative("order cost", order_cost)?;
    if !(holding_cost.is_finite() && holding_cost > 0.0) {
        return Err(PolicyError::NoHoldingCost);
    }
    Ok((2.0 * demand * order_cost / holding_cost).sqrt())
}

/// What a vendor accepts: at least `min_order_qty`, in whole `order_multiple`s.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrderRules {
    pub min_order_qty: f64,
    pub order_multiple: f64,
}

impl OrderRules {
    pub fn parse(min_order_qty: f64, order_multiple: f64) -> Result<OrderRules, PolicyError> {
        let min_order_qty = non_negative("minimum order quantity", min_order_qty)?;
        if !(order_multiple.is_finite() && order_multiple > 0.0) {
            return Err(PolicyError::OrderMultiple(order_multiple));
        }
        Ok(OrderRules { min_order_qty, order_multiple })
    }

    /// The smallest quantity ≥ `wanted` and ≥ the minimum that is a whole number of multiples.
    pub fn round(self, wanted: f64) -> f64 {
        let wanted = wanted.max(self.min_order_qty).max(0.0);
        // A tolerance keeps 1000.0000000001 from becoming one more multiple.
        let multiples = (wanted / self.order_multiple - 1e-9).ceil().max(0.0);
        multiples * self.order_multiple
    }
}

/// How many periods the stock lasts at mean demand; `None` when nothing is used.
pub fn periods_of_cover(on_hand: f64, demand_per_period: f64) -> Option<f64> {
    (demand_per_period > 0.0).then(|| on_hand.max(0.0) / demand_per_period)
}

/// Stock arriving at the start of period `period` (1 = the next period).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Receipt {
    pub period: usize,
    pub quantity: f64,
}

/// The first period (1-based) in which the stock falls below zero, stepping the
/// forecast against on-hand stock plus open orders as they arrive; `None` if it
/// lasts the whole forecast.
pub fn projected_stockout(on_hand: f64, open_orders: &[Receipt], forecast: &[f64]) -> Option<usize> {
    let mut stock = on_hand;
    for (index, demand) in forecast.iter().enumerate() {
        let period = index + 1;
        stock += open_orders.iter().filter(|r| r.period == period).map(|r| r.quantity).sum::<f64>();
        stock -= demand.max(0.0);
        if stock < 0.0 {
            return Some(period);
        }
    }
    None
}

/// How soon a material needs an order, most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    /// The stock runs out before an order placed now can arrive.
    Critical,
    /// The inventory position is at or below the reorder point: order now.
    High,
    /// The position will reach the reorder point within the next review period.
    Medium,
    Low,
}

/// What [`urgency`] looks at.
#[derive(Clone, Copy, Debug)]
pub struct Situation {
    /// From [`projected_stockout`].
    pub stockout_period: Option<usize>,
    pub lead_time: LeadTime,
    /// On hand + on order − backorders.
    pub inventory_position: f64,
    pub reorder_point: f64,
    pub demand: Demand,
    /// Periods between two looks at the material (1 for a daily review).
    pub review_periods: f64,
}

/// The rule, in order:
/// 1. CRITICAL if the projected stockout comes no later than the mean lead time.
/// 2. HIGH if the inventory position is at or below the reorder point.
/// 3. MEDIUM if it is within one review period of demand above the reorder point.
/// 4. LOW otherwise.
pub fn urgency(situation: Situation) -> Urgency {
    let Situation { stockout_period, lead_time, inventory_position, reorder_point, demand, review_periods } = situation;
    if stockout_period.is_some_and(|period| period as f64 <= lead_time.mean.ceil()) {
        Urgency::Critical
    } else if inventory_position <= reorder_point {
        Urgency::High
    } else if inventory_position <= reorder_point + demand.mean * review_periods {
        Urgency::Medium
    } else {
        Urgency::Low
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn service_level_is_bounded() {
        assert!(ServiceLevel::parse(0.95).is_ok());
        for bad in [0.49, 1.0, 1.5, -0.1, f64::NAN] {
            assert!(ServiceLevel::parse(bad).is_err(), "{bad}");
        }
        assert!(close(ServiceLevel::parse(0.95).unwrap().z(), 1.644_853_6, 1e-7));
    }

    /// d̄ = 100/day, σ_d = 20, L̄ = 9 days, σ_L = 2 days, CSL 95 %.
    #[test]
    fn safety_stock_textbook_cases() {
        let csl = ServiceLevel::parse(0.95).unwrap();
        let z = csl.z();
        let fixed_lead = LeadTime::parse(9.0, 0.0).unwrap();
        let variable_lead = LeadTime::parse(9.0, 2.0).unwrap();
        let demand = Demand::parse(100.0, 20.0).unwrap();
        let steady = Demand::parse(100.0, 0.0).unwrap();
        // Demand variability only: z·σ_d·√L = 1.645·20·3 ≈ 98.7.
        assert!(close(safety_stock(csl, demand, fixed_lead), z * 60.0, 1e-9));
        assert!(close(safety_stock(csl, demand, fixed_lead), 98.69, 0.01));
        // Lead-time variability only: z·d̄·σ_L = 1.645·200 ≈ 329.0.
        assert!(close(safety_stock(csl, steady, variable_lead), 328.97, 0.01));
        // Both: z·√(9·400 + 10000·4) = z·√43600 ≈ 343.46.
        assert!(close(safety_stock(csl, demand, variable_lead), 343.46, 0.01));
        // ROP = d̄·L̄ + SS.
        assert!(close(reorder_point(demand, variable_lead, 343.46), 1243.46, 1e-9));
    }

    #[test]
    fn more_service_needs_more_safety_stock() {
        let demand = Demand::parse(50.0, 12.0).unwrap();
        let lead = LeadTime::parse(5.0, 1.0).unwrap();
        let levels = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999];
        let stocks: Vec<f64> =
            levels.iter().map(|&p| safety_stock(ServiceLevel::parse(p).unwrap(), demand, lead)).collect();
        assert_eq!(stocks[0], 0.0, "50 % service needs no safety stock");
        assert!(stocks.windows(2).all(|w| w[0] < w[1]), "{stocks:?}");
    }

    /// Chopra & Meindl, Example 11-1: D = 12 000 units/year, S = $4 000, H = 20 % of $500.
    #[test]
    fn economic_order_quantity_textbook_case() {
        let eoq = economic_order_quantity(12_000.0, 4_000.0, 0.2 * 500.0).unwrap();
        assert!(close(eoq, 979.8, 0.05), "{eoq}");
        assert!(close(economic_order_quantity(1_000.0, 10.0, 0.5).unwrap(), 200.0, 1e-9));
        assert_eq!(economic_order_quantity(1_000.0, 10.0, 0.0), Err(PolicyError::NoHoldingCost));
        assert!(economic_order_quantity(-1.0, 10.0, 1.0).is_err());
    }

    #[test]
    fn order_quantities_respect_minimum_and_multiple() {
        let rules = OrderRules::parse(500.0, 100.0).unwrap();
        assert_eq!(rules.round(979.8), 1000.0);
        assert_eq!(rules.round(120.0), 500.0);
        assert_eq!(rules.round(1000.0), 1000.0);
        let odd_minimum = OrderRules::parse(250.0, 100.0).unwrap();
        assert_eq!(odd_minimum.round(10.0), 300.0, "the minimum rounded up to a whole multiple");
        assert!(OrderRules::parse(0.0, 0.0).is_err());
        for wanted in [0.0, 1.0, 99.9, 451.2, 12_345.6] {
            let q = OrderRules::parse(40.0, 12.0).unwrap().round(wanted);
            assert!(q >= wanted && q >= 40.0 && (q / 12.0 - (q / 12.0).round()).abs() < 1e-9, "{wanted} → {q}");
        }
    }

    #[test]
    fn cover_and_stockout_step_through_the_forecast() {
        assert_eq!(periods_of_cover(300.0, 30.0), Some(10.0));
        assert_eq!(periods_of_cover(300.0, 0.0), None);
        let forecast = [30.0; 10];
        // 100 on hand, 50 arriving in period 3: 70, 40, 60, 30, 0, −30 → out in period 6.
        assert_eq!(projected_stockout(100.0, &[Receipt { period: 3, quantity: 50.0 }], &forecast), Some(6));
        assert_eq!(projected_stockout(1_000.0, &[], &forecast), None);
        assert_eq!(projected_stockout(0.0, &[], &forecast), Some(1));
    }

    #[test]
    fn urgency_rule() {
        let demand = Demand::parse(10.0, 2.0).unwrap();
        let lead_time = LeadTime::parse(5.0, 0.0).unwrap();
        let at = |stockout_period, inventory_position| {
            urgency(Situation {
                stockout_period,
                lead_time,
                inventory_position,
                reorder_point: 60.0,
                demand,
                review_periods: 7.0,
            })
        };
        assert_eq!(at(Some(4), 40.0), Urgency::Critical);
        assert_eq!(at(Some(5), 50.0), Urgency::Critical, "out on the day the order would arrive");
        assert_eq!(at(Some(9), 55.0), Urgency::High);
        assert_eq!(at(Some(20), 100.0), Urgency::Medium);
        assert_eq!(at(None, 500.0), Urgency::Low);
    }
}
