//! Folds provider, service, slot and order events into the services read model.

use linli_domain::sealed::Sealed;
use linli_domain::services::catalog::ServiceEvent;
use linli_domain::services::order::OrderEvent;
use linli_domain::services::provider::ProviderEvent;
use linli_domain::services::slot::SlotEvent;
use linli_domain::services::{OrderStatus, ProviderStanding};
use linli_engine::AnyEvent;

use super::keys::*;
use super::stored::*;
use crate::error::ProjectionError;
use crate::models::common::{china_day, decode, encode, micros, Key};
use crate::runtime::{Envelope, Projection, Staged};

/// The services projection: catalog, slots, orders, usage counters.
#[derive(Debug, Default)]
pub struct ServicesProjection;

fn load<T: bincode::Decode<()>>(
    staged: &Staged<'_>,
    key: &[u8],
) -> Result<Option<T>, ProjectionError> {
    staged
        .get(key)?
        .map(|b| decode(staged.tree(), &b))
        .transpose()
}

impl Projection<AnyEvent> for ServicesProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        match &envelope.event {
            AnyEvent::Provider(id, e) => provider(staged, id.as_uuid().as_u128(), e),
            AnyEvent::Service(id, e) => service(staged, id.as_uuid().as_u128(), e),
            AnyEvent::Slot(id, e) => slot(staged, id.as_uuid().as_u128(), e),
            AnyEvent::Order(id, e) => order(staged, id.as_uuid().as_u128(), e),
            _ => Ok(()),
        }
    }
}

fn provider(
    staged: &mut Staged<'_>,
    id: u128,
    event: &ProviderEvent,
) -> Result<(), ProjectionError> {
    let key = provider_key(id);
    if let ProviderEvent::Registered(e) = event {
        let at = micros(e.at);
        staged.insert(
            Key::new(PROVIDER_BY_TIME).time_desc(at).id(id).build(),
            Vec::new(),
        );
        let rec = ProviderRec {
            id,
            name: e.name.clone(),
            phone: e.phone.as_str().to_owned(),
            description: e.description.clone(),
            standing: standing_byte(ProviderStanding::Pending),
            registered_at: at,
            reviewed_at: None,
            rejection: None,
        };
        staged.insert(key, encode(&rec));
        return Ok(());
    }
    let Some(mut rec) = load::<ProviderRec>(staged, &key)? else {
        return Ok(());
    };
    match event {
        ProviderEvent::Registered(_) => {}
        ProviderEvent::Approved(e) => {
            rec.standing = standing_byte(ProviderStanding::Approved);
            rec.reviewed_at = Some(micros(e.at));
            rec.rejection = None;
        }
        ProviderEvent::Rejected(e) => {
            rec.standing = standing_byte(ProviderStanding::Rejected);
            rec.reviewed_at = Some(micros(e.at));
            rec.rejection = Some(e.reason.clone());
        }
    }
    staged.insert(key, encode(&rec));
    Ok(())
}

fn service(staged: &mut Staged<'_>, id: u128, event: &ServiceEvent) -> Result<(), ProjectionError> {
    let key = service_key(id);
    if let ServiceEvent::Listed(e) = event {
        let rec = ServiceRec {
            id,
            provider: e.provider.as_uuid().as_u128(),
            category: category_byte(e.category),
            name: e.name.clone(),
            description: e.description.clone(),
            price: e.price.0,
            scope: e.scope.iter().map(ToString::to_string).collect(),
            withdrawn: false,
            listed_at: micros(e.at),
            ratings: 0,
            rating_sum: 0,
        };
        staged.insert(
            Key::new(SERVICE_BY_PROVIDER)
                .id(rec.provider)
                .id(id)
                .build(),
            Vec::new(),
        );
        staged.insert(key, encode(&rec));
        return Ok(());
    }
    let Some(mut rec) = load::<ServiceRec>(staged, &key)? else {
        return Ok(());
    };
    match event {
        ServiceEvent::Listed(_) => {}
        ServiceEvent::Updated(e) => {
            rec.category = category_byte(e.category);
            rec.name = e.name.clone();
            rec.description = e.description.clone();
            rec.price = e.price.0;
            rec.scope = e.scope.iter().map(ToString::to_string).collect();
        }
        ServiceEvent::Withdrawn(_) => rec.withdrawn = true,
    }
    staged.insert(key, encode(&rec));
    Ok(())
}

fn slot(staged: &mut Staged<'_>, id: u128, event: &SlotEvent) -> Result<(), ProjectionError> {
    let key = slot_key(id);
    if let SlotEvent::Opened(e) = event {
        let rec = SlotRec {
            id,
            service: e.service.as_uuid().as_u128(),
            provider: e.provider.as_uuid().as_u128(),
            starts_at: micros(e.starts_at),
            ends_at: micros(e.ends_at),
            capacity: e.capacity,
            booked: 0,
        };
        staged.insert(
            Key::new(SLOT_BY_SERVICE)
                .id(rec.service)
                .time(rec.starts_at)
                .id(id)
                .build(),
            Vec::new(),
        );
        staged.insert(key, encode(&rec));
        return Ok(());
    }
    let Some(mut rec) = load::<SlotRec>(staged, &key)? else {
        return Ok(());
    };
    match event {
        SlotEvent::Opened(_) => {}
        SlotEvent::Booked(e) => rec.booked = e.booked,
        SlotEvent::Released(e) => rec.booked = e.booked,
    }
    staged.insert(key, encode(&rec));
    Ok(())
}

