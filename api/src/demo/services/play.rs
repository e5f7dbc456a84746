//! Playing one planned order out through the engine at historical times: the slot place,
//! the order, its payment and refunds as WeChat Pay's verified notifications record them
//! (as the system), the provider's steps and the resident's rating.

use chrono::{DateTime, TimeDelta, Utc};
use linli_domain::services::order::{
    out_trade_no, CancelOrder, ConfirmPayment, ConfirmRefund, DispatchWorker, EvaluateOrder, Order,
    OrderCommand, OrderEvent, ProviderStep, RefundOrder, RefundResult, RequestPayment,
    ReserveOrder,
};
use linli_domain::services::slot::{BookSlot, OpenSlot, ReleaseSlot, Slot, SlotCommand};
use linli_domain::services::Contact;
use linli_domain::{Actor, Fen, Role, StreamName};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::plan::{Fate, Plan, COMPLAINT, PRAISE, TAGS, WORKERS};
use super::{failed, run};
use crate::demo::users::seal;
use crate::demo::{Demo, DemoError};

/// Where one order's play stands.
struct Play<'a> {
    demo: &'a Demo,
    plan: &'a Plan,
    rng: StdRng,
    resident: Actor,
    provider: Actor,
}

impl Play<'_> {
    async fn order(&self, step: &str, command: OrderCommand) -> Result<Vec<OrderEvent>, DemoError> {
        let by = *command.by();
        run::<Order>(
            self.demo,
            StreamName::Order(self.plan.order),
            command,
            &by,
            format!("{}:{step}", self.plan.order),
        )
        .await
    }

    async fn slot(&self, step: &str, command: SlotCommand, by: Actor) -> Result<(), DemoError> {
        run::<Slot>(
            self.demo,
            StreamName::Slot(self.plan.slot),
            command,
            &by,
            format!("{}:{step}", self.plan.order),
        )
        .await
        .map(|_| ())
    }

    fn minutes(&mut self, range: std::ops::Range<i64>) -> TimeDelta {
        TimeDelta::minutes(self.rng.gen_range(range))
    }
}

pub(super) async fn play(demo: &Demo, plan: &Plan) -> Result<(), DemoError> {
    let mut p = Play {
        demo,
        plan,
        rng: StdRng::seed_from_u64(plan.seed),
        resident: Actor::User {
            user: plan.resident,
            role: Role::Resident,
        },
        provider: Actor::User {
            user: plan.listing.owner,
            role: Role::Provider,
        },
    };
    let now = demo.now;
    let starts = plan.starts_at;
    let opened = (starts - TimeDelta::days(4)).min(now - TimeDelta::hours(3));
    let open = SlotCommand::Open(OpenSlot {
        slot_id: plan.slot,
        service: plan.listing.id,
        provider: plan.listing.provider,
        starts_at: starts,
        ends_at: starts + TimeDelta::hours(2),
        capacity: p.rng.gen_range(1..4),
        by: p.provider,
        at: opened,
    });
    p.slot("open-slot", open, p.provider).await?;
    let mut t = (opened + p.minutes(30..1_500)).min(now - TimeDelta::hours(2));
    let book = SlotCommand::Book(BookSlot {
        order: plan.order,
        by: p.resident,
        at: t,
    });
    p.slot("book", book, p.resident).await?;
    let reserve = OrderCommand::Reserve(ReserveOrder {
        order_id: plan.order,
        service: plan.listing.id,
        provider: plan.listing.provider,
        category: plan.listing.category,
        service_name: plan.listing.name.clone(),
        price: plan.listing.price,
        slot: plan.slot,
        slot_starts_at: starts,
        // Sealed like any resident's: only ciphertext reaches the log.
        address: seal(demo, plan.resident, "address", &plan.address)?,
        area: Some(plan.area),
        contact_name: plan.contact.name.clone(),
        contact_phone: seal(demo, plan.resident, "phone", plan.contact.phone.as_str())?,
        note: None,
        at: t,
        by: p.resident,
    });
    p.order("reserve", reserve).await?;
    if matches!(plan.fate, Fate::Reserved) {
        return Ok(());
    }
    if plan.fate == Fate::CancelledUnpaid {
        t += p.minutes(10..600);
        return cancel(&mut p, t, "计划有变，先不约了").await;
    }
    t += p.minutes(1..10);
    p.order(
        "pay",
        OrderCommand::RequestPayment(RequestPayment {
            out_trade_no: out_trade_no(plan.order),
            amount: plan.listing.price,
            prepay_id: format!("wx_demo_{}", out_trade_no(plan.order)),
            by: p.resident,
            at: t,
        }),
    )
    .await?;
    t += p.minutes(1..5);
    p.order(
        "paid",
        OrderCommand::ConfirmPayment(ConfirmPayment {
            out_trade_no: out_trade_no(plan.order),
            transaction_id: format!("4200DEMO{}", out_trade_no(plan.order)),
            amount: plan.listing.price,
            paid_at: t,
            by: Actor::System,
            at: t,
        }),
    )
    .await?;
    match plan.fate {
        Fate::Paid => return Ok(()),
        Fate::CancelledPaid => {
            t += p.minutes(30..1_200);
            return cancel(&mut p, t, "家里临时有事，改天再约").await;
        }
        _ => {}
    }
    t = t
        .max(starts - TimeDelta::hours(20))
        .min(now - TimeDelta::minutes(30));
    let worker = WORKERS[p.rng.gen_range(0..WORKERS.len())];
    let phone = format!("137{:08}", 57_100_000 + p.rng.gen_range(0..9_999));
    p.order(
        "dispatch",
        OrderCommand::Dispatch(DispatchWorker {
            worker: Contact {
                name: worker.to_owned(),
                phone: phone.parse().map_err(|e| failed("a worker phone", e))?,
            },
            by: p.provider,
            at: t,
        }),
    )
    .await?;
    if plan.fate == Fate::Dispatched {
        return Ok(());
    }
    let provider = p.provider;
    let step = |at: DateTime<Utc>, note: Option<&str>| ProviderStep {
        note: note.map(str::to_owned),
        by: provider,
        at,
    };
    let started = starts + p.minutes(-10..20);
    p.order("start", OrderCommand::Start(step(started, Some("已到达"))))
        .await?;
    let done = started + p.minutes(60..180);
    p.order("complete", OrderCommand::Complete(step(done, None)))
        .await?;
    match plan.fate {
        Fate::Evaluated => evaluate(&mut p, done).await,
        Fate::PartlyRefunded => {
            let at = done + p.minutes(60..600);
            let amount = Fen((plan.listing.price.0 * 3 / 10).max(1));
            refund(&mut p, at, amount, "部分项目未完成，退还差价").await
        }
        _ => Ok(()),
    }
}

