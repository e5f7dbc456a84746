//! The directory as an import needs to see it: the domain's folded state plus the exact
//! routing rules, which `DirectoryState` only answers through an inherited lookup.
//!
//! A read-only aggregate over the `directory` stream: it is loaded through the engine like
//! any other (same decoding and upcasting) and never decides anything.

use std::collections::BTreeMap;
use std::convert::Infallible;

use linli_domain::complaint::Category;
use linli_domain::directory::{CadreRole, Directory, DirectoryEvent, DirectoryState};
use linli_domain::{Aggregate, JurisdictionCode};

/// The directory with its exact rules.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The domain's folded directory.
    pub state: DirectoryState,
    /// Rules exactly as set: (node, category or catch-all) → role.
    pub rules: BTreeMap<(JurisdictionCode, Option<Category>), CadreRole>,
}

/// Folds the `directory` stream into [`Settings`]; has no commands.
#[derive(Debug, Clone, Copy, Default)]
pub struct DirectorySettings;

impl Aggregate for DirectorySettings {
    const NAME: &'static str = Directory::NAME;
    type Command = Infallible;
    type Event = DirectoryEvent;
    type State = Settings;
    type Error = Infallible;

    fn decide(command: &Infallible, _: &Settings) -> Result<Vec<DirectoryEvent>, Infallible> {
        match *command {}
    }

    fn evolve(mut settings: Settings, event: &DirectoryEvent) -> Settings {
        if let DirectoryEvent::RoutingRuleSet(e) = event {
            settings.rules.insert((e.node, e.category), e.role);
        }
        settings.state = Directory::evolve(settings.state, event);
        settings
    }
}
