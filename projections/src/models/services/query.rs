//! Reads the services read model: catalog search, slots, orders, schedules, usage.

use chrono::{DateTime, NaiveDate, Utc};
use linli_domain::services::{ProviderStanding, ServiceCategory};
use linli_domain::{Fen, JurisdictionCode, OrderId, ProviderId, ServiceId, SlotId, UserId};
use uuid::Uuid;

use super::keys::*;
use super::stored::*;
use super::views::*;
use crate::error::ProjectionError;
use crate::models::common::{decode, id_at, micros, page_through, time, user, Key, Page, PageOf};
use crate::runtime::Serving;

/// What a catalog search asks for; every part optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceSearch {
    /// Words the name or description contains (case-insensitive).
    pub keyword: Option<String>,
    /// One category.
    pub category: Option<ServiceCategory>,
    /// Lowest price, fen.
    pub min_price: Option<Fen>,
    /// Highest price, fen.
    pub max_price: Option<Fen>,
    /// A place the service must serve.
    pub area: Option<JurisdictionCode>,
    /// One provider's listings only; with this, unapproved and withdrawn ones show too (the
    /// provider's own view).
    pub provider: Option<ProviderId>,
}

/// Reads the services read model.
#[derive(Debug, Clone)]
pub struct ServicesView {
    serving: Serving,
}

fn get<T: bincode::Decode<()>>(
    tree: &sled::Tree,
    key: &[u8],
) -> Result<Option<T>, ProjectionError> {
    tree.get(key)?.map(|b| decode(tree, &b)).transpose()
}

fn provider_view(p: ProviderRec) -> ProviderView {
    ProviderView {
        id: ProviderId::from_uuid(Uuid::from_u128(p.id)),
        name: p.name,
        phone: p.phone,
        description: p.description,
        standing: standing(p.standing),
        registered_at: time(p.registered_at),
        reviewed_at: p.reviewed_at.map(time),
        rejection: p.rejection,
    }
}

fn slot_view(s: SlotRec) -> SlotView {
    SlotView {
        id: SlotId::from_uuid(Uuid::from_u128(s.id)),
        service: ServiceId::from_uuid(Uuid::from_u128(s.service)),
        starts_at: time(s.starts_at),
        ends_at: time(s.ends_at),
        capacity: s.capacity,
        booked: s.booked,
        remaining: s.capacity.saturating_sub(s.booked),
    }
}

/// A stored sealed value; one that no longer parses reads as absent (and so unreadable).
fn sealed(json: &str) -> Option<linli_domain::sealed::Sealed> {
    serde_json::from_str(json).ok()
}

