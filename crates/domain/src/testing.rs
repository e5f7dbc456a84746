//! A given/when/then harness for aggregates, public so other crates' tests can use it.
//!
//! ```
//! use linli_domain::testing::given;
//! use linli_domain::user::{User, UserCommand, RegisterUser, UserEvent, UserRegistered};
//! use linli_domain::{Actor, UserId};
//! # use chrono::{TimeZone, Utc};
//! let at = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
//! let user = UserId::from_u128(1);
//! let openid: linli_domain::OpenId = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".parse().unwrap();
//! given::<User>([])
//!     .when(UserCommand::Register(RegisterUser { user, openid: openid.clone(), by: Actor::System, at }))
//!     .then([UserEvent::Registered(UserRegistered { user, openid, at })]);
//! ```

use std::fmt::Debug;

use crate::aggregate::Aggregate;

/// Starts a scenario: these events are already in the stream.
pub fn given<A: Aggregate>(events: impl IntoIterator<Item = A::Event>) -> Given<A> {
    Given {
        history: events.into_iter().collect(),
    }
}

/// A stream's history, before the command under test.
#[derive(Debug)]
pub struct Given<A: Aggregate> {
    /// The events folded into the state the command is decided against.
    history: Vec<A::Event>,
}

impl<A: Aggregate> Given<A> {
    /// Decides `command` against the state folded from the history.
    pub fn when(self, command: A::Command) -> When<A> {
        let state = A::fold(self.history.iter());
        let outcome = A::decide(&command, &state);
        When {
            state,
            command,
            outcome,
        }
    }

    /// The state folded from the history, for assertions on `evolve` alone.
    pub fn state(self) -> A::State {
        A::fold(self.history.iter())
    }
}

/// The outcome of one command, waiting for its expectation.
#[derive(Debug)]
pub struct When<A: Aggregate> {
    /// The state the command was decided against; evolved further by `then`.
    state: A::State,
    /// The command, quoted back when an expectation fails.
    command: A::Command,
    /// What `decide` returned.
    outcome: Result<Vec<A::Event>, A::Error>,
}

impl<A> When<A>
where
    A: Aggregate,
    A::Command: Debug,
    A::Event: Debug + PartialEq,
    A::Error: Debug + PartialEq,
    A::State: Debug,
{
    /// Asserts the command succeeded with exactly these events, and returns the state after
    /// them so a test can look at what `evolve` made of them.
    #[track_caller]
    pub fn then(self, expected: impl IntoIterator<Item = A::Event>) -> A::State {
        let expected: Vec<A::Event> = expected.into_iter().collect();
        match self.outcome {
            Ok(events) => {
                assert_eq!(
                    events, expected,
                    "unexpected events for command {:#?}",
                    self.command
                );
                events.iter().fold(self.state, |s, e| A::evolve(s, e))
            }
            Err(error) => panic!(
                "expected events {expected:#?}\nbut command {:#?}\nwas refused: {error:#?}",
                self.command
            ),
        }
    }

    /// Asserts the command was refused with exactly this error.
    #[track_caller]
    pub fn then_error(self, expected: A::Error) {
        match self.outcome {
            Ok(events) => panic!(
                "expected error {expected:#?}\nbut command {:#?}\nproduced {events:#?}",
                self.command
            ),
            Err(error) => assert_eq!(error, expected, "unexpected error for {:#?}", self.command),
        }
    }

    /// Asserts the command succeeded and hands back its events, for custom assertions.
    #[track_caller]
    pub fn then_events(self) -> Vec<A::Event> {
        match self.outcome {
            Ok(events) => events,
            Err(error) => panic!("command {:#?}\nwas refused: {error:#?}", self.command),
        }
    }

    /// Asserts the command was refused and hands back the error, for matching on its shape.
    #[track_caller]
    pub fn then_any_error(self) -> A::Error {
        match self.outcome {
            Ok(events) => panic!(
                "expected a refusal but command {:#?}\nproduced {events:#?}",
                self.command
            ),
            Err(error) => error,
        }
    }
}
