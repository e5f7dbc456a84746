//! Random but valid histories: each step picks a command, asks the domain's pure `decide`
//! against the current state, and appends whatever events it returns (refusals append
//! nothing). Steps are plain numbers so proptest can shrink them.
#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use linli_domain::complaint::*;
use linli_domain::directory::*;
use linli_domain::encouragement::*;
use linli_domain::{
    Actor, Aggregate, ComplaintId, EncouragementId, JurisdictionCode, StreamName, UserId,
};
use linli_eventlog::{EventLog, ExpectedVersion, Metadata, NewEvent, Position, StreamId};

/// One step: which command, which target, a free parameter.
pub type Step = (u8, u8, u16);

const RESIDENTS: u128 = 5;
const CADRES: u128 = 4;

fn resident(i: u128) -> UserId {
    UserId::from_u128(0x1000 + i % RESIDENTS)
}

fn cadre(i: u128) -> UserId {
    UserId::from_u128(0x2000 + i % CADRES)
}

fn manager() -> Actor {
    Actor::manager(UserId::from_u128(0x3000))
}

fn code(text: &str) -> JurisdictionCode {
    text.parse().expect("valid code")
}

fn places() -> [JurisdictionCode; 4] {
    [
        code("330106001001-G001"),
        code("330106001001"),
        code("330106001002"),
        code("330106001000"),
    ]
}

/// The simulated world: every aggregate's state, and a clock.
#[derive(Debug, Default)]
pub struct World {
    /// Every complaint filed so far, with its state.
    complaints: Vec<(ComplaintId, ComplaintState)>,
    /// Every encouragement posted so far, with its state.
    encouragements: Vec<(EncouragementId, EncouragementState)>,
    /// The directory as this world decided it.
    directory: DirectoryState,
    /// Minutes since the world's epoch; every step moves it on.
    minutes: i64,
    /// The last id handed out.
    next_id: u128,
}

/// What one step produced: the stream and its events, ready to append.
pub struct Append {
    /// The stream to append to.
    pub stream: StreamId,
    /// The encoded events.
    pub events: Vec<NewEvent>,
}

impl World {
    /// A world whose new ids start above `base`, so several writers (or several runs of one)
    /// never file into each other's streams.
    pub fn with_id_base(base: u128) -> World {
        World {
            next_id: base,
            ..World::default()
        }
    }

