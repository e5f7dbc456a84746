//! Showing a resident's personal data: decrypted for whoever may see it, and a clear marker
//! — never an error — when it is gone.

use chrono::{DateTime, Utc};
use linli_domain::sealed::Sealed;
use linli_domain::user::{PersonalField, UserRecord};
use linli_domain::UserId;
use linli_vault::{Vault, VaultError};
use serde::Serialize;

/// One personal field as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Revealed {
    /// The value, decrypted (or, for a phone number recorded before sealing, as written).
    Shown {
        /// The plaintext.
        value: String,
    },
    /// Never given (or cleared).
    Absent,
    /// The resident was forgotten: their key is destroyed and the value is gone for good.
    Forgotten,
    /// Recorded, but this server's key store cannot open it (the key store is not the one
    /// the log was written with, or the value was altered).
    Unreadable,
}

/// A resident's personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PersonalData {
    /// Whose.
    pub user: UserId,
    /// The call-back number.
    pub phone: Revealed,
    /// The resident identity card number.
    pub id_card: Revealed,
    /// The exact home address.
    pub home_address: Revealed,
    /// When the resident was forgotten, if they were.
    pub forgotten_at: Option<DateTime<Utc>>,
}

impl PersonalData {
    /// One field's view.
    pub fn field(&self, field: PersonalField) -> &Revealed {
        match field {
            PersonalField::Phone => &self.phone,
            PersonalField::IdCard => &self.id_card,
            PersonalField::HomeAddress => &self.home_address,
        }
    }
}

/// Decrypts a user's personal fields. Blocking I/O (key files): call off the runtime, or
/// through [`reveal_async`].
pub fn reveal(vault: &Vault, record: &UserRecord) -> PersonalData {
    if record.forgotten_at.is_some() {
        return PersonalData {
            user: record.id,
            phone: Revealed::Forgotten,
            id_card: Revealed::Forgotten,
            home_address: Revealed::Forgotten,
            forgotten_at: record.forgotten_at,
        };
    }
    let phone = match (&record.profile.phone, &record.legacy_phone) {
        (Some(sealed), _) => open(vault, sealed),
        (None, Some(plain)) => Revealed::Shown {
            value: plain.as_str().to_owned(),
        },
        (None, None) => Revealed::Absent,
    };
    let optional = |sealed: &Option<Sealed>| match sealed {
        Some(sealed) => open(vault, sealed),
        None => Revealed::Absent,
    };
    PersonalData {
        user: record.id,
        phone,
        id_card: optional(&record.profile.id_card),
        home_address: optional(&record.profile.home_address),
        forgotten_at: None,
    }
}

/// [`reveal`] on a blocking thread.
pub async fn reveal_async(vault: &Vault, record: UserRecord) -> PersonalData {
    let vault = vault.clone();
    let user = record.id;
    tokio::task::spawn_blocking(move || reveal(&vault, &record))
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, %user, "revealing personal data panicked");
            PersonalData {
                user,
                phone: Revealed::Unreadable,
                id_card: Revealed::Unreadable,
                home_address: Revealed::Unreadable,
                forgotten_at: None,
            }
        })
}

pub(crate) fn open(vault: &Vault, sealed: &Sealed) -> Revealed {
    match vault.open(sealed) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(value) => Revealed::Shown { value },
            Err(_) => Revealed::Unreadable,
        },
        Err(VaultError::Forgotten(_)) => Revealed::Forgotten,
        Err(e) => {
            // Logged for the operator (no plaintext involved); the client gets the marker.
            tracing::warn!(error = %e, subject = %sealed.subject(), "cannot open sealed personal data");
            Revealed::Unreadable
        }
    }
}