async fn evaluate(p: &mut Play<'_>, done: DateTime<Utc>) -> Result<(), DemoError> {
    let at = (done + p.minutes(30..2_000)).min(p.demo.now - TimeDelta::minutes(5));
    let score: u8 = *[5, 5, 5, 4, 4, 3].choose(&mut p.rng).unwrap_or(&5);
    let tags: Vec<String> = TAGS
        .choose_multiple(&mut p.rng, if score >= 4 { 2 } else { 1 })
        .map(|t| (*t).to_owned())
        .collect();
    let words = if score >= 4 { PRAISE } else { COMPLAINT };
    let text = words
        .choose(&mut p.rng)
        .filter(|w| !w.is_empty())
        .map(|w| (*w).to_owned());
    p.order(
        "evaluate",
        OrderCommand::Evaluate(EvaluateOrder {
            score,
            tags,
            text,
            by: p.resident,
            at,
        }),
    )
    .await
    .map(|_| ())
}

async fn cancel(p: &mut Play<'_>, at: DateTime<Utc>, reason: &str) -> Result<(), DemoError> {
    let at = at.min(p.plan.starts_at - TimeDelta::minutes(30));
    let events = p
        .order(
            "cancel",
            OrderCommand::Cancel(CancelOrder {
                reason: reason.to_owned(),
                by: p.resident,
                at,
            }),
        )
        .await?;
    let release = SlotCommand::Release(ReleaseSlot {
        order: p.plan.order,
        by: p.resident,
        at,
    });
    p.slot("release", release, p.resident).await?;
    confirm_refunds(p, &events, at).await
}

async fn refund(
    p: &mut Play<'_>,
    at: DateTime<Utc>,
    amount: Fen,
    reason: &str,
) -> Result<(), DemoError> {
    let at = at.min(p.demo.now - TimeDelta::minutes(5));
    let events = p
        .order(
            "refund",
            OrderCommand::Refund(RefundOrder {
                amount,
                reason: reason.to_owned(),
                by: p.provider,
                at,
            }),
        )
        .await?;
    confirm_refunds(p, &events, at).await
}

/// Records WeChat's refund notification for every refund these events asked for.
async fn confirm_refunds(
    p: &mut Play<'_>,
    events: &[OrderEvent],
    at: DateTime<Utc>,
) -> Result<(), DemoError> {
    for event in events {
        let OrderEvent::RefundRequested(requested) = event else {
            continue;
        };
        let confirmed = (at + p.minutes(1..30)).min(p.demo.now);
        p.order(
            &format!("refunded:{}", requested.out_refund_no),
            OrderCommand::ConfirmRefund(ConfirmRefund {
                out_refund_no: requested.out_refund_no.clone(),
                refund_id: format!("5030DEMO{}", requested.out_refund_no),
                amount: requested.amount,
                result: RefundResult::Succeeded,
                by: Actor::System,
                at: confirmed,
            }),
        )
        .await?;
    }
    Ok(())
}
