//! Online government applications (网上办事): a resident applies under a handling guide with
//! the materials it asks for; a cadre or manager responsible for the place reviews it, may
//! ask for more materials, and approves or rejects it with a reason. Whether the reviewer's
//! scope covers the application's jurisdiction is checked by the API; the domain checks
//! roles, who the applicant is, and the order of things.
//!
//! ```text
//! submitted ─▶ under_review ─▶ approved | rejected
//!                 │   ▲
//!   materials_requested  materials_supplied            (and withdrawn, by the applicant)
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{acting, CivicError, Subject};
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{ApplicationId, GuideId, JurisdictionCode, MediaId, UserId};
use crate::validate::{self, ValidationError};

const S: Subject = Subject::Application;
/// Longest note or reason.
pub const MAX_NOTE: usize = 1000;

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApplicationStatus {
    /// Waiting for (or under) review.
    UnderReview,
    /// The reviewer asked for more materials; waiting for the applicant.
    MaterialsRequested,
    /// Granted.
    Approved,
    /// Refused, with a reason.
    Rejected,
    /// The applicant took it back.
    Withdrawn,
}

impl ApplicationStatus {
    /// Every status.
    pub const ALL: [ApplicationStatus; 5] = [
        ApplicationStatus::UnderReview,
        ApplicationStatus::MaterialsRequested,
        ApplicationStatus::Approved,
        ApplicationStatus::Rejected,
        ApplicationStatus::Withdrawn,
    ];

    /// The stable snake_case name, as in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::UnderReview => "under_review",
            ApplicationStatus::MaterialsRequested => "materials_requested",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Rejected => "rejected",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    /// Decided or withdrawn: nothing more happens.
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Approved
                | ApplicationStatus::Rejected
                | ApplicationStatus::Withdrawn
        )
    }
}

/// One named material and the files that make it up (both sides of an ID card are two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Material {
    /// The material's name, as the guide (or the reviewer's request) names it.
    pub name: String,
    /// The uploaded files, at least one, at most nine.
    pub media: Vec<MediaId>,
}

/// The guide an application is filed under, as it stood when filed; looked up by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideSnapshot {
    /// The guide.
    pub guide_id: GuideId,
    /// Its name, kept on the application so a later revision does not rename it.
    pub name: String,
    /// The materials the guide requires.
    pub required: Vec<String>,
}

/// A command for one application stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ApplicationCommand {
    /// Apply. Who: a resident.
    Submit(SubmitApplication),
    /// Ask for more materials. Who: a cadre or manager.
    RequestMaterials(RequestMaterials),
    /// Hand in what was asked for. Who: the applicant.
    SupplyMaterials(SupplyMaterials),
    /// Grant it. Who: a cadre or manager.
    Approve(ApproveApplication),
    /// Refuse it with a reason. Who: a cadre or manager.
    Reject(RejectApplication),
    /// Take it back. Who: the applicant.
    Withdraw(WithdrawApplication),
}

/// Submit an application.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmitApplication {
    /// The id the caller generated.
    pub application_id: ApplicationId,
    /// The guide, looked up (and checked not retired) by the caller.
    pub guide: GuideSnapshot,
    /// Where it is handled: the applicant's home grid, or a place they name.
    pub jurisdiction: JurisdictionCode,
    /// The materials, each named as the guide names it.
    pub materials: Vec<Material>,
    /// Anything the applicant wants to add.
    pub note: Option<String>,
    /// A resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Ask for more materials.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestMaterials {
    /// The names of the materials wanted.
    pub materials: Vec<String>,
    /// Why, for the applicant.
    pub reason: String,
    /// A cadre or manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Supply requested materials.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyMaterials {
    /// Every requested material.
    pub materials: Vec<Material>,
    /// A note.
    pub note: Option<String>,
    /// The applicant.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Approve.
