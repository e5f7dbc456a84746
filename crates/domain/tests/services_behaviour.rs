//! Life services, given/when/then: providers are reviewed by managers, slots never take
//! more bookings than places, and cancellation follows the stated rules.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use linli_domain::services::order::*;
use linli_domain::services::provider::*;
use linli_domain::services::slot::*;
use linli_domain::services::{Contact, OrderStatus, ServiceCategory, ServicesError};
use linli_domain::testing::given;
use linli_domain::{Actor, Aggregate, Fen, OrderId, Role, ServiceId, SlotId, UserId};

const OWNER: UserId = UserId::from_u128(3);
const RESIDENT: UserId = UserId::from_u128(1);
const MANAGER: UserId = UserId::from_u128(20);
const SLOT: SlotId = SlotId::from_u128(50);
const ORDER: OrderId = OrderId::from_u128(60);

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 8, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

fn provider_actor() -> Actor {
    Actor::User {
        user: OWNER,
        role: Role::Provider,
    }
}

fn registered() -> ProviderEvent {
    ProviderRegistered {
        provider_id: provider_of(OWNER),
        owner: OWNER,
        name: "安心家政".into(),
        phone: "13700000000".parse().unwrap(),
        description: String::new(),
        at: at(0),
    }
    .into()
}

fn review(by: Actor, reason: Option<&str>) -> ReviewProvider {
    ReviewProvider {
        reason: reason.map(str::to_owned),
        by,
        at: at(5),
    }
}

#[test]
fn a_manager_approves_a_registered_provider() {
    let state = given::<Provider>([registered()])
        .when(ProviderCommand::Approve(review(
            Actor::manager(MANAGER),
            None,
        )))
        .then([ProviderApproved {
            by: MANAGER,
            at: at(5),
        }
        .into()]);
    assert_eq!(
        state.unwrap().standing,
        linli_domain::services::ProviderStanding::Approved
    );
}

#[test]
fn nobody_but_a_manager_approves_and_a_rejection_needs_a_reason() {
    let error = given::<Provider>([registered()])
        .when(ProviderCommand::Approve(review(provider_actor(), None)))
        .then_any_error();
    assert_eq!(error.code(), "services.not_allowed");
    let error = given::<Provider>([registered()])
        .when(ProviderCommand::Reject(review(
            Actor::manager(MANAGER),
            None,
        )))
        .then_any_error();
    assert_eq!(error.code(), "services.invalid");
}

fn opened(capacity: u32) -> SlotEvent {
    SlotOpened {
        slot_id: SLOT,
        service: ServiceId::from_u128(40),
        provider: provider_of(OWNER),
        starts_at: at(600),
        ends_at: at(720),
        capacity,
        at: at(0),
    }
    .into()
}

fn book(order: u128, minutes: i64) -> SlotCommand {
    SlotCommand::Book(BookSlot {
        order: OrderId::from_u128(order),
        by: Actor::resident(RESIDENT),
        at: at(minutes),
    })
}

fn booked(order: u128, count: u32) -> SlotEvent {
    SlotBooked {
        order: OrderId::from_u128(order),
        booked: count,
        at: at(10),
    }
    .into()
}

#[test]
fn a_full_slot_refuses_one_more_booking() {
    given::<Slot>([opened(2), booked(1, 1), booked(2, 2)])
        .when(book(3, 10))
        .then_error(ServicesError::SlotFull { capacity: 2 });
}

#[test]
fn booking_the_same_order_twice_takes_one_place() {
    given::<Slot>([opened(2), booked(1, 1)])
        .when(book(1, 10))
        .then([]);
}

#[test]
fn a_released_place_can_be_booked_again() {
    let state = given::<Slot>([
        opened(1),
        booked(1, 1),
        SlotReleased {
            order: OrderId::from_u128(1),
            booked: 0,
            at: at(20),
        }
        .into(),
    ])
    .when(book(2, 10))
    .then([booked(2, 1)]);
    assert_eq!(state.unwrap().remaining(), 0);
}

#[test]
fn a_slot_that_has_started_cannot_be_booked() {
    given::<Slot>([opened(3)])
        .when(book(1, 600))
        .then_error(ServicesError::SlotStarted);
}

fn reserved() -> OrderEvent {
    OrderReserved {
        order_id: ORDER,
        resident: RESIDENT,
        service: ServiceId::from_u128(40),
        provider: provider_of(OWNER),
        category: ServiceCategory::Maintenance,
        service_name: "水管维修".into(),
        price: Fen(5_000),
        slot: SLOT,
        slot_starts_at: at(600),
        address: Some(sealed(RESIDENT)),
        area: None,
        contact_name: "王阿姨".into(),
        contact_phone: Some(sealed(RESIDENT)),
        note: None,
        legacy_address: None,
        legacy_phone: None,
        at: at(1),
    }
    .into()
}

