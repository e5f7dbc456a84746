//! Who may post, like and comment.

use super::command::*;
use super::error::EncouragementError;
use super::event::*;
use super::state::EncouragementState;
use crate::actor::{Actor, Role};
use crate::ids::UserId;
use crate::validate;

type Decision = Result<Vec<EncouragementEvent>, EncouragementError>;

const MAX_TEXT: usize = 500;
const MAX_COMMENT: usize = 300;

pub(crate) fn decide(command: &EncouragementCommand, state: &EncouragementState) -> Decision {
    match (command, state) {
        (EncouragementCommand::Post(_), Some(_)) => Err(EncouragementError::AlreadyExists),
        (EncouragementCommand::Post(cmd), None) => post(cmd),
        (_, None) => Err(EncouragementError::NotFound),
        (EncouragementCommand::Like(cmd), Some(r)) => {
            let user = person(&cmd.by, "only a signed-in person likes")?;
            if user == r.cadre {
                return Err(EncouragementError::CannotEncourageSelf);
            }
            if r.likes.contains(&user) {
                return Err(EncouragementError::AlreadyLiked);
            }
            Ok(vec![EncouragementLiked { user, at: cmd.at }.into()])
        }
        (EncouragementCommand::Comment(cmd), Some(r)) => {
            person(&cmd.by, "only a signed-in person comments")?;
            let text = validate::text("text", &cmd.text, MAX_COMMENT)?;
            Ok(vec![EncouragementCommented {
                number: r.comment_count.saturating_add(1),
                author: cmd.by,
                text,
                at: cmd.at,
            }
            .into()])
        }
    }
}

/// A person who may write: anyone signed in except auditors, who only read.
fn person(by: &Actor, reason: &'static str) -> Result<UserId, EncouragementError> {
    match by {
        Actor::User { user, role } if *role != Role::Auditor => Ok(*user),
        _ => Err(EncouragementError::NotAllowed { actor: *by, reason }),
    }
}

fn post(cmd: &PostEncouragement) -> Decision {
    let author = match cmd.by {
        Actor::User {
            user,
            role: Role::Resident,
        } => user,
        _ => {
            return Err(EncouragementError::NotAllowed {
                actor: cmd.by,
                reason: "only a resident posts an encouragement",
            })
        }
    };
    if author == cmd.cadre {
        return Err(EncouragementError::CannotEncourageSelf);
    }
    let text = validate::text("text", &cmd.text, MAX_TEXT)?;
    validate::media("media", &cmd.media)?;
    Ok(vec![EncouragementPosted {
        encouragement_id: cmd.encouragement_id,
        author,
        cadre: cmd.cadre,
        text,
        media: cmd.media.clone(),
        at: cmd.at,
    }
    .into()])
}
