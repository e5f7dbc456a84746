//! `order.reserved` v1 (plain address and phone) still decodes after v2 sealed them.

use linli_domain::services::order::OrderEvent;
use linli_domain::DomainEvent;
use linli_engine::codec::Upcasters;

fn v1() -> serde_json::Value {
    // Exactly what builds before sealing wrote.
    serde_json::json!({
        "order_id": "00000000-0000-0000-0000-000000000001",
        "resident": "00000000-0000-0000-0000-000000000051",
        "service": "00000000-0000-0000-0000-000000000004",
        "provider": "00000000-0000-0000-0000-000000000005",
        "category": "housekeeping",
        "service_name": "日常保洁",
        "price": 5000,
        "slot": "00000000-0000-0000-0000-000000000006",
        "slot_starts_at": "2026-03-01T10:00:00Z",
        "address": "幸福里 3 栋 201",
        "area": null,
        "contact": {"name": "王阿姨", "phone": "13800138000"},
        "note": null,
        "at": "2026-03-01T09:00:00Z"
    })
}

#[test]
fn a_v1_reservation_decodes_as_v2_with_its_plain_values_kept_as_legacy() {
    let v2 = Upcasters::standard()
        .upcast("order.reserved", 1, 2, v1())
        .unwrap();
    let event =
        OrderEvent::from_payload("order.reserved", &serde_json::to_vec(&v2).unwrap()).unwrap();
    let OrderEvent::Reserved(reserved) = &event else {
        panic!("{event:?}");
    };
    assert_eq!(event.schema_version(), 2);
    assert_eq!(reserved.contact_name, "王阿姨");
    assert_eq!(reserved.contact_phone, None);
    assert_eq!(reserved.address, None);
    assert_eq!(reserved.legacy_phone.as_deref(), Some("13800138000"));
    assert_eq!(reserved.legacy_address.as_deref(), Some("幸福里 3 栋 201"));
}

#[test]
fn a_v1_reservation_without_a_contact_is_refused_by_the_upcaster() {
    let mut broken = v1();
    broken.as_object_mut().unwrap().remove("contact");
    assert!(Upcasters::standard()
        .upcast("order.reserved", 1, 2, broken)
        .is_err());
}

#[test]
fn a_v2_reservation_never_writes_legacy_fields() {
    let v2 = Upcasters::standard()
        .upcast("order.reserved", 1, 2, v1())
        .unwrap();
    let mut event: OrderEvent =
        OrderEvent::from_payload("order.reserved", &serde_json::to_vec(&v2).unwrap()).unwrap();
    if let OrderEvent::Reserved(r) = &mut event {
        r.legacy_phone = None;
        r.legacy_address = None;
    }
    let written: serde_json::Value = serde_json::from_slice(&event.to_payload().unwrap()).unwrap();
    assert!(written.get("legacy_phone").is_none());
    assert!(written.get("legacy_address").is_none());
}