#[derive(Debug, Clone, PartialEq)]
pub struct ApproveApplication {
    /// What the applicant should do next (collect the permit at the service hall…).
    pub note: Option<String>,
    /// A cadre or manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Reject.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectApplication {
    /// Why (required).
    pub reason: String,
    /// A cadre or manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Withdraw.
#[derive(Debug, Clone, PartialEq)]
pub struct WithdrawApplication {
    /// The applicant.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about an application.
    pub enum ApplicationEvent {
        /// A resident applied.
        Submitted(ApplicationSubmitted) = ("application.submitted", 1),
        /// The reviewer asked for more materials.
        MaterialsRequested(ApplicationMaterialsRequested) = ("application.materials_requested", 1),
        /// The applicant handed them in.
        MaterialsSupplied(ApplicationMaterialsSupplied) = ("application.materials_supplied", 1),
        /// Granted.
        Approved(ApplicationApproved) = ("application.approved", 1),
        /// Refused.
        Rejected(ApplicationRejected) = ("application.rejected", 1),
        /// The applicant took it back.
        Withdrawn(ApplicationWithdrawn) = ("application.withdrawn", 1),
    }
}

/// `application.submitted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationSubmitted {
    /// Its id.
    pub application_id: ApplicationId,
    /// The guide it was filed under.
    pub guide_id: GuideId,
    /// The guide's name when filed.
    pub guide_name: String,
    /// The resident.
    pub applicant: UserId,
    /// Where it is handled.
    pub jurisdiction: JurisdictionCode,
    /// The materials.
    pub materials: Vec<Material>,
    /// The applicant's note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `application.materials_requested` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationMaterialsRequested {
    /// The materials wanted.
    pub materials: Vec<String>,
    /// Why.
    pub reason: String,
    /// The reviewer and their role.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `application.materials_supplied` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationMaterialsSupplied {
    /// The materials handed in.
    pub materials: Vec<Material>,
    /// The applicant's note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `application.approved` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationApproved {
    /// What to do next.
    pub note: Option<String>,
    /// The reviewer.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `application.rejected` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationRejected {
    /// Why.
    pub reason: String,
    /// The reviewer.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `application.withdrawn` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationWithdrawn {
    /// When.
    pub at: DateTime<Utc>,
}

/// `None` until submitted.
pub type ApplicationState = Option<ApplicationRecord>;

/// What decisions need of a submitted application.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApplicationRecord {
    /// The resident.
    pub applicant: UserId,
    /// Where it is handled.
    pub jurisdiction: JurisdictionCode,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// The materials the open request asks for.
    pub requested: Vec<String>,
}

/// The application aggregate; one stream `application-{uuid}` each.
#[derive(Debug, Clone, Copy, Default)]
pub struct Application;

impl Aggregate for Application {
    const NAME: &'static str = "application";
    type Command = ApplicationCommand;
    type Event = ApplicationEvent;
    type State = ApplicationState;
    type Error = CivicError;

    fn decide(
        command: &ApplicationCommand,
        state: &ApplicationState,
    ) -> Result<Vec<ApplicationEvent>, CivicError> {
        decide(command, state)
    }

    fn evolve(state: ApplicationState, event: &ApplicationEvent) -> ApplicationState {
        let mut record = match (state, event) {
            (None, ApplicationEvent::Submitted(e)) => {
                return Some(ApplicationRecord {
                    applicant: e.applicant,
                    jurisdiction: e.jurisdiction,
                    status: ApplicationStatus::UnderReview,
                    requested: Vec::new(),
                })
            }
            (Some(r), _) => r,
            (None, _) => return None,
        };
        match event {
            ApplicationEvent::Submitted(_) => {}
            ApplicationEvent::MaterialsRequested(e) => {
                record.status = ApplicationStatus::MaterialsRequested;
                record.requested = e.materials.clone();
            }
            ApplicationEvent::MaterialsSupplied(_) => {
                record.status = ApplicationStatus::UnderReview;
                record.requested.clear();
            }
            ApplicationEvent::Approved(_) => record.status = ApplicationStatus::Approved,
            ApplicationEvent::Rejected(_) => record.status = ApplicationStatus::Rejected,
            ApplicationEvent::Withdrawn(_) => record.status = ApplicationStatus::Withdrawn,
        }
        Some(record)
    }
}

const REVIEWERS: &[Role] = &[Role::Cadre, Role::Manager];
const REVIEWER_ONLY: &str = "only a cadre or manager reviews applications";

