//! Turning a document into the commands it needs, against the directory as it stands.
//!
//! The domain records an event for every accepted directory command, even one that changes
//! nothing (a re-defined node becomes `node_updated`), so the plan leaves out every entry
//! the directory already says: re-importing a document writes nothing. The plan is then
//! dry-run through the domain's own `decide`/`evolve` on a copy of the state, so a bad entry
//! anywhere refuses the whole document before anything is written.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use linli_domain::calendar::YearCalendar;
use linli_domain::directory::{
    DefineNode, Directory, DirectoryCommand, DirectoryEvent, DirectoryState, PostCadre,
    SetHolidayCalendar, SetRoutingRule, SetTimeLimits, SetWorkingHours, TimeLimits,
};
use linli_domain::user::{GrantRole, RegisterUser, User, UserCommand, UserRecord, UserState};
use linli_domain::{Actor, Aggregate, DomainEvent, JurisdictionCode, Role, UserId};

use super::document::DirectoryDocument;
use super::settings::Settings;

/// Who is importing, and so which nodes they may change.
#[derive(Debug, Clone, Copy)]
pub enum Authority<'a> {
    /// The operator (`linli grant`, `linli demo`): everything.
    System,
    /// A signed-in manager: only nodes inside their manager scope; settings that hold
    /// everywhere (limits, calendars, hours) only when their scope covers every root.
    Manager(&'a UserRecord),
}

impl Authority<'_> {
    /// The actor commands are issued as.
    pub fn actor(&self) -> Actor {
        match self {
            Authority::System => Actor::System,
            Authority::Manager(record) => Actor::User {
                user: record.id,
                role: Role::Manager,
            },
        }
    }

    fn covers(&self, node: &JurisdictionCode) -> bool {
        match self {
            Authority::System => true,
            Authority::Manager(record) => record.covers(Role::Manager, node),
        }
    }
}

/// Why a document is refused; nothing has been written.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PlanError {
    /// An entry is not acceptable.
    #[error("{entry}: {reason}")]
    Invalid {
        /// Which entry, e.g. `nodes[3]`.
        entry: String,
        /// Why.
        reason: String,
    },
    /// An entry touches a node outside the importer's scope.
    #[error("{entry}: {node} is outside your jurisdictions")]
    OutOfScope {
        /// Which entry.
        entry: String,
        /// The node (or root) not covered.
        node: String,
    },
}

/// One command to run, with the entry it came from.
#[derive(Debug, Clone)]
pub struct Step<C> {
    /// The document entry, for messages (`cadres[2]`).
    pub entry: String,
    /// What the change is, stable across retries of the same document: scopes the
    /// idempotency key (`node:330110001001`).
    pub change: String,
    /// The command.
    pub command: C,
}

/// Everything a document needs written, already checked.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Registrations and role grants, per user stream; run first.
    pub users: Vec<(UserId, Step<UserCommand>)>,
    /// Directory commands, in order.
    pub directory: Vec<Step<DirectoryCommand>>,
    /// Entries that the directory (or users) already said.
    pub unchanged: usize,
}

/// What the planner reads: the directory and the users the document names.
#[derive(Debug)]
pub struct Current<'a> {
    /// The directory as it stands.
    pub settings: &'a Settings,
    /// Every user the document names (by id or openid), `None` when not registered.
    pub users: &'a BTreeMap<UserId, UserState>,
}

/// Plans `document` for `authority` at time `at`.
pub fn plan(
    document: &DirectoryDocument,
    current: &Current<'_>,
    authority: Authority<'_>,
    at: DateTime<Utc>,
) -> Result<Plan, PlanError> {
    let mut planner = Planner {
        state: current.settings.state.clone(),
        rules: current.settings.rules.clone(),
        users: current.users.clone(),
        authority,
        by: authority.actor(),
        at,
        plan: Plan::default(),
    };
    planner.nodes(document)?;
    planner.cadres(document)?;
    planner.rules(document)?;
    planner.settings(document)?;
    Ok(planner.plan)
}

struct Planner<'a> {
    /// The directory as it will be after the steps planned so far.
    state: DirectoryState,
    /// Exact rules, likewise.
    rules: BTreeMap<
        (JurisdictionCode, Option<linli_domain::complaint::Category>),
        linli_domain::directory::CadreRole,
    >,
    /// Users as they will be.
    users: BTreeMap<UserId, UserState>,
    authority: Authority<'a>,
    by: Actor,
    at: DateTime<Utc>,
    plan: Plan,
}

fn invalid(entry: &str, reason: impl ToString) -> PlanError {
    PlanError::Invalid {
        entry: entry.to_owned(),
        reason: reason.to_string(),
    }
}

