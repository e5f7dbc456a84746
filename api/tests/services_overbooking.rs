//! A slot is never overbooked: many residents reserve one slot at the same moment, exactly
//! its capacity succeed, everyone else gets a clear 409, and availability shows none left.

mod common;
mod fixtures;
mod services_support;

use fixtures::{county, NO_FLAGS};
use serde_json::json;
use services_support::*;

const CAPACITY: u32 = 5;
const RESIDENTS: usize = 24;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_residents_reserving_one_slot_at_once_get_exactly_its_capacity_and_clear_409s() {
    let (app, manager) = county(NO_FLAGS).await;
    let world = catalog(&app, &manager, PROVIDER).await;
    let (slot, _) = open_slot(&app, &world.provider_token, &world.repair, CAPACITY).await;
    let mut tokens = Vec::new();
    for n in 0..RESIDENTS {
        tokens.push(app.dev_login(&format!("o-resident-{n:02}")).await);
    }

    // Every reservation is sent before any answer is awaited.
    let body = reservation(&world.repair, &slot);
    let answers = futures::future::join_all(
        tokens
            .iter()
            .map(|token| app.post("/api/v1/orders", Some(token), body.clone())),
    )
    .await;
    let mut reserved = Vec::new();
    let mut full = 0;
    for answer in answers {
        match answer.status().as_u16() {
            201 => {
                let body: serde_json::Value = answer.json().await.unwrap();
                reserved.push(body["id"].as_str().unwrap().to_owned());
            }
            409 => {
                let code = common::error_code(answer, 409).await;
                assert_eq!(code, "services.slot_full");
                full += 1;
            }
            other => panic!("unexpected {other}: {}", answer.text().await.unwrap()),
        }
    }
    assert_eq!(reserved.len(), CAPACITY as usize);
    assert_eq!(full, RESIDENTS - CAPACITY as usize);

    // The slot's own stream holds exactly the winners' places.
    let events = stream_events(&app, &format!("slot-{slot}")).await;
    assert_eq!(
        events.iter().filter(|e| *e == "slot.booked").count(),
        CAPACITY as usize,
        "{events:?}"
    );
    assert!(!events.iter().any(|e| e == "slot.released"), "{events:?}");

    // Availability shows none left, and the provider's schedule the winners' orders only.
    let after = app.head().await;
    let slots = json_of(
        app.get(
            &format!("/api/v1/services/{}/slots?after={after}", world.repair),
            Some(&tokens[0]),
        )
        .await,
        200,
    )
    .await;
    let view = &slots["items"][0];
    assert_eq!(view["id"], json!(slot));
    assert_eq!(view["booked"], json!(CAPACITY));
    assert_eq!(view["remaining"], json!(0));
    let schedule = json_of(
        app.get(
            &format!(
                "/api/v1/providers/{}/schedule?after={after}&limit=100",
                world.provider
            ),
            Some(&world.provider_token),
        )
        .await,
        200,
    )
    .await;
    let mut scheduled: Vec<String> = schedule["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    scheduled.sort();
    reserved.sort();
    assert_eq!(scheduled, reserved);

    // One more, later, is refused the same way.
    let late = app.dev_login("o-resident-late").await;
    let refused = app.post("/api/v1/orders", Some(&late), body).await;
    assert_eq!(common::error_code(refused, 409).await, "services.slot_full");
}
