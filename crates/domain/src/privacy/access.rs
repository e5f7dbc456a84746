//! `personal_data.accessed`: staff read a resident's personal data.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::PrivacyError;
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::UserId;
use crate::user::PersonalField;
use crate::validate;

domain_events! {
    /// Every fact of a `personal_data-{user}` stream.
    pub enum PersonalDataEvent {
        /// Staff read some of the subject's personal fields.
        Accessed(PersonalDataAccessed) = ("personal_data.accessed", 1),
    }
}

/// `personal_data.accessed` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalDataAccessed {
    /// Whose data (repeated from the stream name).
    pub subject: UserId,
    /// Who read it: a manager or an auditor.
    pub by: Actor,
    /// Which fields were shown, sorted.
    pub fields: Vec<PersonalField>,
    /// Why, as the reader stated it (1–200 characters).
    pub purpose: String,
    /// Where it was read (`GET /api/v1/users/{id}/personal`).
    pub route: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Record that staff are about to be shown a resident's personal data.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordAccess {
    /// Whose data.
    pub subject: UserId,
    /// Which fields.
    pub fields: Vec<PersonalField>,
    /// Why (1–200 characters).
    pub purpose: String,
    /// The route or tool that shows it.
    pub route: String,
    /// A manager or an auditor.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// The access log of one data subject; its state is how many reads were recorded.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonalDataAccess;

const MAX_PURPOSE: usize = 200;

impl Aggregate for PersonalDataAccess {
    const NAME: &'static str = "personal_data";
    type Command = RecordAccess;
    type Event = PersonalDataEvent;
    type State = u64;
    type Error = PrivacyError;

    fn decide(cmd: &RecordAccess, _reads: &u64) -> Result<Vec<PersonalDataEvent>, PrivacyError> {
        if !(cmd.by.has_role(Role::Manager) || cmd.by.has_role(Role::Auditor)) {
            return Err(PrivacyError::NotAllowed {
                actor: cmd.by,
                reason: "only managers and auditors read another person's personal data",
            });
        }
        let purpose = validate::text("purpose", &cmd.purpose, MAX_PURPOSE)?;
        let route = validate::text("route", &cmd.route, MAX_PURPOSE)?;
        validate::unique_list("fields", &cmd.fields, PersonalField::ALL.len())?;
        if cmd.fields.is_empty() {
            return Err(validate::ValidationError::Empty { field: "fields" }.into());
        }
        let mut fields = cmd.fields.clone();
        fields.sort();
        Ok(vec![PersonalDataAccessed {
            subject: cmd.subject,
            by: cmd.by,
            fields,
            purpose,
            route,
            at: cmd.at,
        }
        .into()])
    }

    fn evolve(reads: u64, _event: &PersonalDataEvent) -> u64 {
        reads + 1
    }
}
