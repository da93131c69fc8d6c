//! Throttling failed sign-ins, per account and per client address.
//!
//! Rule: after `threshold` failures in a row on a key, each further attempt is
//! refused for 30 s · 2^(failures − threshold), at most 15 minutes. A successful
//! sign-in clears the account's count; the address count only decays (it is
//! cleared after 15 minutes without failures).

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

use crate::db::entity::login_throttle;

/// Failures on one account before it is slowed down.
pub const ACCOUNT_THRESHOLD: i32 = 5;
/// Failures from one address (many users behind one NAT) before it is slowed down.
pub const ADDRESS_THRESHOLD: i32 = 20;
const FIRST_DELAY: Duration = Duration::from_secs(30);
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);

/// How long to refuse attempts after `failures` failures, if at all.
pub fn delay_after(failures: i32, threshold: i32) -> Option<Duration> {
    let over = failures.checked_sub(threshold)?;
    if over < 0 {
        return None;
    }
    let factor = 1u32.checked_shl(over.min(16) as u32).unwrap_or(u32::MAX);
    Some(FIRST_DELAY.saturating_mul(factor).min(MAX_DELAY))
}

/// A throttled key: what it counts and its threshold.
#[derive(Clone, Debug)]
pub struct ThrottleKey {
    pub key: String,
    pub threshold: i32,
}

impl ThrottleKey {
    pub fn account(identifier: &str) -> ThrottleKey {
        ThrottleKey { key: format!("account:{identifier}"), threshold: ACCOUNT_THRESHOLD }
    }

    pub fn address(ip: &str) -> ThrottleKey {
        ThrottleKey { key: format!("ip:{ip}"), threshold: ADDRESS_THRESHOLD }
    }
}

/// The longest remaining block among `keys`, if any is blocked at `now`.
pub async fn blocked_for(
    db: &impl ConnectionTrait,
    keys: &[ThrottleKey],
    now: DateTime<Utc>,
) -> Result<Option<Duration>, DbErr> {
    let mut longest = None;
    for key in keys {
        if let Some(row) = login_throttle::Entity::find_by_id(key.key.clone()).one(db).await? {
            if let Some(until) = row.blocked_until.filter(|until| *until > now) {
                let left = (until - now).to_std().unwrap_or_default();
                longest = longest.max(Some(left));
            }
        }
    }
    Ok(longest)
}

/// Counts one failure on each key and blocks those past their threshold.
pub async fn record_failure(db: &impl ConnectionTrait, keys: &[ThrottleKey], now: DateTime<Utc>) -> Result<(), DbErr> {
    for key in keys {
        let previous = login_throttle::Entity::find_by_id(key.key.clone()).one(db).await?;
        // A quiet quarter of an hour forgives earlier failures.
        let failures = match previous {
            Some(row) if now - row.updated_at < chrono::Duration::from_std(MAX_DELAY).unwrap_or_default() => {
                row.failures + 1
            }
            _ => 1,
        };
        let blocked_until =
            delay_after(failures, key.threshold).and_then(|d| chrono::Duration::from_std(d).ok()).map(|d| now + d);
        let row = login_throttle::ActiveModel {
            key: Set(key.key.clone()),
            failures: Set(failures),
            blocked_until: Set(blocked_until),
            updated_at: Set(now),
        };
        login_throttle::Entity::insert(row)
            .on_conflict(
                OnConflict::column(login_throttle::Column::Key)
                    .update_columns([
                        login_throttle::Column::Failures,
                        login_throttle::Column::BlockedUntil,
                        login_throttle::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Forgets the failures of `key` (after a successful sign-in).
pub async fn clear(db: &impl ConnectionTrait, key: &ThrottleKey) -> Result<(), DbErr> {
    login_throttle::Entity::delete_by_id(key.key.clone()).exec(db).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_doubles_from_the_threshold_up_to_fifteen_minutes() {
        assert_eq!(delay_after(4, 5), None);
        assert_eq!(delay_after(5, 5), Some(Duration::from_secs(30)));
        assert_eq!(delay_after(6, 5), Some(Duration::from_secs(60)));
        assert_eq!(delay_after(8, 5), Some(Duration::from_secs(240)));
        assert_eq!(delay_after(10, 5), Some(MAX_DELAY));
        assert_eq!(delay_after(i32::MAX, 5), Some(MAX_DELAY));
    }
}