    fn now(&self) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap() + TimeDelta::minutes(self.minutes)
    }

    fn assignment(&self, cadre_pick: Option<u128>, place: usize) -> Assignment {
        let now = self.now();
        Assignment {
            cadre: cadre_pick.map(cadre),
            jurisdiction: places()[place % 4],
            basis: RoutingBasis::ExplicitCode,
            response_due_at: now + TimeDelta::hours(2),
            resolution_due_at: now + TimeDelta::hours(48),
        }
    }

    /// Decides one step; returns what to append, if the domain accepted it.
    pub fn step(&mut self, (kind, target, param): Step) -> Option<Append> {
        self.minutes += i64::from(param % 600) + 1;
        let now = self.now();
        let p = u128::from(param);
        match kind % 20 {
            0..=2 => self.file(p),
            3..=16 => {
                if self.complaints.is_empty() {
                    return self.file(p);
                }
                let index = target as usize % self.complaints.len();
                let (id, state) = self.complaints[index].clone();
                let record = state.as_ref()?;
                let holder = record.cadre();
                let filer = Actor::resident(record.resident);
                let as_cadre = holder.map(Actor::cadre).unwrap_or(Actor::cadre(cadre(p)));
                let command = match kind % 20 {
                    3 | 4 => ComplaintCommand::Assign(AssignComplaint {
                        assignment: self.assignment((p % 5 != 0).then_some(p), target as usize),
                        by: Actor::System,
                        at: now,
                    }),
                    5 => ComplaintCommand::Accept(AcceptComplaint {
                        by: as_cadre,
                        at: now,
                    }),
                    6 => ComplaintCommand::AddNote(AddNote {
                        text: format!("note {param}"),
                        media: vec![],
                        visibility: if p % 2 == 0 {
                            NoteVisibility::Shared
                        } else {
                            NoteVisibility::Internal
                        },
                        by: if p % 3 == 0 { filer } else { as_cadre },
                        at: now,
                    }),
                    7 => ComplaintCommand::Transfer(TransferComplaint {
                        assignment: self.assignment(Some(p), target as usize + 1),
                        reason: "not my street".into(),
                        by: manager(),
                        at: now,
                    }),
                    8 => ComplaintCommand::RejectNotResponsible(RejectNotResponsible {
                        reason: "wrong village".into(),
                        by: as_cadre,
                        at: now,
                    }),
                    9 | 10 => ComplaintCommand::Resolve(ResolveComplaint {
                        resolution: format!("fixed {param}"),
                        media: vec![],
                        by: as_cadre,
                        at: now,
                    }),
                    11 => ComplaintCommand::Confirm(ConfirmResolution { by: filer, at: now }),
                    12 => ComplaintCommand::Reopen(ReopenComplaint {
                        reason: "still broken".into(),
                        window: TimeDelta::days(30),
                        resolution_due_at: now + TimeDelta::hours(24),
                        by: filer,
                        at: now,
                    }),
                    13 => ComplaintCommand::Rate(RateComplaint {
                        score: Score::new((param % 5) as u8 + 1).unwrap(),
                        tags: vec!["快".into()],
                        comment: (p % 2 == 0).then(|| "谢谢".to_string()),
                        by: filer,
                        at: now,
                    }),
                    14 => ComplaintCommand::MarkOverdue(MarkOverdue {
                        deadline: if p % 2 == 0 {
                            DeadlineKind::Response
                        } else {
                            DeadlineKind::Resolution
                        },
                        by: Actor::System,
                        at: now + TimeDelta::days(30),
                    }),
                    15 => {
                        let current = record.jurisdiction()?;
                        let parent = current.parent()?;
                        ComplaintCommand::Escalate(EscalateComplaint {
                            assignment: Assignment {
                                jurisdiction: parent,
                                ..self.assignment(Some(p + 1), 0)
                            },
                            reason: EscalationReason::Manual,
                            by: manager(),
                            at: now,
                        })
                    }
                    _ => {
                        if p % 2 == 0 {
                            ComplaintCommand::Withdraw(WithdrawComplaint {
                                reason: Some("solved myself".into()),
                                by: filer,
                                at: now,
                            })
                        } else {
                            let into = self.complaints[(index + 1) % self.complaints.len()].0;
                            ComplaintCommand::MergeAsDuplicate(MergeAsDuplicate {
                                into,
                                by: manager(),
                                at: now,
                            })
                        }
                    }
                };
                let events = Complaint::decide(&command, &state).ok()?;
                if events.is_empty() {
                    return None;
                }
                let next = events.iter().fold(state, Complaint::evolve);
                self.complaints[index].1 = next;
                Some(Append {
                    stream: stream(StreamName::Complaint(id)),
                    events: linli_engine::codec::encode_all(&events).unwrap(),
                })
            }
            17 | 18 => self.encourage(target, p),
            _ => self.directory(p),
        }
    }

    fn file(&mut self, p: u128) -> Option<Append> {
        self.next_id += 1;
        let id = ComplaintId::from_u128((0xC << 120) + self.next_id);
        let now = self.now();
        let command = ComplaintCommand::File(FileComplaint {
            complaint_id: id,
            by: Actor::resident(resident(p)),
            category: Category::ALL[(p % 7) as usize],
            occurred_at: now - TimeDelta::hours(1),
            address: format!("{p} 号楼"),
            point: None,
            jurisdiction: (p % 3 == 0).then(|| places()[(p % 4) as usize]),
            description: format!("问题 {p}"),
            media: vec![],
            voice_note: None,
            anonymity: if p % 4 == 0 {
                Anonymity::Anonymous
            } else {
                Anonymity::Named
            },
            visibility: Visibility::Private,
            at: now,
        });
        let events = Complaint::decide(&command, &None).ok()?;
        let state = events.iter().fold(None, Complaint::evolve);
        self.complaints.push((id, state));
        Some(Append {
            stream: stream(StreamName::Complaint(id)),
            events: linli_engine::codec::encode_all(&events).unwrap(),
        })
    }

    fn encourage(&mut self, target: u8, p: u128) -> Option<Append> {
        let now = self.now();
        let (index, command) = if self.encouragements.is_empty() || p % 3 == 0 {
            self.next_id += 1;
            let id = EncouragementId::from_u128((0xE << 120) + self.next_id);
            self.encouragements.push((id, None));
            (
                self.encouragements.len() - 1,
                EncouragementCommand::Post(PostEncouragement {
                    encouragement_id: id,
                    cadre: cadre(p),
                    text: "谢谢书记".into(),
                    media: vec![],
                    by: Actor::resident(resident(p)),
                    at: now,
                }),
            )
        } else {
            let index = target as usize % self.encouragements.len();
            let command = if p % 3 == 1 {
                EncouragementCommand::Like(LikeEncouragement {
                    by: Actor::resident(resident(p)),
                    at: now,
                })
            } else {
                EncouragementCommand::Comment(CommentOnEncouragement {
                    text: "赞".into(),
                    by: Actor::resident(resident(p)),
                    at: now,
                })
            };
            (index, command)
        };
        let (id, state) = self.encouragements[index].clone();
        let events = Encouragement::decide(&command, &state).ok()?;
        if events.is_empty() {
            return None;
        }
        self.encouragements[index].1 = events.iter().fold(state, Encouragement::evolve);
        Some(Append {
            stream: stream(StreamName::Encouragement(id)),
            events: linli_engine::codec::encode_all(&events).unwrap(),
        })
    }

    fn directory(&mut self, p: u128) -> Option<Append> {
        let now = self.now();
        let by = Actor::System;
        let ordered = [
            code("330106000000"),
            code("330106001000"),
            code("330106001001"),
            code("330106001002"),
            code("330106001001-G001"),
        ];
        let command = match p % 3 {
            0 => DirectoryCommand::DefineNode(DefineNode {
                code: ordered[(p as usize / 3) % 5],
                name: format!("节点 {p}"),
                aliases: vec![],
                polygon: None,
                by,
                at: now,
            }),
            1 => DirectoryCommand::PostCadre(PostCadre {
                cadre: cadre(p),
                node: ordered[(p as usize / 3) % 5],
                role: CadreRole::GridWorker,
                by,
                at: now,
            }),
            _ => DirectoryCommand::SetRoutingRule(SetRoutingRule {
                node: ordered[(p as usize / 3) % 5],
                category: (p % 2 == 0).then_some(Category::Theft),
                role: CadreRole::VillageStaff,
                by,
                at: now,
            }),
        };
        let events = Directory::decide(&command, &self.directory).ok()?;
        if events.is_empty() {
            return None;
        }
        let state = std::mem::take(&mut self.directory);
        self.directory = events.iter().fold(state, Directory::evolve);
        Some(Append {
            stream: stream(StreamName::Directory),
            events: linli_engine::codec::encode_all(&events).unwrap(),
        })
    }
}

fn stream(name: StreamName) -> StreamId {
    StreamId::new(name.to_string()).unwrap()
}

/// Appends one step's events; returns the last position written.
pub async fn append(log: &EventLog, append: Append) -> Position {
    log.append(
        append.stream,
        ExpectedVersion::Any,
        append.events,
        Metadata::default(),
    )
    .await
    .expect("append")
    .last_position
}

/// Counts of events per type in a log, for sanity checks on generated histories.
pub fn event_types(log: &EventLog) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for record in log.scan(Position(1)) {
        *counts.entry(record.unwrap().event_type).or_default() += 1;
    }
    counts
}
