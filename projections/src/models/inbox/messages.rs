//! Which events become inbox messages, and for whom: **the one place to extend**.
//!
//! [`messages_for`] maps one decoded event to the messages it sends. It is pure apart from
//! the [`Parties`] lookups (who reserved an order, who filed a complaint), which the
//! projection answers from its own tables. To add a new kind of message (announcements,
//! issue 6): add a [`MessageKind`] variant, add an arm to [`messages_for`] for the events,
//! and, if recipients are not named in the event itself, a lookup to [`Parties`] fed by the
//! projection. Nothing else in the inbox changes: storage, unread counts, mark-read and the
//! SSE stream work on any message.

use linli_domain::civic::announcement::AnnouncementEvent;
use linli_domain::complaint::{ComplaintEvent, NoteVisibility};
use linli_domain::services::order::OrderEvent;
use linli_domain::services::provider::owner_of;
use linli_domain::{Actor, ComplaintId, JurisdictionCode, OrderId, ProviderId, StreamName, UserId};
use linli_engine::codec::CivicEvent;
use linli_engine::AnyEvent;
use serde::{Deserialize, Serialize};

use crate::error::ProjectionError;

/// What a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MessageKind {
    /// An order of yours changed state (to the resident), or an order for you did (to the
    /// provider).
    OrderStatus,
    /// Staff answered on your complaint: accepted, a shared note, resolved, sent elsewhere.
    ComplaintReply,
    /// A manager published an announcement for a place you live in.
    Announcement,
}

impl MessageKind {
    /// Every kind, numbered by position in storage.
    pub const ALL: [MessageKind; 3] = [
        MessageKind::OrderStatus,
        MessageKind::ComplaintReply,
        MessageKind::Announcement,
    ];
}

/// One message before it is stored (the projection adds id, time and read state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// What it is about.
    pub kind: MessageKind,
    /// The stream it is about, e.g. `order-{uuid}`, so the mini program can link to it.
    pub subject: StreamName,
    /// Short headline.
    pub title: String,
    /// The text.
    pub body: String,
}

/// A message and its recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressed {
    /// Whose inbox.
    pub to: UserId,
    /// The message.
    pub message: Message,
}

/// The people an order concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderParties {
    /// The resident who reserved.
    pub resident: UserId,
    /// The provider.
    pub provider: ProviderId,
    /// The service's name, for the text.
    pub service_name: String,
}

/// Recipients not named in the events themselves.
pub trait Parties {
    /// Who an order concerns, if the order is known.
    fn order(&self, order: OrderId) -> Result<Option<OrderParties>, ProjectionError>;
    /// Who filed a complaint, if it is known.
    fn complaint_filer(&self, complaint: ComplaintId) -> Result<Option<UserId>, ProjectionError>;
    /// The users whose home grid is `place` or lies below it.
    fn residents_under(&self, place: &JurisdictionCode) -> Result<Vec<UserId>, ProjectionError>;
}

fn msg(to: UserId, kind: MessageKind, subject: StreamName, title: &str, body: String) -> Addressed {
    Addressed {
        to,
        message: Message {
            kind,
            subject,
            title: title.to_owned(),
            body,
        },
    }
}

/// The messages one event sends. See the module docs for how to add kinds.
pub fn messages_for(
    event: &AnyEvent,
    parties: &dyn Parties,
) -> Result<Vec<Addressed>, ProjectionError> {
    match event {
        AnyEvent::Order(id, e) => order_messages(*id, e, parties),
        AnyEvent::Complaint(id, e) => complaint_messages(*id, e, parties),
        AnyEvent::Civic(CivicEvent::Announcement(id, AnnouncementEvent::Published(e))) => {
            // Only the first publication notifies: edits and pins would be noise.
            Ok(parties
                .residents_under(&e.jurisdiction)?
                .into_iter()
                .filter(|to| *to != e.author)
                .map(|to| {
                    msg(
                        to,
                        MessageKind::Announcement,
                        StreamName::Announcement(*id),
                        "社区公告",
                        e.title.clone(),
                    )
                })
                .collect())
        }
        _ => Ok(Vec::new()),
    }
}