fn order_view(o: OrderRec) -> OrderView {
    OrderView {
        id: OrderId::from_uuid(Uuid::from_u128(o.id)),
        resident: user(o.resident),
        service: ServiceId::from_uuid(Uuid::from_u128(o.service)),
        provider: ProviderId::from_uuid(Uuid::from_u128(o.provider)),
        category: category(o.category),
        service_name: o.service_name,
        price: Fen(o.price),
        slot: SlotId::from_uuid(Uuid::from_u128(o.slot)),
        slot_starts_at: time(o.slot_starts_at),
        // Nothing is shown until the API opens it for a reader allowed to see it.
        address: None,
        address_status: PersonalShown::Redacted,
        area: o.area,
        contact_name: o.contact_name,
        contact_phone: None,
        contact_phone_status: PersonalShown::Redacted,
        sealed: SealedContact {
            address: o.address.as_deref().and_then(sealed),
            phone: o.contact_phone.as_deref().and_then(sealed),
            legacy_address: o.legacy_address,
            legacy_phone: o.legacy_phone,
        },
        note: o.note,
        status: status(o.status),
        reserved_at: time(o.reserved_at),
        updated_at: time(o.updated_at),
        paid: Fen(o.paid),
        refunded: Fen(o.refunded),
        worker_name: o.worker_name,
        worker_phone: o.worker_phone,
        score: o.score,
        tags: o.tags,
        evaluation: o.evaluation,
        cancel_reason: o.cancel_reason,
    }
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl ServicesView {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        ServicesView { serving }
    }

    /// The projection handle.
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    /// One provider.
    pub fn provider(&self, id: ProviderId) -> Result<Option<ProviderView>, ProjectionError> {
        let tree = self.serving.tree();
        Ok(get::<ProviderRec>(&tree, &provider_key(id.as_uuid().as_u128()))?.map(provider_view))
    }

    /// Providers, newest registration first, optionally only those in one standing.
    pub fn providers(
        &self,
        only: Option<ProviderStanding>,
        page: &Page,
    ) -> Result<PageOf<ProviderView>, ProjectionError> {
        let tree = self.serving.tree();
        let prefix = Key::new(PROVIDER_BY_TIME).build();
        page_through(&tree, &prefix, page, false, |key, _| {
            let Some(id) = id_at(key, key.len() - 16) else {
                return Ok(None);
            };
            Ok(get::<ProviderRec>(&tree, &provider_key(id))?
                .filter(|p| only.is_none_or(|s| standing(p.standing) == s))
                .map(provider_view))
        })
    }

    fn service_view(
        &self,
        tree: &sled::Tree,
        s: ServiceRec,
    ) -> Result<ServiceView, ProjectionError> {
        let provider = get::<ProviderRec>(tree, &provider_key(s.provider))?;
        let approved = provider
            .as_ref()
            .is_some_and(|p| standing(p.standing) == ProviderStanding::Approved);
        Ok(ServiceView {
            id: ServiceId::from_uuid(Uuid::from_u128(s.id)),
            provider: ProviderId::from_uuid(Uuid::from_u128(s.provider)),
            provider_name: provider.map(|p| p.name).unwrap_or_default(),
            category: category(s.category),
            name: s.name,
            description: s.description,
            price: Fen(s.price),
            scope: s.scope,
            withdrawn: s.withdrawn,
            bookable: approved && !s.withdrawn,
            listed_at: time(s.listed_at),
            ratings: s.ratings,
            average_rating: ratio(u64::from(s.rating_sum), u64::from(s.ratings)),
        })
    }

    /// One listing (whatever its state).
    pub fn service(&self, id: ServiceId) -> Result<Option<ServiceView>, ProjectionError> {
        let tree = self.serving.tree();
        get::<ServiceRec>(&tree, &service_key(id.as_uuid().as_u128()))?
            .map(|s| self.service_view(&tree, s))
            .transpose()
    }

    /// The catalog: bookable listings matching `search`, in id order. With
    /// `search.provider`, that provider's listings in any state.
    pub fn search(
        &self,
        search: &ServiceSearch,
        page: &Page,
    ) -> Result<PageOf<ServiceView>, ProjectionError> {
        let tree = self.serving.tree();
        let keyword = search.keyword.as_ref().map(|k| k.trim().to_lowercase());
        let accept = |s: &ServiceRec| -> bool {
            search.category.is_none_or(|c| category(s.category) == c)
                && search.min_price.is_none_or(|p| s.price >= p.0)
                && search.max_price.is_none_or(|p| s.price <= p.0)
                && keyword.as_ref().is_none_or(|k| {
                    s.name.to_lowercase().contains(k) || s.description.to_lowercase().contains(k)
                })
                && search.area.as_ref().is_none_or(|area| {
                    s.scope
                        .iter()
                        .filter_map(|c| c.parse::<JurisdictionCode>().ok())
                        .any(|c| c.covers(area))
                })
        };
        if let Some(provider) = search.provider {
            let prefix = Key::new(SERVICE_BY_PROVIDER)
                .id(provider.as_uuid().as_u128())
                .build();
            return page_through(&tree, &prefix, page, false, |key, _| {
                let Some(id) = id_at(key, key.len() - 16) else {
                    return Ok(None);
                };
                match get::<ServiceRec>(&tree, &service_key(id))? {
                    Some(s) if accept(&s) => self.service_view(&tree, s).map(Some),
                    _ => Ok(None),
                }
            });
        }
        let prefix = Key::new(SERVICE).build();
        page_through(&tree, &prefix, page, false, |_, value| {
            let s: ServiceRec = decode(&tree, value)?;
            if !accept(&s) {
                return Ok(None);
            }
            let view = self.service_view(&tree, s)?;
            Ok(view.bookable.then_some(view))
        })
    }

    /// One slot.
    pub fn slot(&self, id: SlotId) -> Result<Option<SlotView>, ProjectionError> {
        let tree = self.serving.tree();
        Ok(get::<SlotRec>(&tree, &slot_key(id.as_uuid().as_u128()))?.map(slot_view))
    }

    /// A service's slots starting at or after `from`, earliest first, with availability.
    pub fn slots(
        &self,
        service: ServiceId,
        from: DateTime<Utc>,
        page: &Page,
    ) -> Result<PageOf<SlotView>, ProjectionError> {
        let tree = self.serving.tree();
        let prefix = Key::new(SLOT_BY_SERVICE)
            .id(service.as_uuid().as_u128())
            .build();
        let from = micros(from);
        page_through(&tree, &prefix, page, false, |key, _| {
            let Some(id) = id_at(key, key.len() - 16) else {
                return Ok(None);
            };
            Ok(get::<SlotRec>(&tree, &slot_key(id))?
                .filter(|s| s.starts_at >= from)
                .map(slot_view))
        })
    }

    /// One order.
    pub fn order(&self, id: OrderId) -> Result<Option<OrderView>, ProjectionError> {
        let tree = self.serving.tree();
        Ok(get::<OrderRec>(&tree, &order_key(id.as_uuid().as_u128()))?.map(order_view))
    }

    fn orders_under(
        &self,
        prefix: Vec<u8>,
        page: &Page,
    ) -> Result<PageOf<OrderView>, ProjectionError> {
        let tree = self.serving.tree();
        page_through(&tree, &prefix, page, false, |key, _| {
            let Some(id) = id_at(key, key.len() - 16) else {
                return Ok(None);
            };
            Ok(get::<OrderRec>(&tree, &order_key(id))?.map(order_view))
        })
    }

    /// A resident's order history, newest first.
    pub fn orders_of_resident(
        &self,
        resident: UserId,
        page: &Page,
    ) -> Result<PageOf<OrderView>, ProjectionError> {
        self.orders_under(
            Key::new(BY_RESIDENT)
                .id(resident.as_uuid().as_u128())
                .build(),
            page,
        )
    }

    /// A provider's orders, newest first.
    pub fn orders_of_provider(
        &self,
        provider: ProviderId,
        page: &Page,
    ) -> Result<PageOf<OrderView>, ProjectionError> {
        self.orders_under(
            Key::new(BY_PROVIDER)
                .id(provider.as_uuid().as_u128())
                .build(),
            page,
        )
    }

    /// A provider's schedule: orders not cancelled whose slot starts at or after `from`,
    /// earliest first.
    pub fn schedule(
        &self,
        provider: ProviderId,
        from: DateTime<Utc>,
        page: &Page,
    ) -> Result<PageOf<OrderView>, ProjectionError> {
        let tree = self.serving.tree();
        let prefix = Key::new(SCHEDULE).id(provider.as_uuid().as_u128()).build();
        let from = micros(from);
        page_through(&tree, &prefix, page, false, |key, _| {
            let Some(id) = id_at(key, key.len() - 16) else {
                return Ok(None);
            };
            Ok(get::<OrderRec>(&tree, &order_key(id))?
                .filter(|o| o.slot_starts_at >= from)
                .map(order_view))
        })
    }

    /// Usage from `from` to `to` (China days, inclusive).
    pub fn usage(&self, from: NaiveDate, to: NaiveDate) -> Result<UsageReport, ProjectionError> {
        if to < from {
            return Err(ProjectionError::InvalidQuery(
                "`to` is before `from`".into(),
            ));
        }
        let tree = self.serving.tree();
        let start = usage_key(day_number(from), 0);
        let end = usage_key(day_number(to) + 1, 0);
        let mut rows = Vec::new();
        let (mut orders, mut completed, mut evaluated, mut rating_sum, mut revenue) =
            (0u64, 0u64, 0u64, 0u64, 0i64);
        for kv in tree.range(start..end) {
            let (key, value) = kv?;
            let (Some(day), Some(cat)) = (
                key.get(1..9)
                    .and_then(|b| b.try_into().ok())
                    .map(u64::from_be_bytes),
                key.get(9),
            ) else {
                continue;
            };
            let u: UsageRec = decode(&tree, &value)?;
            orders += u.reserved;
            completed += u.completed;
            evaluated += u.evaluated;
            rating_sum += u.rating_sum;
            revenue += u.revenue - u.refunds;
            rows.push(UsageRow {
                day: day_of(day),
                category: category(*cat),
                reserved: u.reserved,
                paid: u.paid,
                completed: u.completed,
                cancelled: u.cancelled,
                evaluated: u.evaluated,
                revenue: u.revenue,
                refunds: u.refunds,
            });
        }
        Ok(UsageReport {
            from,
            to,
            rows,
            orders,
            completed,
            completion_rate: ratio(completed, orders),
            average_rating: ratio(rating_sum, evaluated),
            revenue,
        })
    }
}
