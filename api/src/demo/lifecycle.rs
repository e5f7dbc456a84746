//! Playing one planned complaint out through the engine, at historical times: the domain
//! takes time from commands, so the log reads as if it happened then.

use chrono::{DateTime, TimeDelta, Utc};
use linli_domain::complaint::{
    AcceptComplaint, AddNote, Anonymity, Assignment, Complaint, ComplaintCommand,
    ConfirmResolution, DeadlineKind, EscalateComplaint, EscalationReason, FileComplaint,
    MarkOverdue, MergeAsDuplicate, NoteVisibility, RateComplaint, ReopenComplaint,
    ResolveComplaint, Score, Visibility, WithdrawComplaint,
};
use linli_domain::{Actor, Role, StreamName, UserId};
use linli_engine::routing::NoWorkload;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::history::{Fate, Story};
use super::texts;
use super::{meta, Demo, DemoError};

/// Where a story stands while it plays.
struct Play<'a> {
    demo: &'a Demo,
    story: &'a Story,
    rng: StdRng,
    /// The time of the last step.
    t: DateTime<Utc>,
    /// The current assignment.
    assignment: Assignment,
}

/// Plays `story`; stops quietly at the first step that would lie in the future.
pub async fn play(demo: &Demo, story: &Story) -> Result<(), DemoError> {
    let file = FileComplaint {
        complaint_id: story.id,
        by: resident(story.resident),
        category: story.category,
        occurred_at: story.filed_at - TimeDelta::minutes(90),
        address: story.place.address.clone(),
        point: story.place.point,
        jurisdiction: story.place.code,
        description: story.description.clone(),
        media: vec![],
        voice_note: None,
        anonymity: if story.anonymous {
            Anonymity::Anonymous
        } else {
            Anonymity::Named
        },
        visibility: if story.public {
            Visibility::Public
        } else {
            Visibility::Private
        },
        at: story.filed_at,
    };
    let intake = linli_engine::intake::file_and_route(
        &demo.engine,
        &demo.directory,
        &NoWorkload,
        file,
        story.home_grid,
        meta(&resident(story.resident), &format!("{}:file", story.id)),
    )
    .await
    .map_err(|e| DemoError::Step {
        step: format!("filing {}", story.id),
        reason: e.to_string(),
    })?;
    let mut play = Play {
        demo,
        story,
        rng: StdRng::seed_from_u64(story.seed),
        t: story.filed_at,
        assignment: intake.assignment,
    };
    match play.run().await {
        Ok(()) | Err(Stop::Future) => Ok(()),
        Err(Stop::Failed(e)) => Err(e),
    }
}

fn resident(user: UserId) -> Actor {
    Actor::User {
        user,
        role: Role::Resident,
    }
}

/// Why a story stopped early.
enum Stop {
    /// The next step would be after now: the story is still unfolding.
    Future,
    /// A command failed.
    Failed(DemoError),
}

type Step = Result<(), Stop>;

