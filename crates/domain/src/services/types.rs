//! Value objects shared by the life-service aggregates: categories, contacts, scores.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::user::PhoneNumber;
use crate::validate::{self, ValidationError};

/// What kind of service a listing offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ServiceCategory {
    /// 家政 — cleaning, cooking, laundry.
    Housekeeping,
    /// 维修 — plumbing, electrics, appliances.
    Maintenance,
    /// 配送 — groceries, medicine, parcels.
    Delivery,
    /// 助老 — elder care, companionship, bathing help.
    ElderCare,
    /// 其他.
    Other,
}

impl ServiceCategory {
    /// Every category, in a stable order (read models number them by this order).
    pub const ALL: [ServiceCategory; 5] = [
        ServiceCategory::Housekeeping,
        ServiceCategory::Maintenance,
        ServiceCategory::Delivery,
        ServiceCategory::ElderCare,
        ServiceCategory::Other,
    ];

    /// The stable lowercase name, as in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            ServiceCategory::Housekeeping => "housekeeping",
            ServiceCategory::Maintenance => "maintenance",
            ServiceCategory::Delivery => "delivery",
            ServiceCategory::ElderCare => "elder_care",
            ServiceCategory::Other => "other",
        }
    }
}

impl fmt::Display for ServiceCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A person to call: the resident's contact on an order, or the worker sent to do it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Name as the person gives it (1–40 characters, trimmed).
    pub name: String,
    /// A number to call.
    pub phone: PhoneNumber,
}

impl Contact {
    /// The contact with its name trimmed and bounded.
    pub(crate) fn validated(&self, field: &'static str) -> Result<Contact, ValidationError> {
        Ok(Contact {
            name: validate::text(field, &self.name, 40)?,
            phone: self.phone.clone(),
        })
    }
}

/// A 1–5 star evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Stars(u8);

impl Stars {
    /// The number of stars.
    pub const fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Stars {
    type Error = ValidationError;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        if (1..=5).contains(&value) {
            Ok(Stars(value))
        } else {
            Err(ValidationError::Invalid {
                field: "score",
                reason: "must be 1 to 5",
            })
        }
    }
}

impl From<Stars> for u8 {
    fn from(s: Stars) -> u8 {
        s.0
    }
}

/// Where an order is in its life. Cancellation is possible only in the first four states;
/// see `Order` for who may do what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OrderStatus {
    /// A slot is held; nothing paid.
    Reserved,
    /// A WeChat Pay order was placed; waiting for the payment notification.
    PaymentRequested,
    /// WeChat Pay confirmed the payment.
    Paid,
    /// The provider sent a worker.
    Dispatched,
    /// The worker started the job.
    Started,
    /// The provider reported the job done.
    Completed,
    /// The resident rated the work (final).
    Evaluated,
    /// Cancelled before work started (final); paid money is refunded.
    Cancelled,
}

impl OrderStatus {
    /// Every status, in life order.
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::Reserved,
        OrderStatus::PaymentRequested,
        OrderStatus::Paid,
        OrderStatus::Dispatched,
        OrderStatus::Started,
        OrderStatus::Completed,
        OrderStatus::Evaluated,
        OrderStatus::Cancelled,
    ];

    /// The stable lowercase name, as in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Reserved => "reserved",
            OrderStatus::PaymentRequested => "payment_requested",
            OrderStatus::Paid => "paid",
            OrderStatus::Dispatched => "dispatched",
            OrderStatus::Started => "started",
            OrderStatus::Completed => "completed",
            OrderStatus::Evaluated => "evaluated",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// Whether the order may still be cancelled (before the worker starts).
    pub const fn is_cancellable(self) -> bool {
        matches!(
            self,
            OrderStatus::Reserved
                | OrderStatus::PaymentRequested
                | OrderStatus::Paid
                | OrderStatus::Dispatched
        )
    }

    /// Whether money was taken in this state (a cancellation then refunds it).
    pub const fn holds_payment(self) -> bool {
        matches!(
            self,
            OrderStatus::Paid
                | OrderStatus::Dispatched
                | OrderStatus::Started
                | OrderStatus::Completed
                | OrderStatus::Evaluated
        )
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a provider's application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProviderStanding {
    /// Registered, waiting for a manager.
    Pending,
    /// Approved: its services show in the catalog and can be booked.
    Approved,
    /// Refused by a manager (who may still approve later).
    Rejected,
}
