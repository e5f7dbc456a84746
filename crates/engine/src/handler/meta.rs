//! Facts about a command that are not the command itself; they become the log's metadata
//! on every event the command writes.

use linli_domain::Actor;
use linli_eventlog::Metadata;
use uuid::Uuid;

/// Who asked, on whose behalf, under which idempotency key; copied into every event written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandMeta {
    /// Who issued the command, as auditors will read it (`cadre <uuid>`, `system:scheduler`).
    pub actor: Option<String>,
    /// Ties together everything caused by one user action, across streams.
    pub correlation_id: Option<Uuid>,
    /// The event or request that directly caused this command.
    pub causation_id: Option<Uuid>,
    /// A retried command with the same key returns the first result instead of deciding
    /// again (see [`Engine::execute`](crate::Engine::execute)).
    pub idempotency_key: Option<String>,
    /// The tenant or jurisdiction the events belong to, for scoping.
    pub tenant: Option<String>,
}

impl CommandMeta {
    /// Metadata naming `actor` as the one who acted (its `Display` form).
    pub fn by(actor: &Actor) -> CommandMeta {
        CommandMeta {
            actor: Some(actor.to_string()),
            ..CommandMeta::default()
        }
    }

    /// Sets the actor text as given (e.g. `system:scheduler`).
    pub fn with_actor(mut self, actor: impl Into<String>) -> CommandMeta {
        self.actor = Some(actor.into());
        self
    }

    /// Sets the idempotency key.
    pub fn with_idempotency_key(mut self, key: impl Into<String>) -> CommandMeta {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Sets the correlation id.
    pub fn with_correlation_id(mut self, id: Uuid) -> CommandMeta {
        self.correlation_id = Some(id);
        self
    }

    /// Sets the causation id.
    pub fn with_causation_id(mut self, id: Uuid) -> CommandMeta {
        self.causation_id = Some(id);
        self
    }

    /// Sets the tenant.
    pub fn with_tenant(mut self, tenant: impl Into<String>) -> CommandMeta {
        self.tenant = Some(tenant.into());
        self
    }

    pub(crate) fn to_metadata(&self) -> Metadata {
        Metadata {
            correlation_id: self.correlation_id,
            causation_id: self.causation_id,
            actor: self.actor.clone(),
            idempotency_key: self.idempotency_key.clone(),
            tenant: self.tenant.clone(),
        }
    }
}
