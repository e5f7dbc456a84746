//! The order state machine against a model: random sequences of commands by random actors,
//! applied through `decide`/`evolve`, must be accepted exactly when the model says so, land
//! in the model's status, never refund more than was paid, and record at most one payment.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use linli_domain::services::order::*;
use linli_domain::services::provider::owner_of;
use linli_domain::services::{Contact, OrderStatus, ServiceCategory};
use linli_domain::{Actor, Aggregate, Fen, OrderId, ProviderId, Role, ServiceId, SlotId, UserId};
use proptest::prelude::*;

const ORDER: OrderId = OrderId::from_u128(7);
const RESIDENT: UserId = UserId::from_u128(1);
const STRANGER: UserId = UserId::from_u128(2);
const PROVIDER: ProviderId = ProviderId::from_u128(3);
const PRICE: Fen = Fen(8_800);

fn at(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 8, 0, 0).unwrap() + TimeDelta::minutes(n)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Resident,
    Provider,
    Stranger,
    Manager,
    System,
}

impl Who {
    fn actor(self) -> Actor {
        match self {
            Who::Resident => Actor::resident(RESIDENT),
            Who::Provider => Actor::User {
                user: owner_of(PROVIDER),
                role: Role::Provider,
            },
            Who::Stranger => Actor::resident(STRANGER),
            Who::Manager => Actor::manager(UserId::from_u128(9)),
            Who::System => Actor::System,
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    RequestPayment(Who),
    Pay { who: Who, tx: u8, amount: i64 },
    Dispatch(Who),
    Start(Who),
    Complete(Who),
    Evaluate(Who, u8),
    Cancel(Who),
    Refund(Who, i64),
    ConfirmRefund { nth: usize, ok: bool },
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        4 => Just(Who::Resident),
        4 => Just(Who::Provider),
        1 => Just(Who::Stranger),
        1 => Just(Who::Manager),
        1 => Just(Who::System),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        who().prop_map(Step::RequestPayment),
        (
            who(),
            0u8..2,
            prop_oneof![4 => Just(PRICE.0), 1 => Just(1i64)]
        )
            .prop_map(|(who, tx, amount)| Step::Pay { who, tx, amount }),
        who().prop_map(Step::Dispatch),
        who().prop_map(Step::Start),
        who().prop_map(Step::Complete),
        (who(), 0u8..7).prop_map(|(w, s)| Step::Evaluate(w, s)),
        who().prop_map(Step::Cancel),
        (who(), 1i64..9_000).prop_map(|(w, a)| Step::Refund(w, a)),
        (0usize..3, any::<bool>()).prop_map(|(nth, ok)| Step::ConfirmRefund { nth, ok }),
    ]
}

/// What the model knows: status, payment and refunds as plain numbers.
#[derive(Debug, Clone)]
struct Model {
    status: OrderStatus,
    requested: bool,
    paid_tx: Option<u8>,
    paid: i64,
    /// (amount, 0 pending / 1 done / 2 failed)
    refunds: Vec<(i64, u8)>,
}

impl Model {
    fn refundable(&self) -> i64 {
        self.paid
            - self
                .refunds
                .iter()
                .filter(|r| r.1 != 2)
                .map(|r| r.0)
                .sum::<i64>()
    }

    /// Applies a step; returns whether it is accepted (possibly changing nothing).
    fn step(&mut self, step: &Step) -> bool {
        use OrderStatus as S;
        match *step {
            Step::RequestPayment(w) => {
                let ok =
                    w == Who::Resident && matches!(self.status, S::Reserved | S::PaymentRequested);
                if ok {
                    self.status = S::PaymentRequested;
                    self.requested = true;
                }
                ok
            }
            Step::Pay { who, tx, amount } => {
                if who != Who::System || !self.requested {
                    return false;
                }
                if let Some(paid) = self.paid_tx {
                    return paid == tx;
                }
                if amount != PRICE.0 {
                    return false;
                }
                match self.status {
                    S::PaymentRequested => {
                        self.status = S::Paid;
                    }
                    S::Cancelled => self.refunds.push((amount, 0)),
                    _ => return false,
                }
                self.paid_tx = Some(tx);
                self.paid = amount;
                true
            }
            Step::Dispatch(w) => self.provider_step(w, &[S::Paid, S::Dispatched], S::Dispatched),
            Step::Start(w) => self.provider_step(w, &[S::Dispatched], S::Started),
            Step::Complete(w) => self.provider_step(w, &[S::Started], S::Completed),
            Step::Evaluate(w, score) => {
                let ok =
                    w == Who::Resident && self.status == S::Completed && (1..=5).contains(&score);
                if ok {
                    self.status = S::Evaluated;
                }
                ok
            }
            Step::Cancel(w) => {
                let ok = w == Who::Resident && self.status.is_cancellable();
                if ok {
                    if self.status.holds_payment() && self.refundable() > 0 {
                        let amount = self.refundable();
                        self.refunds.push((amount, 0));
                    }
                    self.status = S::Cancelled;
                }
                ok
            }
            Step::Refund(w, amount) => {
                let ok = matches!(w, Who::Provider | Who::Manager)
                    && self.paid > 0
                    && amount <= self.refundable();
                if ok {
                    self.refunds.push((amount, 0));
                }
                ok
            }
            Step::ConfirmRefund { nth, .. } => nth < self.refunds.len(),
        }
    }

