//! Directory administration, black-box: a manager bootstrapped with `linli grant` imports a
//! county, complaints route by every basis, scopes and roles are enforced, and bad
//! documents are refused whole with the log untouched.

mod common;

use common::{error_code, json_of, linli_ok, spawn_app_in, TestApp};
use serde_json::{json, Value};

const COUNTY: &str = "330110000000";
const WUCHANG: &str = "330110003000";
const CANGQIAN: &str = "330110005000";
const WUCHANG_COMMUNITY: &str = "330110003001";
const LINGYUAN: &str = "330110005201";
const GRID_1: &str = "330110003001-G001";
const GRID_2: &str = "330110003001-G002";
const GRID_3: &str = "330110005201-G001";

const MANAGER: &str = "o-county-manager";
const AUDITOR: &str = "o-auditor";

/// A rectangle ring `[west, south, east, north]`.
fn rect(w: f64, s: f64, e: f64, n: f64) -> Value {
    json!([[[w, s], [e, s], [e, n], [w, n], [w, s]]])
}

/// Two townships; 五常社区 has two grids sharing the edge lon = 120.06; 灵源村 one grid.
fn document() -> Value {
    json!({
        "nodes": [
            // Listed children first: the import orders parents before children itself.
            {"code": GRID_1, "name": "五常社区第一网格", "parent": WUCHANG_COMMUNITY, "polygon": rect(120.05, 30.28, 120.06, 30.29)},
            {"code": GRID_2, "name": "五常社区第二网格", "parent": WUCHANG_COMMUNITY, "polygon": rect(120.06, 30.28, 120.07, 30.29)},
            {"code": GRID_3, "name": "灵源村第一网格", "polygon": rect(120.00, 30.28, 120.01, 30.29)},
            {"code": COUNTY, "name": "余杭区", "aliases": ["余杭"]},
            {"code": WUCHANG, "name": "五常街道", "aliases": ["五常"]},
            {"code": CANGQIAN, "name": "仓前街道", "aliases": ["仓前"]},
            {"code": WUCHANG_COMMUNITY, "name": "五常社区"},
            {"code": LINGYUAN, "name": "灵源村", "aliases": ["灵源"]}
        ],
        "cadres": [
            {"node": GRID_1, "openid": "o-grid-1", "role": "grid_worker"},
            {"node": GRID_2, "openid": "o-grid-2", "role": "grid_worker"},
            {"node": GRID_3, "openid": "o-grid-3", "role": "grid_worker"},
            {"node": WUCHANG_COMMUNITY, "openid": "o-village-wuchang", "role": "village_staff"},
            {"node": LINGYUAN, "openid": "o-village-lingyuan", "role": "village_staff"},
            {"node": WUCHANG, "openid": "o-township-wuchang", "role": "township_staff"},
            {"node": CANGQIAN, "openid": "o-township-cangqian", "role": "township_staff"}
        ],
        "routing_rules": [
            {"node": COUNTY, "category": null, "role": "village_staff"},
            {"node": COUNTY, "category": "environment", "role": "grid_worker"}
        ],
        "time_limits": [
            {"category": "environment", "response_minutes": 120, "resolution_minutes": 2100},
            {"category": "theft", "response_minutes": 60, "resolution_minutes": 1260}
        ],
        "calendars": [
            {"year": 2026, "holidays": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"], "makeup_workdays": ["2026-09-20", "2026-10-10"]}
        ],
        "working_hours": [{"start": "08:30", "end": "12:00"}, {"start": "13:30", "end": "17:30"}]
    })
}

/// A store with the county manager and an auditor granted by the operator, served with the
/// development login; returns the app and the manager's token.
async fn county_app() -> (TestApp, String) {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap().to_owned();
    linli_ok(&[
        "grant", "--data", &dir, "--openid", MANAGER, "--role", "manager", "--scope", COUNTY,
    ]);
    linli_ok(&[
        "grant", "--data", &dir, "--openid", AUDITOR, "--role", "auditor",
    ]);
    let app = spawn_app_in(data, &["--dev-login"]);
    let manager = app.dev_login(MANAGER).await;
    (app, manager)
}

async fn user_id(app: &TestApp, token: &str) -> String {
    json_of(app.get("/api/v1/me", Some(token)).await, 200).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn import(app: &TestApp, token: &str, document: Value) -> Value {
    json_of(
        app.post("/api/v1/directory/import", Some(token), document)
            .await,
        200,
    )
    .await
}

/// Files a complaint and reads it back: (jurisdiction, cadre, status).
async fn file(app: &TestApp, token: &str, body: Value) -> (Value, Value, Value) {
    let filed = json_of(app.post("/api/v1/complaints", Some(token), body).await, 201).await;
    let path = format!(
        "/api/v1/complaints/{}?after={}",
        filed["id"].as_str().unwrap(),
        filed["position"]
    );
    let view = json_of(app.get(&path, Some(token)).await, 200).await;
    let c = &view["complaint"];
    (
        c["jurisdiction"].clone(),
        c["cadre"].clone(),
        c["status"].clone(),
    )
}

fn complaint(category: &str, address: &str, extra: Value) -> Value {
    let mut body = json!({
        "category": category,
        "occurred_at": "2026-11-20T08:00:00Z",
        "address": address,
        "description": "测试用的诉求描述。",
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

#[tokio::test]
async fn complaints_route_by_code_point_boundary_address_and_home_grid_and_unknown_places_go_to_triage(
) {
    let (app, manager) = county_app().await;
    let report = import(&app, &manager, document()).await;
    assert!(
        report["directory_commands"].as_u64().unwrap() > 10,
        "{report}"
    );
    let position = report["position"].as_u64().unwrap();
    // The router reads the directory stream directly; the read side is waited for here.
    json_of(
        app.get(
            &format!("/api/v1/directory?after={position}"),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;

    let mut ids = std::collections::HashMap::new();
    for openid in ["o-grid-1", "o-grid-2", "o-grid-3", "o-village-lingyuan"] {
        let token = app.dev_login(openid).await;
        ids.insert(openid, json!(user_id(&app, &token).await));
    }
    let resident = app.dev_login("o-resident-zhang").await;

    // An explicit code wins over everything else.
    let (node, cadre, _) = file(
        &app,
        &resident,
        complaint(
            "environment",
            "五常社区门口",
            json!({"jurisdiction_code": GRID_2, "point": {"lon": 120.055, "lat": 30.285}}),
        ),
    )
    .await;
    assert_eq!((node, cadre), (json!(GRID_2), ids["o-grid-2"].clone()));

    // A point inside a grid polygon.
    let (node, cadre, _) = file(
        &app,
        &resident,
        complaint(
            "environment",
            "路边",
            json!({"point": {"lon": 120.055, "lat": 30.285}}),
        ),
    )
    .await;
    assert_eq!((node, cadre), (json!(GRID_1), ids["o-grid-1"].clone()));

    // A point on the edge two grids share is inside both: equal areas, so the lower code.
    let (node, cadre, _) = file(
        &app,
        &resident,
        complaint(
            "environment",
            "路边",
            json!({"point": {"lon": 120.06, "lat": 30.285}}),
        ),
    )
    .await;
    assert_eq!((node, cadre), (json!(GRID_1), ids["o-grid-1"].clone()));

    // Address text naming a township and a village in it: the deepest match wins, and the
    // catch-all rule sends a theft to the village staff.
    let (node, cadre, _) = file(
        &app,
        &resident,
        complaint("theft", "仓前街道灵源村灵源路12号", json!({})),
    )
    .await;
    assert_eq!(
        (node, cadre),
        (json!(LINGYUAN), ids["o-village-lingyuan"].clone())
    );

    // Nothing but the home grid, set through the profile.
    let neighbour = app.dev_login("o-resident-li").await;
    json_of(
        app.post(
            "/api/v1/me/profile",
            Some(&neighbour),
            json!({"display_name": "李阿姨", "phone": "+86-138-0000-1234", "home_grid": GRID_3}),
        )
        .await,
        200,
    )
    .await;
    let (node, cadre, _) = file(
        &app,
        &neighbour,
        complaint("environment", "我家楼下", json!({})),
    )
    .await;
    assert_eq!((node, cadre), (json!(GRID_3), ids["o-grid-3"].clone()));

    // An unknown village, and no home grid: the triage queue, no cadre.
    let (_, cadre, status) = file(
        &app,
        &resident,
        complaint("other", "临平区南苑街道某某村", json!({})),
    )
    .await;
    assert_eq!((cadre, status), (Value::Null, json!("triage")));
}

#[tokio::test]
async fn reimporting_the_same_document_writes_nothing_and_the_tree_is_readable_by_residents() {
    let (app, manager) = county_app().await;
    import(&app, &manager, document()).await;
    let before = app.head().await;
    let again = import(&app, &manager, document()).await;
    assert_eq!(again["directory_commands"], json!(0), "{again}");
    assert_eq!(again["user_commands"], json!(0), "{again}");
    assert!(again["unchanged"].as_u64().unwrap() >= 20, "{again}");
    assert_eq!(app.head().await, before);

    let resident = app.dev_login("o-resident-wang").await;
    let tree = json_of(
        app.get(
            &format!("/api/v1/directory?after={before}"),
            Some(&resident),
        )
        .await,
        200,
    )
    .await;
    let county = &tree["tree"][0];
    assert_eq!(county["code"], json!(COUNTY));
    assert_eq!(county["level"], json!("county"));
    assert_eq!(county["children"].as_array().unwrap().len(), 2);
    assert_eq!(tree["routing_rules"].as_array().unwrap().len(), 2);
    assert_eq!(tree["time_limits"].as_array().unwrap().len(), 2);
    let text = tree.to_string();
    assert!(
        text.contains("五常社区第二网格") && text.contains("grid_worker"),
        "{text}"
    );
}

#[tokio::test]
async fn residents_and_auditors_cannot_administer_and_a_manager_stays_inside_their_scope() {
    let (app, manager) = county_app().await;
    import(&app, &manager, document()).await;
    let resident = app.dev_login("o-resident-wang").await;
    let auditor = app.dev_login(AUDITOR).await;
    let before = app.head().await;

    assert_eq!(
        error_code(
            app.post("/api/v1/directory/import", Some(&resident), document())
                .await,
            403
        )
        .await,
        "auth.forbidden"
    );
    assert_eq!(
        error_code(
            app.post("/api/v1/directory/import", Some(&auditor), document())
                .await,
            403
        )
        .await,
        "auth.forbidden"
    );
    let rule = json!({"node": COUNTY, "category": "theft", "role": "township_staff"});
    assert_eq!(
        error_code(
            app.post("/api/v1/directory/rules", Some(&auditor), rule)
                .await,
            403
        )
        .await,
        "auth.forbidden"
    );

    // A resident cannot grant roles, not even to themself.
    let wang = user_id(&app, &resident).await;
    let grant = json!({"role": "manager", "scope": [COUNTY]});
    assert_eq!(
        error_code(
            app.post(
                &format!("/api/v1/users/{wang}/roles"),
                Some(&resident),
                grant
            )
            .await,
            403
        )
        .await,
        "auth.forbidden"
    );
    assert_eq!(app.head().await, before);

    // The county manager makes a township manager for 五常街道 only.
    let township = app.dev_login("o-wuchang-manager").await;
    let township_id = user_id(&app, &township).await;
    json_of(
        app.post(
            &format!("/api/v1/users/{township_id}/roles"),
            Some(&manager),
            json!({"role": "manager", "scope": [WUCHANG]}),
        )
        .await,
        200,
    )
    .await;

    // Inside their township: fine. A new grid under 五常社区.
    let grid = json!({"code": "330110003001-G003", "name": "五常社区第三网格", "polygon": rect(120.07, 30.28, 120.08, 30.29)});
    let written = json_of(
        app.post("/api/v1/directory/nodes", Some(&township), grid)
            .await,
        200,
    )
    .await;
    assert_eq!(written["directory_commands"], json!(1));
    // Outside it (仓前街道): refused, naming the entry.
    let outside = json!({"code": "330110005202", "name": "葛巷村"});
    let response = app
        .post("/api/v1/directory/nodes", Some(&township), outside)
        .await;
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["error"]["details"]["node"],
        json!("330110005202"),
        "{body}"
    );
    // Settings that hold everywhere need the whole tree.
    let limits = json!({"category": "theft", "response_minutes": 30, "resolution_minutes": 600});
    assert_eq!(
        error_code(
            app.post("/api/v1/directory/time-limits", Some(&township), limits)
                .await,
            403
        )
        .await,
        "auth.forbidden"
    );
    // Nor may they grant outside it, or appoint auditors.
    let outside_grant = json!({"role": "cadre", "scope": [CANGQIAN]});
    assert_eq!(
        error_code(
            app.post(
                &format!("/api/v1/users/{wang}/roles"),
                Some(&township),
                outside_grant
            )
            .await,
            403
        )
        .await,
        "auth.forbidden"
    );
    let auditor_grant = json!({"role": "auditor", "scope": [WUCHANG]});
    assert_eq!(
        error_code(
            app.post(
                &format!("/api/v1/users/{wang}/roles"),
                Some(&township),
                auditor_grant
            )
            .await,
            403
        )
        .await,
        "auth.forbidden"
    );
    // The county manager revokes the township manager; they can no longer edit.
    json_of(
        app.post(
            &format!("/api/v1/users/{township_id}/roles/manager/revoke"),
            Some(&manager),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    let grid = json!({"code": "330110003001-G003", "name": "五常社区三网格"});
    assert_eq!(
        error_code(
            app.post("/api/v1/directory/nodes", Some(&township), grid)
                .await,
            403
        )
        .await,
        "auth.forbidden"
    );
}

#[tokio::test]
async fn bad_documents_are_refused_whole_with_the_offending_entry_named_and_nothing_written() {
    let (app, manager) = county_app().await;
    let before = app.head().await;
    let cases = [
        // Not a code at all.
        (
            json!({"nodes": [{"code": COUNTY, "name": "余杭区"}, {"code": "33011000300X", "name": "坏"}]}),
            "nodes[1].code",
        ),
        // A grid whose village is missing while the county is defined.
        (
            json!({"nodes": [{"code": COUNTY, "name": "余杭区"}, {"code": GRID_1, "name": "孤儿网格"}]}),
            "nodes[1]",
        ),
        // A parent that disagrees with the code.
        (
            json!({"nodes": [{"code": COUNTY, "name": "余杭区"}, {"code": WUCHANG, "name": "五常街道", "parent": "330110005000"}]}),
            "nodes[1]",
        ),
        // Resolution faster than response, after valid nodes.
        (
            json!({"nodes": [{"code": COUNTY, "name": "余杭区"}], "time_limits": [{"category": "theft", "response_minutes": 600, "resolution_minutes": 60}]}),
            "time_limits[0]",
        ),
        // A posting to a node nobody defines.
        (
            json!({"nodes": [{"code": COUNTY, "name": "余杭区"}], "cadres": [{"node": WUCHANG, "openid": "o-x", "role": "grid_worker"}]}),
            "cadres[0]",
        ),
        // A make-up day on a Wednesday.
        (
            json!({"nodes": [{"code": COUNTY, "name": "余杭区"}], "calendars": [{"year": 2026, "makeup_workdays": ["2026-10-14"]}]}),
            "calendars[0]",
        ),
        // An unknown category.
        (
            json!({"routing_rules": [{"node": COUNTY, "category": "aliens", "role": "grid_worker"}]}),
            "routing_rules[0].category",
        ),
    ];
    for (document, entry) in cases {
        let response = app
            .post("/api/v1/directory/import", Some(&manager), document.clone())
            .await;
        assert_eq!(response.status(), 422, "{document}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["error"]["code"],
            json!("directory.invalid_document"),
            "{body}"
        );
        assert_eq!(body["error"]["details"]["entry"], json!(entry), "{body}");
    }
    assert_eq!(
        app.head().await,
        before,
        "a refused document writes nothing"
    );
}

#[test]
fn linli_grant_refuses_a_manager_without_scope_and_rejects_a_malformed_code_as_bad_usage() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_linli"))
            .args(args)
            .output()
            .unwrap()
    };
    let refused = run(&[
        "grant", "--data", dir, "--openid", "o-m", "--role", "manager",
    ]);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let usage = run(&[
        "grant", "--data", dir, "--openid", "o-m", "--role", "manager", "--scope", "33011",
    ]);
    assert_eq!(usage.status.code(), Some(2));
    let granted = run(&[
        "grant", "--data", dir, "--openid", "o-m", "--role", "manager", "--scope", COUNTY,
    ]);
    assert!(granted.status.success());
    assert!(String::from_utf8_lossy(&granted.stdout).contains("granted"));
    let again = run(&[
        "grant", "--data", dir, "--openid", "o-m", "--role", "manager", "--scope", COUNTY,
    ]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("already held"));
}

/// A closed ring of `n` positions on a circle of radius `r` degrees.
fn circle(lon: f64, lat: f64, r: f64, n: u32) -> Value {
    let mut ring: Vec<Value> = (0..n)
        .map(|i| {
            let a = f64::from(i) / f64::from(n) * std::f64::consts::TAU;
            json!([lon + r * a.cos(), lat + r * a.sin()])
        })
        .collect();
    ring.push(ring[0].clone());
    json!([ring])
}

#[tokio::test]
async fn an_import_with_detailed_boundaries_may_exceed_the_usual_json_body_limit_but_not_the_event_size(
) {
    let (app, manager) = county_app().await;
    // Three villages with 1 000-position boundaries: about 130 KB of JSON in one document.
    let document = json!({"nodes": [
        {"code": COUNTY, "name": "余杭区"},
        {"code": WUCHANG, "name": "五常街道"},
        {"code": "330110003001", "name": "五常社区", "polygon": circle(120.06, 30.285, 0.004, 1000)},
        {"code": "330110003002", "name": "友谊社区", "polygon": circle(120.07, 30.285, 0.004, 1000)},
        {"code": "330110003003", "name": "洪园社区", "polygon": circle(120.08, 30.285, 0.004, 1000)}
    ]});
    assert!(document.to_string().len() > 100 * 1024);
    let report = import(&app, &manager, document).await;
    assert_eq!(report["directory_commands"], json!(5), "{report}");

    // One boundary too detailed to record as a single event: refused by name, nothing written.
    let before = app.head().await;
    let huge = json!({"nodes": [{"code": "330110003004", "name": "永福社区", "polygon": circle(120.09, 30.285, 0.004, 5000)}]});
    let response = app
        .post("/api/v1/directory/import", Some(&manager), huge)
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["error"]["details"]["entry"],
        json!("nodes[0]"),
        "{body}"
    );
    assert_eq!(app.head().await, before);
}
