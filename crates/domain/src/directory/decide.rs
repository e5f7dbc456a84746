//! Checks on directory changes. Only managers and the system change the directory; the API
//! checks that a manager's scope covers the node (it knows the manager's grants).

use super::command::*;
use super::error::DirectoryError;
use super::event::*;
use super::state::DirectoryState;
use crate::actor::{Actor, Role};
use crate::calendar::YearCalendar;
use crate::ids::JurisdictionCode;
use crate::validate;

type Decision = Result<Vec<DirectoryEvent>, DirectoryError>;

const MAX_NAME: usize = 64;
const MAX_ALIASES: usize = 32;

pub(crate) fn decide(command: &DirectoryCommand, state: &DirectoryState) -> Decision {
    may_change(command.by())?;
    match command {
        DirectoryCommand::DefineNode(cmd) => define_node(cmd, state),
        DirectoryCommand::PostCadre(cmd) => {
            require_node(state, &cmd.node)?;
            let current = state.cadres_at(&cmd.node).find(|(u, _)| *u == cmd.cadre);
            if current.is_some_and(|(_, r)| r == cmd.role) {
                return Err(DirectoryError::AlreadyPosted {
                    cadre: cmd.cadre,
                    node: cmd.node,
                });
            }
            Ok(vec![CadrePosted {
                cadre: cmd.cadre,
                node: cmd.node,
                role: cmd.role,
                by: cmd.by,
                at: cmd.at,
            }
            .into()])
        }
        DirectoryCommand::UnpostCadre(cmd) => {
            require_node(state, &cmd.node)?;
            if !state.cadres_at(&cmd.node).any(|(u, _)| u == cmd.cadre) {
                return Err(DirectoryError::NotPosted {
                    cadre: cmd.cadre,
                    node: cmd.node,
                });
            }
            Ok(vec![CadreUnposted {
                cadre: cmd.cadre,
                node: cmd.node,
                by: cmd.by,
                at: cmd.at,
            }
            .into()])
        }
        DirectoryCommand::SetRoutingRule(cmd) => {
            require_node(state, &cmd.node)?;
            Ok(vec![RoutingRuleSet {
                node: cmd.node,
                category: cmd.category,
                role: cmd.role,
                by: cmd.by,
                at: cmd.at,
            }
            .into()])
        }
        DirectoryCommand::SetTimeLimits(cmd) => {
            cmd.limits.validate()?;
            Ok(vec![TimeLimitsSet {
                category: cmd.category,
                response_minutes: cmd.limits.response_minutes,
                resolution_minutes: cmd.limits.resolution_minutes,
                by: cmd.by,
                at: cmd.at,
            }
            .into()])
        }
        DirectoryCommand::SetHolidayCalendar(cmd) => {
            YearCalendar::new(cmd.year, cmd.holidays.clone(), cmd.makeup_workdays.clone())?;
            Ok(vec![HolidayCalendarSet {
                year: cmd.year,
                holidays: cmd.holidays.iter().copied().collect(),
                makeup_workdays: cmd.makeup_workdays.iter().copied().collect(),
                by: cmd.by,
                at: cmd.at,
            }
            .into()])
        }
        DirectoryCommand::SetWorkingHours(cmd) => Ok(vec![WorkingHoursSet {
            hours: cmd.hours.clone(),
            by: cmd.by,
            at: cmd.at,
        }
        .into()]),
    }
}

fn may_change(by: &Actor) -> Result<(), DirectoryError> {
    if by.is_system() || by.has_role(Role::Manager) {
        Ok(())
    } else {
        Err(DirectoryError::NotAllowed {
            actor: *by,
            reason: "only a manager or the system changes the directory",
        })
    }
}

fn require_node(state: &DirectoryState, code: &JurisdictionCode) -> Result<(), DirectoryError> {
    state
        .node(code)
        .map(|_| ())
        .ok_or(DirectoryError::NodeNotFound(*code))
}

fn define_node(cmd: &DefineNode, state: &DirectoryState) -> Decision {
    let name = validate::text("name", &cmd.name, MAX_NAME)?;
    let aliases = validate::text_list("aliases", &cmd.aliases, MAX_ALIASES, MAX_NAME)?;
    let parent = cmd.code.parent();
    if let Some(parent) = parent {
        let parent_defined = state.node(&parent).is_some();
        let any_ancestor_defined = cmd.code.ancestors().any(|a| state.node(&a).is_some());
        if any_ancestor_defined && !parent_defined {
            return Err(DirectoryError::ParentNotDefined {
                code: cmd.code,
                parent,
            });
        }
    }
    let data = NodeDefined {
        code: cmd.code,
        name,
        level: cmd.code.level(),
        parent,
        aliases,
        polygon: cmd.polygon.clone(),
        by: cmd.by,
        at: cmd.at,
    };
    Ok(vec![if state.node(&cmd.code).is_some() {
        DirectoryEvent::NodeUpdated(NodeUpdated(data))
    } else {
        DirectoryEvent::NodeDefined(data)
    }])
}