fn decide(
    command: &ApplicationCommand,
    state: &ApplicationState,
) -> Result<Vec<ApplicationEvent>, CivicError> {
    let invalid = CivicError::invalid(S);
    let record = match (command, state) {
        (ApplicationCommand::Submit(c), None) => return submit(c),
        (ApplicationCommand::Submit(_), Some(_)) => return Err(CivicError::AlreadyExists(S)),
        (_, None) => return Err(CivicError::NotFound(S)),
        (_, Some(r)) => r,
    };
    let refuse = |command: &'static str| CivicError::InvalidTransition {
        subject: S,
        from: record.status.as_str(),
        command,
    };
    match command {
        ApplicationCommand::Submit(_) => Err(CivicError::AlreadyExists(S)),
        ApplicationCommand::RequestMaterials(c) => {
            acting(S, &c.by, REVIEWERS, REVIEWER_ONLY)?;
            if record.status != ApplicationStatus::UnderReview {
                return Err(refuse("request materials for"));
            }
            let materials = validate::text_list(
                "materials",
                &c.materials,
                super::guide::MAX_MATERIALS,
                super::guide::MAX_MATERIAL_NAME,
            )
            .map_err(&invalid)?;
            if materials.is_empty() {
                return Err(invalid(ValidationError::Empty { field: "materials" }));
            }
            Ok(vec![ApplicationMaterialsRequested {
                materials,
                reason: validate::text("reason", &c.reason, MAX_NOTE).map_err(&invalid)?,
                by: c.by,
                at: c.at,
            }
            .into()])
        }
        ApplicationCommand::SupplyMaterials(c) => {
            applicant(&c.by, record)?;
            if record.status != ApplicationStatus::MaterialsRequested {
                return Err(refuse("supply materials for"));
            }
            let materials = materials(&c.materials, &record.requested)?;
            Ok(vec![ApplicationMaterialsSupplied {
                materials,
                note: validate::optional_text("note", c.note.as_deref(), MAX_NOTE)
                    .map_err(&invalid)?,
                at: c.at,
            }
            .into()])
        }
        ApplicationCommand::Approve(c) => {
            acting(S, &c.by, REVIEWERS, REVIEWER_ONLY)?;
            if record.status != ApplicationStatus::UnderReview {
                return Err(refuse("approve"));
            }
            Ok(vec![ApplicationApproved {
                note: validate::optional_text("note", c.note.as_deref(), MAX_NOTE)
                    .map_err(&invalid)?,
                by: c.by,
                at: c.at,
            }
            .into()])
        }
        ApplicationCommand::Reject(c) => {
            acting(S, &c.by, REVIEWERS, REVIEWER_ONLY)?;
            if record.status.is_final() {
                return Err(refuse("reject"));
            }
            Ok(vec![ApplicationRejected {
                reason: validate::text("reason", &c.reason, MAX_NOTE).map_err(&invalid)?,
                by: c.by,
                at: c.at,
            }
            .into()])
        }
        ApplicationCommand::Withdraw(c) => {
            applicant(&c.by, record)?;
            if record.status.is_final() {
                return Err(refuse("withdraw"));
            }
            Ok(vec![ApplicationWithdrawn { at: c.at }.into()])
        }
    }
}

fn applicant(by: &Actor, record: &ApplicationRecord) -> Result<(), CivicError> {
    if by.is(record.applicant, Role::Resident) {
        Ok(())
    } else {
        Err(CivicError::NotAllowed {
            subject: S,
            actor: *by,
            reason: "only the applicant",
        })
    }
}

fn submit(c: &SubmitApplication) -> Result<Vec<ApplicationEvent>, CivicError> {
    let invalid = CivicError::invalid(S);
    let applicant = acting(S, &c.by, &[Role::Resident], "only a resident applies")?;
    let materials = materials(&c.materials, &c.guide.required)?;
    Ok(vec![ApplicationSubmitted {
        application_id: c.application_id,
        guide_id: c.guide.guide_id,
        guide_name: c.guide.name.clone(),
        applicant,
        jurisdiction: c.jurisdiction,
        materials,
        note: validate::optional_text("note", c.note.as_deref(), MAX_NOTE).map_err(&invalid)?,
        at: c.at,
    }
    .into()])
}

/// Trims and bounds the materials, refuses names not asked for, and requires every name in
/// `required` to come with at least one file.
fn materials(given: &[Material], required: &[String]) -> Result<Vec<Material>, CivicError> {
    let invalid = CivicError::invalid(S);
    let mut cleaned = Vec::with_capacity(given.len());
    for m in given {
        let name = validate::text("materials.name", &m.name, super::guide::MAX_MATERIAL_NAME)
            .map_err(&invalid)?;
        if !required.contains(&name) {
            return Err(invalid(ValidationError::Invalid {
                field: "materials.name",
                reason: "not a material this application asks for",
            }));
        }
        validate::media("materials.media", &m.media).map_err(&invalid)?;
        if m.media.is_empty() {
            return Err(invalid(ValidationError::Empty {
                field: "materials.media",
            }));
        }
        cleaned.push(Material {
            name,
            media: m.media.clone(),
        });
    }
    let names: Vec<&String> = cleaned.iter().map(|m| &m.name).collect();
    validate::unique_list("materials", &names, super::guide::MAX_MATERIALS).map_err(&invalid)?;
    let missing: Vec<String> = required
        .iter()
        .filter(|r| !names.contains(r))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(CivicError::MaterialsMissing { missing });
    }
    Ok(cleaned)
}
