//! Directory (组织架构): the jurisdiction tree, cadres per node, routing rules and time
//! limits. The directory is small and changes rarely, so the projection keeps its events
//! and the reader folds them into the domain's own `DirectoryState` (cached per checkpoint):
//! the read model can never disagree with what the router decides on.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use bincode::{Decode, Encode};
use linli_domain::complaint::Category;
use linli_domain::directory::{CadreRole, Directory, DirectoryEvent, DirectoryState, TimeLimits};
use linli_domain::{Aggregate, DomainEvent, JurisdictionCode, Level, UserId};
use linli_engine::AnyEvent;
use linli_eventlog::Position;
use serde::Serialize;

use crate::error::ProjectionError;
use crate::models::common::{decode, encode, Key};
use crate::runtime::{Envelope, Projection, Serving, Staged};

/// The projection's id.
pub const ID: &str = "directory";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;

/// `[1][position]` → [`StoredEvent`]: every directory event, in log order.
const EVENT: u8 = 1;

/// A directory event at its current schema version.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
struct StoredEvent {
    /// The stable event name.
    event_type: String,
    /// Its JSON payload at the current schema version.
    payload: Vec<u8>,
}

/// Keeps the directory's events.
#[derive(Debug, Default)]
pub struct DirectoryProjection;

impl Projection<AnyEvent> for DirectoryProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let AnyEvent::Directory(event) = &envelope.event else {
            return Ok(());
        };
        let payload = event
            .to_payload()
            .map_err(|e| ProjectionError::Undecodable {
                position: envelope.position,
                stream: "directory".into(),
                event_type: event.event_type().into(),
                reason: e.to_string(),
            })?;
        let stored = StoredEvent {
            event_type: event.event_type().to_owned(),
            payload,
        };
        staged.insert(
            Key::new(EVENT).u64(envelope.position.0).build(),
            encode(&stored),
        );
        Ok(())
    }
}

/// A cadre posted at a node.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostedCadre {
    /// The cadre.
    pub cadre: UserId,
    /// Their post there.
    pub role: CadreRole,
}

/// One node with its subtree.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeView {
    /// Its code.
    pub code: JurisdictionCode,
    /// Official name.
    pub name: String,
    /// Level.
    pub level: Level,
    /// Address aliases.
    pub aliases: Vec<String>,
    /// Whether it has a boundary polygon (for point routing).
    pub has_polygon: bool,
    /// Cadres posted here.
    pub cadres: Vec<PostedCadre>,
    /// Defined child nodes, in code order.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<NodeView>,
}

/// A routing rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingRuleView {
    /// Where it holds (and below).
    pub node: JurisdictionCode,
    /// The category; `None` = any category without its own rule at this node.
    pub category: Option<Category>,
    /// The post that handles it.
    pub role: CadreRole,
}

/// A category's time limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeLimitsView {
    /// The category.
    pub category: Category,
    /// Working minutes to accept.
    pub response_minutes: u32,
    /// Working minutes to resolve.
    pub resolution_minutes: u32,
}

/// The folded directory and the rules map `DirectoryState` does not expose.
#[derive(Debug)]
struct Folded {
    /// The domain's fold.
    state: Arc<DirectoryState>,
    /// Every routing rule, by node and category.
    rules: BTreeMap<(JurisdictionCode, Option<Category>), CadreRole>,
}

/// The cache key: which tree, at which checkpoint.
type Stamp = (Vec<u8>, Position);

/// The last fold and the stamp it was made at.
type Cache = Arc<Mutex<Option<(Stamp, Arc<Folded>)>>>;

/// Reads the directory projection.
#[derive(Debug, Clone)]
pub struct DirectoryView {
    /// The serving tree.
    serving: Serving,
    /// The last fold, reused while the tree and checkpoint are unchanged.
    cache: Cache,
}

impl DirectoryView {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        DirectoryView {
            serving,
            cache: Arc::new(Mutex::new(None)),
        }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    fn folded(&self) -> Result<Arc<Folded>, ProjectionError> {
        let tree = self.serving.tree();
        let stamp = (
            tree.name().to_vec(),
            crate::runtime::read_checkpoint(&tree)?,
        );
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((cached, folded)) = cache.as_ref() {
            if *cached == stamp {
                return Ok(folded.clone());
            }
        }
        let mut state = DirectoryState::default();
        let mut rules = BTreeMap::new();
        for kv in tree.scan_prefix([EVENT]) {
            let (_, bytes) = kv?;
            let stored: StoredEvent = decode(&tree, &bytes)?;
            let event = DirectoryEvent::from_payload(&stored.event_type, &stored.payload)
                .map_err(|e| ProjectionError::corrupt(&tree, e))?;
            if let DirectoryEvent::RoutingRuleSet(e) = &event {
                rules.insert((e.node, e.category), e.role);
            }
            state = Directory::evolve(state, &event);
        }
        let folded = Arc::new(Folded {
            state: Arc::new(state),
            rules,
        });
        *cache = Some((stamp, folded.clone()));
        Ok(folded)
    }

    /// The whole directory as the domain folds it (what the router reads).
    pub fn state(&self) -> Result<Arc<DirectoryState>, ProjectionError> {
        Ok(self.folded()?.state.clone())
    }

    /// The jurisdiction tree from its roots, with the cadres posted at each node.
    pub fn tree(&self) -> Result<Vec<NodeView>, ProjectionError> {
        let folded = self.folded()?;
        let state = &folded.state;
        fn build(state: &DirectoryState, node: &linli_domain::directory::Node) -> NodeView {
            NodeView {
                code: node.code,
                name: node.name.clone(),
                level: node.level,
                aliases: node.aliases.clone(),
                has_polygon: node.polygon.is_some(),
                cadres: state
                    .cadres_at(&node.code)
                    .map(|(cadre, role)| PostedCadre { cadre, role })
                    .collect(),
                children: state
                    .children(&node.code)
                    .map(|child| build(state, child))
                    .collect(),
            }
        }
        Ok(state.roots().map(|root| build(state, root)).collect())
    }

    /// Every routing rule, by node then category.
    pub fn routing_rules(&self) -> Result<Vec<RoutingRuleView>, ProjectionError> {
        Ok(self
            .folded()?
            .rules
            .iter()
            .map(|((node, category), role)| RoutingRuleView {
                node: *node,
                category: *category,
                role: *role,
            })
            .collect())
    }

    /// Every category's time limits that are set.
    pub fn time_limits(&self) -> Result<Vec<TimeLimitsView>, ProjectionError> {
        let state = self.state()?;
        Ok(Category::ALL
            .iter()
            .filter_map(|c| {
                state.time_limits(*c).map(
                    |TimeLimits {
                         response_minutes,
                         resolution_minutes,
                     }| {
                        TimeLimitsView {
                            category: *c,
                            response_minutes,
                            resolution_minutes,
                        }
                    },
                )
            })
            .collect())
    }
}
