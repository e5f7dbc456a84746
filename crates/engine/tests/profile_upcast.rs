//! `user.profile_updated` v1 (plain phone) still decodes after v2 sealed personal data.

use linli_domain::user::{User, UserEvent};
use linli_domain::{Aggregate, DomainEvent, StreamName, UserId};
use linli_engine::codec::{decode, AnyEvent};
use linli_eventlog::{
    EventLog, ExpectedVersion, LogConfig, Metadata, NewEvent, StreamId, StreamVersion,
};

const RESIDENT: UserId = UserId::from_u128(0x51);

#[tokio::test]
async fn a_v1_profile_with_a_plain_phone_decodes_as_v2_with_a_legacy_phone() {
    let dir = tempfile::tempdir().unwrap();
    let log = EventLog::open(LogConfig::new(dir.path())).unwrap();
    let stream = StreamId::new(StreamName::User(RESIDENT).to_string()).unwrap();
    // Exactly what builds before sealing wrote.
    let registered = serde_json::json!({
        "user": RESIDENT, "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "at": "2026-03-01T08:00:00Z"
    });
    let v1 = serde_json::json!({
        "display_name": "王阿姨", "phone": "13800138000",
        "home_grid": "330106001001-G003", "at": "2026-03-01T09:00:00Z"
    });
    let events = vec![
        NewEvent::new(
            "user.registered",
            1,
            serde_json::to_vec(&registered).unwrap(),
        ),
        NewEvent::new("user.profile_updated", 1, serde_json::to_vec(&v1).unwrap()),
    ];
    log.append(
        stream.clone(),
        ExpectedVersion::NoStream,
        events,
        Metadata::default(),
    )
    .await
    .unwrap();
    let records = log
        .read_stream(&stream, StreamVersion(1), usize::MAX)
        .unwrap();

    let decoded: Vec<UserEvent> = records
        .iter()
        .map(|r| match decode(r).unwrap() {
            AnyEvent::User(id, e) => {
                assert_eq!(id, RESIDENT);
                e
            }
            other => panic!("not a user event: {other:?}"),
        })
        .collect();
    let UserEvent::ProfileUpdated(profile) = &decoded[1] else {
        panic!("{:?}", decoded[1]);
    };
    assert_eq!(decoded[1].schema_version(), 2);
    assert_eq!(
        profile.legacy_phone.as_ref().unwrap().as_str(),
        "13800138000"
    );
    assert_eq!(profile.phone, None);
    assert_eq!(profile.id_card, None);
    assert_eq!(profile.display_name.as_deref(), Some("王阿姨"));

    let state = User::fold(&decoded).unwrap();
    assert_eq!(state.legacy_phone.unwrap().as_str(), "13800138000");
    assert_eq!(
        state.profile.home_grid.unwrap().to_string(),
        "330106001001-G003"
    );
}

#[test]
fn a_v1_profile_without_a_phone_gets_no_legacy_phone() {
    let v1 = serde_json::json!({"display_name": null, "phone": null, "home_grid": null, "at": "2026-03-01T09:00:00Z"});
    let v2 = linli_engine::codec::Upcasters::standard()
        .upcast("user.profile_updated", 1, 2, v1)
        .unwrap();
    assert!(v2.get("legacy_phone").is_none());
    assert_eq!(v2["phone"], serde_json::Value::Null);
}
