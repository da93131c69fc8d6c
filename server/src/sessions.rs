//! Server-side sessions in our own database (SQLite or Postgres), so several
//! server instances share them and a restart signs nobody out.
//!
//! The cookie carries only a random 128-bit id; the data (JSON) and its expiry
//! live in the `sessions` table. Expired rows are deleted by a periodic task.
//! Loaded sessions are kept in the [`AuthCache`], which forgets one as soon as
//! the database's change log says another process saved or deleted it.

use std::sync::Arc;

use app::auth::cache::AuthCache;
use app::db::entity::session;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};
use tower_sessions::SessionStore;

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
    cache: Arc<AuthCache>,
}

/// Deletes every expired session; returns how many.
pub async fn delete_expired(db: &DatabaseConnection) -> std::result::Result<u64, sea_orm::DbErr> {
    let result = session::Entity::delete_many().filter(session::Column::ExpiresAt.lt(Utc::now())).exec(db).await?;
    Ok(result.rows_affected)
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection, cache: Arc<AuthCache>) -> Self {
        DbSessionStore { db, cache }
    }

    fn row(record: &Record) -> Result<session::ActiveModel> {
        Ok(session::ActiveModel {
            id: Set(record.id.to_string()),
            data: Set(serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?),
            expires_at: Set(to_chrono(record.expiry_date)),
        })
    }
}

fn to_chrono(at: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond()).unwrap_or_default()
}

fn backend(error: sea_orm::DbErr) -> Error {
    Error::Backend(error.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    /// Inserts under a fresh id, drawing a new one on the (astronomically rare) collision.
    async fn create(&self, record: &mut Record) -> Result<()> {
        loop {
            let inserted = session::Entity::insert(Self::row(record)?)
                .on_conflict(OnConflict::column(session::Column::Id).do_nothing().to_owned())
                .exec_without_returning(&self.db)
                .await
                .map_err(backend)?;
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        session::Entity::insert(Self::row(record)?)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([session::Column::Data, session::Column::ExpiresAt])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(backend)?;
        self.cache.forget_session(&record.id);
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        self.cache.follow(&self.db).await;
        if let Some(record) = self.cache.session(id) {
            return Ok(Some(record));
        }
        let ticket = self.cache.ticket();
        let Some(row) = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at.timestamp())
            .map_err(|e| Error::Decode(e.to_string()))?;
        let data = serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?;
        let record = Record { id: *id, data, expiry_date };
        self.cache.keep_session(ticket, &record);
        Ok(Some(record))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        session::Entity::delete_by_id(id.to_string()).exec(&self.db).await.map_err(backend)?;
        self.cache.forget_session(id);
        Ok(())
    }
}