fn reserve(phone_of: UserId) -> OrderCommand {
    OrderCommand::Reserve(ReserveOrder {
        order_id: ORDER,
        service: ServiceId::from_u128(40),
        provider: provider_of(OWNER),
        category: ServiceCategory::Maintenance,
        service_name: "水管维修".into(),
        price: Fen(5_000),
        slot: SLOT,
        slot_starts_at: at(600),
        address: sealed(RESIDENT),
        area: None,
        contact_name: " 王阿姨 ".into(),
        contact_phone: sealed(phone_of),
        note: None,
        by: Actor::User {
            user: RESIDENT,
            role: Role::Resident,
        },
        at: at(1),
    })
}

#[test]
fn a_reservation_records_the_phone_and_address_sealed_and_the_name_trimmed() {
    given::<Order>([])
        .when(reserve(RESIDENT))
        .then([reserved()]);
}

#[test]
fn a_reservation_sealed_under_someone_elses_key_is_refused() {
    let refused = Order::decide(&reserve(OWNER), &None).unwrap_err();
    assert!(
        matches!(refused, ServicesError::Validation(_)),
        "{refused:?}"
    );
}

fn paid_history() -> Vec<OrderEvent> {
    vec![
        reserved(),
        PaymentRequested {
            out_trade_no: out_trade_no(ORDER),
            amount: Fen(5_000),
            prepay_id: "wx1".into(),
            at: at(2),
        }
        .into(),
        OrderPaid {
            out_trade_no: out_trade_no(ORDER),
            transaction_id: "TX1".into(),
            amount: Fen(5_000),
            paid_at: at(3),
            at: at(3),
        }
        .into(),
    ]
}

fn cancel(by: Actor) -> OrderCommand {
    OrderCommand::Cancel(CancelOrder {
        reason: "临时有事".into(),
        by,
        at: at(30),
    })
}

#[test]
fn cancelling_a_paid_order_refunds_it_in_full() {
    let state = given::<Order>(paid_history())
        .when(cancel(Actor::resident(RESIDENT)))
        .then([
            OrderCancelled {
                from: OrderStatus::Paid,
                reason: "临时有事".into(),
                by: Actor::resident(RESIDENT),
                at: at(30),
            }
            .into(),
            RefundRequested {
                out_refund_no: format!("{}-R1", out_trade_no(ORDER)),
                amount: Fen(5_000),
                reason: "订单取消".into(),
                by: Actor::resident(RESIDENT),
                at: at(30),
            }
            .into(),
        ]);
    assert_eq!(state.unwrap().refundable(), Fen(0));
}

#[test]
fn cancelling_an_unpaid_order_refunds_nothing() {
    given::<Order>([reserved()])
        .when(cancel(Actor::resident(RESIDENT)))
        .then([OrderCancelled {
            from: OrderStatus::Reserved,
            reason: "临时有事".into(),
            by: Actor::resident(RESIDENT),
            at: at(30),
        }
        .into()]);
}

#[test]
fn only_the_resident_who_placed_the_order_cancels_it_not_its_provider() {
    let error = given::<Order>([reserved()])
        .when(cancel(provider_actor()))
        .then_any_error();
    assert_eq!(error.code(), "services.not_allowed");
}

#[test]
fn another_resident_cannot_cancel_and_started_work_cannot_be_cancelled() {
    let error = given::<Order>([reserved()])
        .when(cancel(Actor::resident(UserId::from_u128(99))))
        .then_any_error();
    assert_eq!(error.code(), "services.not_allowed");
    let mut history = paid_history();
    history.push(
        OrderDispatched {
            worker: Contact {
                name: "李师傅".into(),
                phone: "13900000000".parse().unwrap(),
            },
            by: OWNER,
            at: at(40),
        }
        .into(),
    );
    history.push(
        OrderStarted {
            note: None,
            at: at(50),
        }
        .into(),
    );
    given::<Order>(history)
        .when(cancel(Actor::resident(RESIDENT)))
        .then_error(ServicesError::WrongState {
            status: OrderStatus::Started,
            action: "cancelling",
        });
}

#[test]
fn a_duplicate_payment_notification_records_nothing_and_a_wrong_amount_is_refused() {
    let confirm = |tx: &str, amount: i64| {
        OrderCommand::ConfirmPayment(ConfirmPayment {
            out_trade_no: out_trade_no(ORDER),
            transaction_id: tx.into(),
            amount: Fen(amount),
            paid_at: at(3),
            by: Actor::System,
            at: at(4),
        })
    };
    given::<Order>(paid_history())
        .when(confirm("TX1", 5_000))
        .then([]);
    let requested = paid_history()[..2].to_vec();
    given::<Order>(requested)
        .when(confirm("TX1", 1))
        .then_error(ServicesError::AmountMismatch {
            expected: Fen(5_000),
            actual: Fen(1),
        });
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
