//! An order's contact phone and address: opened for the resident who placed it and for its
//! provider (who needs them to do the work), redacted for everyone else who may read the
//! order (managers and auditors read a resident's personal data through the recorded
//! `GET /api/v1/users/{id}/personal`), and shown as forgotten — never an error — once the
//! resident was forgotten.

use linli_domain::services::provider::owner_of;
use linli_domain::Role;
use linli_projections::models::services::{OrderView, PersonalShown};
use linli_projections::PageOf;
use linli_vault::Vault;

use super::reveal::{open, Revealed};
use crate::auth::Principal;

/// Who reads an order, as far as its personal data is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    user: linli_domain::UserId,
    provider_account: bool,
}

impl Reader {
    /// The signed-in caller.
    pub fn of(principal: &Principal) -> Reader {
        Reader {
            user: principal.user,
            provider_account: principal.has(Role::Provider),
        }
    }

    fn may_open(self, order: &OrderView) -> bool {
        self.user == order.resident
            || (self.provider_account && self.user == owner_of(order.provider))
    }
}

/// Fills in an order's phone and address for `reader`. Blocking I/O (key files): call
/// through [`open_order_async`] or [`open_page_async`].
pub fn open_order(vault: &Vault, reader: Reader, order: &mut OrderView) {
    if !reader.may_open(order) {
        return redact(order);
    }
    // A forgotten resident's plain values from before sealing are gone for readers too.
    let forgotten = vault.is_forgotten(order.resident).unwrap_or_else(|e| {
        tracing::warn!(error = %e, resident = %order.resident, "cannot tell whether a resident was forgotten");
        false
    });
    let sealed = &order.sealed;
    let (address, address_status) = if forgotten {
        (None, PersonalShown::Forgotten)
    } else {
        shown(
            vault,
            sealed.address.as_ref(),
            sealed.legacy_address.as_deref(),
        )
    };
    let (phone, phone_status) = if forgotten {
        (None, PersonalShown::Forgotten)
    } else {
        shown(vault, sealed.phone.as_ref(), sealed.legacy_phone.as_deref())
    };
    order.address = address;
    order.address_status = address_status;
    order.contact_phone = phone;
    order.contact_phone_status = phone_status;
}

fn redact(order: &mut OrderView) {
    order.address = None;
    order.address_status = PersonalShown::Redacted;
    order.contact_phone = None;
    order.contact_phone_status = PersonalShown::Redacted;
}

fn shown(
    vault: &Vault,
    sealed: Option<&linli_domain::sealed::Sealed>,
    legacy: Option<&str>,
) -> (Option<String>, PersonalShown) {
    let revealed = match (sealed, legacy) {
        (Some(sealed), _) => open(vault, sealed),
        (None, Some(plain)) => Revealed::Shown {
            value: plain.to_owned(),
        },
        // Every order has both; a stored value that no longer parses cannot be opened.
        (None, None) => Revealed::Unreadable,
    };
    match revealed {
        Revealed::Shown { value } => (Some(value), PersonalShown::Shown),
        Revealed::Forgotten => (None, PersonalShown::Forgotten),
        Revealed::Absent | Revealed::Unreadable => (None, PersonalShown::Unreadable),
    }
}

/// [`open_order`] on a blocking thread.
pub async fn open_order_async(vault: &Vault, reader: Reader, order: OrderView) -> OrderView {
    let fallback = order.clone();
    open_many(vault, reader, vec![order])
        .await
        .pop()
        .unwrap_or(fallback)
}

/// [`open_order`] for every order of a page, on one blocking thread.
pub async fn open_page_async(
    vault: &Vault,
    reader: Reader,
    page: PageOf<OrderView>,
) -> PageOf<OrderView> {
    let PageOf { items, next } = page;
    PageOf {
        items: open_many(vault, reader, items).await,
        next,
    }
}

async fn open_many(vault: &Vault, reader: Reader, orders: Vec<OrderView>) -> Vec<OrderView> {
    let vault = vault.clone();
    // Kept to answer with if the blocking task fails: redacted, never the sealed values.
    let mut fallback = orders.clone();
    tokio::task::spawn_blocking(move || {
        let mut orders = orders;
        for order in &mut orders {
            open_order(&vault, reader, order);
        }
        orders
    })
    .await
    .unwrap_or_else(|e| {
        tracing::error!(error = %e, "opening orders' personal data panicked");
        for order in &mut fallback {
            redact(order);
            order.address_status = PersonalShown::Unreadable;
            order.contact_phone_status = PersonalShown::Unreadable;
        }
        fallback
    })
}