impl Planner<'_> {
    fn in_scope(&self, entry: &str, node: &JurisdictionCode) -> Result<(), PlanError> {
        if self.authority.covers(node) {
            Ok(())
        } else {
            Err(PlanError::OutOfScope {
                entry: entry.to_owned(),
                node: node.to_string(),
            })
        }
    }

    /// Settings that hold everywhere need authority over every root of the tree.
    fn everywhere(&self, entry: &str) -> Result<(), PlanError> {
        if let Authority::Manager(_) = self.authority {
            let roots: Vec<JurisdictionCode> = self.state.roots().map(|n| n.code).collect();
            if roots.is_empty() {
                return Err(PlanError::OutOfScope {
                    entry: entry.to_owned(),
                    node: "the whole directory (no nodes yet)".into(),
                });
            }
            for root in &roots {
                self.in_scope(entry, root)?;
            }
        }
        Ok(())
    }

    /// Dry-runs a directory command and records it.
    fn directory(
        &mut self,
        entry: &str,
        change: String,
        command: DirectoryCommand,
    ) -> Result<Vec<DirectoryEvent>, PlanError> {
        let events = Directory::decide(&command, &self.state).map_err(|e| invalid(entry, e))?;
        for event in &events {
            // The log bounds one event's payload; a boundary may pass the domain's limit on
            // positions and still be too large to record.
            let size = event.to_payload().map_err(|e| invalid(entry, e))?.len();
            if size > linli_eventlog::MAX_PAYLOAD_LEN {
                return Err(invalid(
                    entry,
                    format!(
                        "the node is {size} bytes as an event, over the log's {} byte limit; simplify the polygon",
                        linli_eventlog::MAX_PAYLOAD_LEN
                    ),
                ));
            }
            if let DirectoryEvent::RoutingRuleSet(e) = event {
                self.rules.insert((e.node, e.category), e.role);
            }
            self.state = Directory::evolve(std::mem::take(&mut self.state), event);
        }
        self.plan.directory.push(Step {
            entry: entry.to_owned(),
            change,
            command,
        });
        Ok(events)
    }

    /// Dry-runs a user command and records it.
    fn user(
        &mut self,
        entry: &str,
        user: UserId,
        change: String,
        command: UserCommand,
    ) -> Result<(), PlanError> {
        let state = self.users.get(&user).cloned().flatten();
        let events = User::decide(&command, &state).map_err(|e| invalid(entry, e))?;
        let next = events.iter().fold(state, User::evolve);
        self.users.insert(user, next);
        self.plan.users.push((
            user,
            Step {
                entry: entry.to_owned(),
                change,
                command,
            },
        ));
        Ok(())
    }

    fn nodes(&mut self, document: &DirectoryDocument) -> Result<(), PlanError> {
        let mut order: Vec<usize> = (0..document.nodes.len()).collect();
        // Parents before children, whatever order the document lists them in.
        order.sort_by_key(|i| (document.nodes[*i].code.level(), document.nodes[*i].code));
        let mut seen = BTreeSet::new();
        for i in order {
            let node = &document.nodes[i];
            let entry = format!("nodes[{i}]");
            if !seen.insert(node.code) {
                return Err(invalid(&entry, format!("{} is listed twice", node.code)));
            }
            if let Some(parent) = node.parent {
                if node.code.parent() != Some(parent) {
                    return Err(invalid(
                        &entry,
                        format!("the parent of {} is not {parent}", node.code),
                    ));
                }
            }
            self.in_scope(&entry, &node.code)?;
            let command = DirectoryCommand::DefineNode(DefineNode {
                code: node.code,
                name: node.name.clone(),
                aliases: node.aliases.clone(),
                polygon: node.polygon.clone(),
                by: self.by,
                at: self.at,
            });
            // Decide first (it validates and normalizes), then compare what would be
            // recorded with what is there.
            let decided =
                Directory::decide(&command, &self.state).map_err(|e| invalid(&entry, e))?;
            let same = decided.iter().all(|event| match event {
                DirectoryEvent::NodeUpdated(updated) => {
                    self.state.node(&node.code).is_some_and(|existing| {
                        existing.name == updated.0.name
                            && existing.aliases == updated.0.aliases
                            && existing.polygon == updated.0.polygon
                    })
                }
                _ => false,
            });
            if same {
                self.plan.unchanged += 1;
            } else {
                self.directory(&entry, format!("node:{}", node.code), command)?;
            }
        }
        Ok(())
    }

    fn cadres(&mut self, document: &DirectoryDocument) -> Result<(), PlanError> {
        for (i, posting) in document.cadres.iter().enumerate() {
            let entry = format!("cadres[{i}]");
            self.in_scope(&entry, &posting.node)?;
            let user = match (&posting.user, &posting.openid) {
                (Some(user), None) => {
                    if !matches!(self.users.get(user), Some(Some(_))) {
                        return Err(invalid(&entry, format!("user {user} is not registered")));
                    }
                    *user
                }
                (None, Some(openid)) => {
                    let user = UserId::from_openid(openid);
                    if !matches!(self.users.get(&user), Some(Some(_))) {
                        // Registration is the login flow's, which is the system's.
                        let command = UserCommand::Register(RegisterUser {
                            user,
                            openid: openid.clone(),
                            by: Actor::System,
                            at: self.at,
                        });
                        self.user(&entry, user, format!("register:{user}"), command)?;
                    }
                    user
                }
                _ => return Err(invalid(&entry, "give exactly one of user and openid")),
            };
            self.cadre_role(&entry, user, posting.node)?;
            let posted = self
                .state
                .cadres_at(&posting.node)
                .any(|(u, r)| u == user && r == posting.role);
            if posted {
                self.plan.unchanged += 1;
                continue;
            }
            let command = DirectoryCommand::PostCadre(PostCadre {
                cadre: user,
                node: posting.node,
                role: posting.role,
                by: self.by,
                at: self.at,
            });
            self.directory(&entry, format!("post:{user}:{}", posting.node), command)?;
        }
        Ok(())
    }

    /// A posted cadre must hold the cadre role over the node to act there: widen their
    /// scope when it does not cover it yet.
    fn cadre_role(
        &mut self,
        entry: &str,
        user: UserId,
        node: JurisdictionCode,
    ) -> Result<(), PlanError> {
        let record = self.users.get(&user).cloned().flatten();
        if record
            .as_ref()
            .is_some_and(|r| r.covers(Role::Cadre, &node))
        {
            return Ok(());
        }
        let mut scope: BTreeSet<JurisdictionCode> = record
            .and_then(|r| r.roles.get(&Role::Cadre).cloned())
            .unwrap_or_default();
        scope.insert(node);
        let scope: Vec<JurisdictionCode> = scope.into_iter().collect();
        let command = UserCommand::GrantRole(GrantRole {
            role: Role::Cadre,
            scope: scope.clone(),
            by: self.by,
            at: self.at,
        });
        let change = format!(
            "grant:{user}:cadre:{}",
            scope
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        );
        self.user(entry, user, change, command)
    }

    fn rules(&mut self, document: &DirectoryDocument) -> Result<(), PlanError> {
        for (i, rule) in document.routing_rules.iter().enumerate() {
            let entry = format!("routing_rules[{i}]");
            self.in_scope(&entry, &rule.node)?;
            if self.rules.get(&(rule.node, rule.category)) == Some(&rule.role) {
                self.plan.unchanged += 1;
                continue;
            }
            let category = rule
                .category
                .map_or_else(|| "any".to_owned(), |c| format!("{c:?}"));
            let command = DirectoryCommand::SetRoutingRule(SetRoutingRule {
                node: rule.node,
                category: rule.category,
                role: rule.role,
                by: self.by,
                at: self.at,
            });
            self.directory(
                &entry,
                format!("rule:{}:{category}:{:?}", rule.node, rule.role),
                command,
            )?;
        }
        Ok(())
    }

    fn settings(&mut self, document: &DirectoryDocument) -> Result<(), PlanError> {
        for (i, limits) in document.time_limits.iter().enumerate() {
            let entry = format!("time_limits[{i}]");
            let wanted = TimeLimits {
                response_minutes: limits.response_minutes,
                resolution_minutes: limits.resolution_minutes,
            };
            if self.state.time_limits(limits.category) == Some(wanted) {
                self.plan.unchanged += 1;
                continue;
            }
            self.everywhere(&entry)?;
            let command = DirectoryCommand::SetTimeLimits(SetTimeLimits {
                category: limits.category,
                limits: wanted,
                by: self.by,
                at: self.at,
            });
            self.directory(
                &entry,
                format!(
                    "limits:{:?}:{}:{}",
                    limits.category, wanted.response_minutes, wanted.resolution_minutes
                ),
                command,
            )?;
        }
        for (i, calendar) in document.calendars.iter().enumerate() {
            let entry = format!("calendars[{i}]");
            let holidays: BTreeSet<_> = calendar.holidays.iter().copied().collect();
            let makeup: BTreeSet<_> = calendar.makeup_workdays.iter().copied().collect();
            let wanted = YearCalendar::new(calendar.year, holidays.clone(), makeup.clone()).ok();
            if wanted.is_some()
                && self.state.work_calendar().days.year(calendar.year) == wanted.as_ref()
            {
                self.plan.unchanged += 1;
                continue;
            }
            self.everywhere(&entry)?;
            let command = DirectoryCommand::SetHolidayCalendar(SetHolidayCalendar {
                year: calendar.year,
                holidays,
                makeup_workdays: makeup,
                by: self.by,
                at: self.at,
            });
            self.directory(&entry, format!("calendar:{}", calendar.year), command)?;
        }
        if let Some(hours) = &document.working_hours {
            let entry = "working_hours";
            if self.state.work_calendar().hours == *hours {
                self.plan.unchanged += 1;
            } else {
                self.everywhere(entry)?;
                let command = DirectoryCommand::SetWorkingHours(SetWorkingHours {
                    hours: hours.clone(),
                    by: self.by,
                    at: self.at,
                });
                let change = serde_json::to_string(hours).unwrap_or_default();
                self.directory(entry, format!("hours:{change}"), command)?;
            }
        }
        Ok(())
    }
}