fn order_messages(
    id: OrderId,
    event: &OrderEvent,
    parties: &dyn Parties,
) -> Result<Vec<Addressed>, ProjectionError> {
    let subject = StreamName::Order(id);
    let kind = MessageKind::OrderStatus;
    if let OrderEvent::Reserved(e) = event {
        return Ok(vec![msg(
            owner_of(e.provider),
            kind,
            subject,
            "新订单",
            // No address or phone: the inbox is a plain read model, and the provider
            // opens those on the order itself.
            format!(
                "{}：{} 预约了 {}",
                e.service_name,
                e.contact_name,
                e.slot_starts_at
                    .with_timezone(&crate::models::common::china())
                    .format("%m月%d日 %H:%M")
            ),
        )]);
    }
    let Some(p) = parties.order(id)? else {
        return Ok(Vec::new());
    };
    let resident = p.resident;
    let provider = owner_of(p.provider);
    let name = &p.service_name;
    Ok(match event {
        OrderEvent::Reserved(_)
        | OrderEvent::PaymentRequested(_)
        | OrderEvent::RefundRequested(_) => Vec::new(),
        OrderEvent::Paid(e) => vec![
            msg(
                resident,
                kind,
                subject,
                "支付成功",
                format!("{name}：已支付 {}", e.amount),
            ),
            msg(
                provider,
                kind,
                subject,
                "订单已支付",
                format!("{name}：请安排人员上门"),
            ),
        ],
        OrderEvent::Dispatched(e) => vec![msg(
            resident,
            kind,
            subject,
            "已派单",
            format!(
                "{name}：{} 将上门服务，电话 {}",
                e.worker.name,
                e.worker.phone.as_str()
            ),
        )],
        OrderEvent::Started(_) => vec![msg(
            resident,
            kind,
            subject,
            "服务开始",
            format!("{name}：服务人员已开始工作"),
        )],
        OrderEvent::Completed(_) => vec![msg(
            resident,
            kind,
            subject,
            "服务完成",
            format!("{name}：服务已完成，欢迎评价"),
        )],
        OrderEvent::Evaluated(e) => vec![msg(
            provider,
            kind,
            subject,
            "收到评价",
            format!("{name}：{} 星", e.score),
        )],
        OrderEvent::Cancelled(e) => {
            // Tell the other side: whoever cancelled knows already.
            let to = if e.by.user() == Some(resident) {
                provider
            } else {
                resident
            };
            vec![msg(
                to,
                kind,
                subject,
                "订单已取消",
                format!("{name}：{}", e.reason),
            )]
        }
        OrderEvent::Refunded(e) => vec![msg(
            resident,
            kind,
            subject,
            "退款到账",
            format!("{name}：已退款 {}", e.amount),
        )],
        OrderEvent::RefundFailed(_) => vec![msg(
            provider,
            kind,
            subject,
            "退款失败",
            format!("{name}：微信支付退款未成功，请处理"),
        )],
    })
}

fn complaint_messages(
    id: ComplaintId,
    event: &ComplaintEvent,
    parties: &dyn Parties,
) -> Result<Vec<Addressed>, ProjectionError> {
    let (title, body) = match event {
        ComplaintEvent::Accepted(_) => ("诉求已受理", "工作人员已受理您的诉求".to_owned()),
        ComplaintEvent::NoteAdded(e)
            if e.visibility == NoteVisibility::Shared && !matches!(e.author, Actor::System) =>
        {
            ("工作人员回复", e.text.clone())
        }
        ComplaintEvent::Resolved(e) => ("诉求已办结", e.resolution.clone()),
        ComplaintEvent::RejectedNotResponsible(_) => {
            ("诉求转交", "您的诉求已退回乡镇重新分派".to_owned())
        }
        ComplaintEvent::Transferred(_) => ("诉求转办", "您的诉求已转交其他工作人员".to_owned()),
        _ => return Ok(Vec::new()),
    };
    let Some(filer) = parties.complaint_filer(id)? else {
        return Ok(Vec::new());
    };
    // A note the filer wrote themselves is no reply to them.
    if let ComplaintEvent::NoteAdded(e) = event {
        if e.author.user() == Some(filer) {
            return Ok(Vec::new());
        }
    }
    Ok(vec![msg(
        filer,
        MessageKind::ComplaintReply,
        StreamName::Complaint(id),
        title,
        body,
    )])
}