impl Play<'_> {
    async fn run(&mut self) -> Step {
        let Some(cadre) = self.assignment.cadre else {
            return Ok(());
        };
        match self.story.fate {
            Fate::Triage | Fate::Assigned => Ok(()),
            Fate::InProgress => {
                self.accept(cadre, 10..120).await?;
                self.note(cadre, 30..600).await
            }
            Fate::Resolved => {
                self.accept(cadre, 10..120).await?;
                self.note(cadre, 30..300).await?;
                self.resolve(cadre, 120..2000).await
            }
            Fate::Closed => {
                self.accept(cadre, 5..180).await?;
                if self.rng.gen_bool(0.6) {
                    self.note(cadre, 30..600).await?;
                }
                self.resolve(cadre, 120..4000).await?;
                self.close(60..2500).await
            }
            Fate::Reopened => {
                self.accept(cadre, 5..120).await?;
                self.resolve(cadre, 120..2000).await?;
                self.reopen(60..2000).await?;
                if self.rng.gen_bool(0.5) {
                    self.resolve(cadre, 600..3000).await?;
                    self.close(60..2000).await?;
                }
                Ok(())
            }
            Fate::Withdrawn => {
                if self.rng.gen_bool(0.5) {
                    self.accept(cadre, 10..120).await?;
                }
                let reason = self.pick(texts::WITHDRAW_REASONS);
                let at = self.after(30..1500)?;
                self.run_command(
                    "withdraw",
                    ComplaintCommand::Withdraw(WithdrawComplaint {
                        reason: Some(reason),
                        by: resident(self.story.resident),
                        at,
                    }),
                )
                .await
            }
            Fate::Merged(into) => {
                let at = self.after(20..600)?;
                self.run_command(
                    "merge",
                    ComplaintCommand::MergeAsDuplicate(MergeAsDuplicate {
                        into,
                        by: cadre_actor(cadre),
                        at,
                    }),
                )
                .await
            }
            Fate::Overdue => self.overdue(DeadlineKind::Response).await,
            Fate::EscalatedUnanswered => {
                self.overdue(DeadlineKind::Response).await?;
                self.escalate(EscalationReason::ResponseOverdue).await?;
                self.maybe_finish().await
            }
            Fate::EscalatedUnresolved => {
                self.accept(cadre, 10..200).await?;
                self.note(cadre, 60..600).await?;
                self.overdue(DeadlineKind::Resolution).await?;
                self.escalate(EscalationReason::ResolutionOverdue).await?;
                self.maybe_finish().await
            }
        }
    }

    /// The time `minutes` after the last step, or [`Stop::Future`].
    fn after(&mut self, minutes: std::ops::Range<i64>) -> Result<DateTime<Utc>, Stop> {
        let t = self.t + TimeDelta::minutes(self.rng.gen_range(minutes));
        self.at(t)
    }

    fn at(&mut self, t: DateTime<Utc>) -> Result<DateTime<Utc>, Stop> {
        if t > self.demo.now - TimeDelta::minutes(1) {
            return Err(Stop::Future);
        }
        self.t = t;
        Ok(t)
    }

    fn pick(&mut self, texts: &[&str]) -> String {
        texts
            .choose(&mut self.rng)
            .copied()
            .unwrap_or("好的")
            .to_owned()
    }

    async fn run_command(&mut self, step: &str, command: ComplaintCommand) -> Step {
        let actor = *command.by();
        let stream = StreamName::Complaint(self.story.id);
        let outcome = self
            .demo
            .engine
            .execute::<Complaint>(
                stream,
                command,
                meta(&actor, &format!("{}:{step}", self.story.id)),
            )
            .await
            .map_err(|e| {
                Stop::Failed(DemoError::Step {
                    step: format!("{step} {}", self.story.id),
                    reason: e.to_string(),
                })
            })?;
        for event in &outcome.events {
            if let linli_domain::complaint::ComplaintEvent::Escalated(e) = event {
                self.assignment = e.assignment.clone();
            }
        }
        Ok(())
    }

    async fn accept(&mut self, cadre: UserId, minutes: std::ops::Range<i64>) -> Step {
        let at = self.after(minutes)?;
        self.run_command(
            "accept",
            ComplaintCommand::Accept(AcceptComplaint {
                by: cadre_actor(cadre),
                at,
            }),
        )
        .await
    }

    async fn note(&mut self, cadre: UserId, minutes: std::ops::Range<i64>) -> Step {
        let at = self.after(minutes)?;
        let (text, visibility) = if self.rng.gen_bool(0.2) {
            (self.pick(texts::INTERNAL_NOTES), NoteVisibility::Internal)
        } else {
            (self.pick(texts::NOTES), NoteVisibility::Shared)
        };
        let step = format!("note-{}", at.timestamp());
        self.run_command(
            &step,
            ComplaintCommand::AddNote(AddNote {
                text,
                media: vec![],
                visibility,
                by: cadre_actor(cadre),
                at,
            }),
        )
        .await
    }

    async fn resolve(&mut self, cadre: UserId, minutes: std::ops::Range<i64>) -> Step {
        let at = self.after(minutes)?;
        let resolution = self.pick(texts::RESOLUTIONS);
        let step = format!("resolve-{}", at.timestamp());
        self.run_command(
            &step,
            ComplaintCommand::Resolve(ResolveComplaint {
                resolution,
                media: vec![],
                by: cadre_actor(cadre),
                at,
            }),
        )
        .await
    }

    /// The resident confirms and (usually) rates.
    async fn close(&mut self, minutes: std::ops::Range<i64>) -> Step {
        let at = self.after(minutes)?;
        let by = resident(self.story.resident);
        self.run_command(
            "confirm",
            ComplaintCommand::Confirm(ConfirmResolution { by, at }),
        )
        .await?;
        if self.rng.gen_bool(0.2) {
            return Ok(());
        }
        let score = *[5u8, 5, 5, 4, 4, 4, 3, 2, 1]
            .choose(&mut self.rng)
            .unwrap_or(&5);
        let pool = if score >= 4 {
            texts::GOOD_TAGS
        } else {
            texts::POOR_TAGS
        };
        let count = self.rng.gen_range(1..=2);
        let tags: Vec<String> = pool
            .choose_multiple(&mut self.rng, count)
            .map(|t| (*t).to_owned())
            .collect();
        let comment = self.rng.gen_bool(0.5).then(|| {
            texts::COMMENTS
                .choose(&mut self.rng)
                .copied()
                .unwrap_or("谢谢")
                .to_owned()
        });
        let at = self.after(1..120)?;
        self.run_command(
            "rate",
            ComplaintCommand::Rate(RateComplaint {
                score: Score::new(score).unwrap_or(Score::new(5).expect("5 is a score")),
                tags,
                comment,
                by,
                at,
            }),
        )
        .await
    }

    async fn reopen(&mut self, minutes: std::ops::Range<i64>) -> Step {
        let at = self.after(minutes)?;
        let router = self.router()?;
        let due = linli_engine::due_times(self.story.category, at, router.directory());
        let reason = self.pick(texts::REOPEN_REASONS);
        self.run_command(
            "reopen",
            ComplaintCommand::Reopen(ReopenComplaint {
                reason,
                window: TimeDelta::days(7),
                resolution_due_at: due.resolution,
                by: resident(self.story.resident),
                at,
            }),
        )
        .await
    }

    fn router(&self) -> Result<std::sync::Arc<linli_engine::Router>, Stop> {
        self.demo.directory.router().map_err(|e| {
            Stop::Failed(DemoError::Step {
                step: "loading the directory".into(),
                reason: e.to_string(),
            })
        })
    }

    /// The scheduler's first half: a deadline passed.
    async fn overdue(&mut self, deadline: DeadlineKind) -> Step {
        let due = match deadline {
            DeadlineKind::Response => self.assignment.response_due_at,
            DeadlineKind::Resolution => self.assignment.resolution_due_at,
        };
        let at = due.max(self.t) + TimeDelta::minutes(self.rng.gen_range(1..30));
        let at = self.at(at)?;
        self.run_command(
            &format!("overdue-{deadline:?}"),
            ComplaintCommand::MarkOverdue(MarkOverdue {
                deadline,
                by: Actor::System,
                at,
            }),
        )
        .await
    }

    /// The scheduler's second half: one level up.
    async fn escalate(&mut self, reason: EscalationReason) -> Step {
        let at = self.after(1..5)?;
        let router = self.router()?;
        let Some(decision) = router.escalation(
            &self.assignment.jurisdiction,
            self.story.category,
            &NoWorkload,
        ) else {
            return Ok(());
        };
        let assignment = router.assignment(&decision, self.story.category, at);
        self.run_command(
            &format!("escalate-{reason:?}"),
            ComplaintCommand::Escalate(EscalateComplaint {
                assignment,
                reason,
                by: Actor::System,
                at,
            }),
        )
        .await
    }

    /// Half of the escalated complaints were then handled by the higher level.
    async fn maybe_finish(&mut self) -> Step {
        let Some(cadre) = self.assignment.cadre else {
            return Ok(());
        };
        if self.rng.gen_bool(0.5) {
            return Ok(());
        }
        self.resolve(cadre, 60..3000).await?;
        self.close(60..2000).await
    }
}

fn cadre_actor(user: UserId) -> Actor {
    Actor::User {
        user,
        role: Role::Cadre,
    }
}