fn order(staged: &mut Staged<'_>, id: u128, event: &OrderEvent) -> Result<(), ProjectionError> {
    let key = order_key(id);
    if let OrderEvent::Reserved(e) = event {
        let rec = OrderRec {
            id,
            resident: e.resident.as_uuid().as_u128(),
            service: e.service.as_uuid().as_u128(),
            provider: e.provider.as_uuid().as_u128(),
            category: category_byte(e.category),
            service_name: e.service_name.clone(),
            price: e.price.0,
            slot: e.slot.as_uuid().as_u128(),
            slot_starts_at: micros(e.slot_starts_at),
            address: sealed_json(e.address.as_ref())?,
            area: e.area.map(|a| a.to_string()),
            contact_name: e.contact_name.clone(),
            contact_phone: sealed_json(e.contact_phone.as_ref())?,
            legacy_address: e.legacy_address.clone(),
            legacy_phone: e.legacy_phone.clone(),
            note: e.note.clone(),
            status: status_byte(OrderStatus::Reserved),
            reserved_at: micros(e.at),
            updated_at: micros(e.at),
            paid: 0,
            refunded: 0,
            worker_name: None,
            worker_phone: None,
            score: None,
            tags: Vec::new(),
            evaluation: None,
            cancel_reason: None,
        };
        staged.insert(
            Key::new(BY_RESIDENT)
                .id(rec.resident)
                .time_desc(rec.reserved_at)
                .id(id)
                .build(),
            Vec::new(),
        );
        staged.insert(
            Key::new(BY_PROVIDER)
                .id(rec.provider)
                .time_desc(rec.reserved_at)
                .id(id)
                .build(),
            Vec::new(),
        );
        staged.insert(schedule_key(&rec), Vec::new());
        count(staged, e.at, rec.category, |u| u.reserved += 1)?;
        staged.insert(key, encode(&rec));
        return Ok(());
    }
    let Some(mut rec) = load::<OrderRec>(staged, &key)? else {
        return Ok(());
    };
    let cat = rec.category;
    match event {
        OrderEvent::Reserved(_) => {}
        OrderEvent::PaymentRequested(e) => {
            rec.status = status_byte(OrderStatus::PaymentRequested);
            rec.updated_at = micros(e.at);
        }
        OrderEvent::Paid(e) => {
            if rec.status != status_byte(OrderStatus::Cancelled) {
                rec.status = status_byte(OrderStatus::Paid);
            }
            rec.paid = e.amount.0;
            rec.updated_at = micros(e.at);
            count(staged, e.at, cat, |u| {
                u.paid += 1;
                u.revenue += e.amount.0;
            })?;
        }
        OrderEvent::Dispatched(e) => {
            rec.status = status_byte(OrderStatus::Dispatched);
            rec.worker_name = Some(e.worker.name.clone());
            rec.worker_phone = Some(e.worker.phone.as_str().to_owned());
            rec.updated_at = micros(e.at);
        }
        OrderEvent::Started(e) => {
            rec.status = status_byte(OrderStatus::Started);
            rec.updated_at = micros(e.at);
        }
        OrderEvent::Completed(e) => {
            rec.status = status_byte(OrderStatus::Completed);
            rec.updated_at = micros(e.at);
            count(staged, e.at, cat, |u| u.completed += 1)?;
        }
        OrderEvent::Evaluated(e) => {
            rec.status = status_byte(OrderStatus::Evaluated);
            rec.score = Some(e.score);
            rec.tags = e.tags.clone();
            rec.evaluation = e.text.clone();
            rec.updated_at = micros(e.at);
            count(staged, e.at, cat, |u| {
                u.evaluated += 1;
                u.rating_sum += u64::from(e.score);
            })?;
            let skey = service_key(rec.service);
            if let Some(mut s) = load::<ServiceRec>(staged, &skey)? {
                s.ratings += 1;
                s.rating_sum += u32::from(e.score);
                staged.insert(skey, encode(&s));
            }
        }
        OrderEvent::Cancelled(e) => {
            rec.status = status_byte(OrderStatus::Cancelled);
            rec.cancel_reason = Some(e.reason.clone());
            rec.updated_at = micros(e.at);
            staged.remove(schedule_key(&rec));
            count(staged, e.at, cat, |u| u.cancelled += 1)?;
        }
        OrderEvent::RefundRequested(e) => rec.updated_at = micros(e.at),
        OrderEvent::Refunded(e) => {
            rec.refunded += e.amount.0;
            rec.updated_at = micros(e.at);
            count(staged, e.at, cat, |u| u.refunds += e.amount.0)?;
        }
        OrderEvent::RefundFailed(e) => rec.updated_at = micros(e.at),
    }
    staged.insert(key, encode(&rec));
    Ok(())
}

fn schedule_key(rec: &OrderRec) -> Vec<u8> {
    Key::new(SCHEDULE)
        .id(rec.provider)
        .time(rec.slot_starts_at)
        .id(rec.id)
        .build()
}

/// Adds to the usage counters of the China day of `at` and the order's category.
fn count(
    staged: &mut Staged<'_>,
    at: chrono::DateTime<chrono::Utc>,
    category: u8,
    change: impl FnOnce(&mut UsageRec),
) -> Result<(), ProjectionError> {
    let key = usage_key(day_number(china_day(at)), category);
    let mut usage = load::<UsageRec>(staged, &key)?.unwrap_or_default();
    change(&mut usage);
    staged.insert(key, encode(&usage));
    Ok(())
}

/// A sealed value as stored: the same JSON the log holds, so the read model never has more
/// than the log.
fn sealed_json(sealed: Option<&Sealed>) -> Result<Option<String>, ProjectionError> {
    sealed
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| ProjectionError::CorruptRecord {
            tree: "services".into(),
            reason: e.to_string(),
        })
}