    fn provider_step(&mut self, w: Who, from: &[OrderStatus], to: OrderStatus) -> bool {
        let ok = w == Who::Provider && from.contains(&self.status);
        if ok {
            self.status = to;
        }
        ok
    }
}

fn reserved() -> OrderEvent {
    OrderReserved {
        order_id: ORDER,
        resident: RESIDENT,
        service: ServiceId::from_u128(4),
        provider: PROVIDER,
        category: ServiceCategory::Housekeeping,
        service_name: "日常保洁".into(),
        price: PRICE,
        slot: SlotId::from_u128(5),
        slot_starts_at: at(600),
        address: Some(sealed(RESIDENT)),
        area: None,
        contact_name: "王阿姨".into(),
        contact_phone: Some(sealed(RESIDENT)),
        note: None,
        legacy_address: None,
        legacy_phone: None,
        at: at(0),
    }
    .into()
}

fn command(step: &Step, n: i64, state: &OrderRecord) -> OrderCommand {
    let t = at(n);
    match *step {
        Step::RequestPayment(w) => OrderCommand::RequestPayment(RequestPayment {
            out_trade_no: out_trade_no(ORDER),
            amount: PRICE,
            prepay_id: "wx_prepay_1".into(),
            by: w.actor(),
            at: t,
        }),
        Step::Pay { who, tx, amount } => OrderCommand::ConfirmPayment(ConfirmPayment {
            out_trade_no: out_trade_no(ORDER),
            transaction_id: format!("TX{tx}"),
            amount: Fen(amount),
            paid_at: t,
            by: who.actor(),
            at: t,
        }),
        Step::Dispatch(w) => OrderCommand::Dispatch(DispatchWorker {
            worker: Contact {
                name: "李师傅".into(),
                phone: "13900000000".parse().unwrap(),
            },
            by: w.actor(),
            at: t,
        }),
        Step::Start(w) => OrderCommand::Start(ProviderStep {
            note: None,
            by: w.actor(),
            at: t,
        }),
        Step::Complete(w) => OrderCommand::Complete(ProviderStep {
            note: Some("已完成".into()),
            by: w.actor(),
            at: t,
        }),
        Step::Evaluate(w, score) => OrderCommand::Evaluate(EvaluateOrder {
            score,
            tags: vec!["准时".into(), "专业".into()],
            text: None,
            by: w.actor(),
            at: t,
        }),
        Step::Cancel(w) => OrderCommand::Cancel(CancelOrder {
            reason: "临时有事".into(),
            by: w.actor(),
            at: t,
        }),
        Step::Refund(w, amount) => OrderCommand::Refund(RefundOrder {
            amount: Fen(amount),
            reason: "部分退款".into(),
            by: w.actor(),
            at: t,
        }),
        Step::ConfirmRefund { nth, ok } => OrderCommand::ConfirmRefund(ConfirmRefund {
            out_refund_no: state
                .refunds
                .get(nth)
                .map_or_else(|| "none".to_owned(), |r| r.out_refund_no.clone()),
            refund_id: format!("RF{nth}"),
            amount: state.refunds.get(nth).map_or(Fen(1), |r| r.amount),
            result: if ok {
                RefundResult::Succeeded
            } else {
                RefundResult::Failed
            },
            by: Actor::System,
            at: t,
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn order_follows_its_model(steps in prop::collection::vec(step(), 1..40)) {
        let mut history = vec![reserved()];
        let mut state = Order::fold(&history);
        let mut model = Model {
            status: OrderStatus::Reserved,
            requested: false,
            paid_tx: None,
            paid: 0,
            refunds: Vec::new(),
        };
        for (n, step) in steps.iter().enumerate() {
            let record = state.clone().expect("reserved");
            let cmd = command(step, n as i64 + 1, &record);
            let decided = Order::decide(&cmd, &state);
            // The model tracks refund outcomes by position; mirror what the aggregate did.
            if let (Step::ConfirmRefund { nth, ok }, Ok(events)) = (step, &decided) {
                if !events.is_empty() {
                    model.refunds[*nth].1 = if *ok { 1 } else { 2 };
                }
            }
            let expected = model.step(step);
            prop_assert_eq!(decided.is_ok(), expected, "step {:?} in {:?}: {:?}", step, record.status, decided);
            for event in decided.unwrap_or_default() {
                state = Order::evolve(state, &event);
                history.push(event);
            }
            let record = state.clone().expect("reserved");
            prop_assert_eq!(record.status, model.status);
            prop_assert!(record.refundable().0 >= 0, "refunded more than paid");
            prop_assert_eq!(record.refundable().0, model.refundable());
            prop_assert!(record.refunded() <= record.paid);
        }
        let payments = history.iter().filter(|e| matches!(e, OrderEvent::Paid(_))).count();
        prop_assert!(payments <= 1, "{} order.paid events", payments);
        // Replaying the history gives the same state as folding it step by step.
        prop_assert_eq!(Order::fold(&history), state);
    }
}

/// A value as the key store seals it; the domain never opens it.
fn sealed(subject: UserId) -> linli_domain::sealed::Sealed {
    linli_domain::sealed::Sealed::new(
        subject,
        linli_domain::sealed::SealAlgorithm::Aes256Gcm,
        1,
        [1; 12],
        vec![2; 27],
    )
    .unwrap()
}
