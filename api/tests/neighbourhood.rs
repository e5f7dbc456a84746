//! Neighbourhood life, black-box: the forum with moderation, community events with capacity
//! under concurrency, second-hand listings, mutual help, proposed solutions, the cadre
//! ranking and the neighbourhood counts.

mod common;
mod fixtures;

use common::{error_code, json_of, TestApp};
use fixtures::*;
use serde_json::{json, Value};

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> (String, u64) {
    let body = json_of(app.post(path, Some(token), body).await, 201).await;
    (
        body["id"].as_str().unwrap().to_owned(),
        body["position"].as_u64().unwrap(),
    )
}

async fn step(app: &TestApp, token: &str, path: &str, body: Value) -> u64 {
    json_of(app.post(path, Some(token), body).await, 200).await["position"]
        .as_u64()
        .unwrap()
}

/// Asserts a 4xx in the one error shape and that the log did not move.
async fn refused(app: &TestApp, token: &str, path: &str, body: Value, status: u16) {
    let before = app.head().await;
    error_code(app.post(path, Some(token), body).await, status).await;
    assert_eq!(app.head().await, before, "{path} wrote nothing");
}

async fn refused_4xx(app: &TestApp, token: &str, path: &str, body: Value) {
    let before = app.head().await;
    let response = app.post(path, Some(token), body.clone()).await;
    let status = response.status().as_u16();
    assert!((400..500).contains(&status), "{body} answered {status}");
    error_code(response, status).await;
    assert_eq!(app.head().await, before, "{path} wrote nothing");
}

#[tokio::test]
async fn a_moderator_hides_and_restores_a_post_and_residents_never_see_the_hidden_text() {
    let (app, manager) = county(NO_FLAGS).await;
    let author = resident_of(&app, "o-resident-wang", GRID_A).await;
    let reader = resident_of(&app, "o-resident-li", GRID_A).await;
    let cadre = app.dev_login(CADRE_A).await;
    let cadre_b = app.dev_login(CADRE_B).await;
    let auditor = app.dev_login(AUDITOR).await;

    let (post, _) = created(
        &app,
        &author,
        "/api/v1/forum/posts",
        json!({"community": GRID_A, "title": "楼下停车乱象", "body": "3 号楼下天天有车堵消防通道，物业电话 138xxxx 不接。"}),
    )
    .await;
    let commented = step(
        &app,
        &reader,
        &format!("/api/v1/forum/posts/{post}/comments"),
        json!({"text": "同感，晚上更严重"}),
    )
    .await;
    let comments = json_of(
        app.get(
            &format!("/api/v1/forum/posts/{post}/comments?after={commented}"),
            Some(&author),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(comments["items"][0]["text"], json!("同感，晚上更严重"));

    // A cadre of another grid may not moderate it; a resident neither; a reason is needed.
    let hide = format!("/api/v1/forum/posts/{post}/hide");
    refused(&app, &cadre_b, &hide, json!({"reason": "含个人电话"}), 403).await;
    refused(&app, &reader, &hide, json!({"reason": "含个人电话"}), 403).await;
    refused_4xx(&app, &cadre, &hide, json!({"reason": ""})).await;
    refused_4xx(&app, &cadre, &hide, json!({"why": "含个人电话"})).await;

    let hidden = step(&app, &cadre, &hide, json!({"reason": "含个人电话"})).await;
    refused(&app, &cadre, &hide, json!({"reason": "再次"}), 409).await;
    let seen_by = |token: &str| {
        let url = format!("/api/v1/forum/posts/{post}?after={hidden}");
        let app = &app;
        let token = token.to_owned();
        async move { json_of(app.get(&url, Some(&token)).await, 200).await }
    };
    let as_reader = seen_by(&reader).await;
    assert_eq!(as_reader["title"], Value::Null, "{as_reader}");
    assert_eq!(as_reader["body"], Value::Null, "{as_reader}");
    assert!(as_reader["hidden"].is_object());
    let feed = json_of(
        app.get(
            &format!("/api/v1/forum/posts?community={VILLAGE_A}&after={hidden}"),
            Some(&reader),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(feed["items"].as_array().unwrap().len(), 1, "{feed}");
    assert!(
        !feed.to_string().contains("消防通道"),
        "hidden text leaks through the feed: {feed}"
    );
    // The author and the moderator still read it, with the reason.
    for token in [&author, &cadre] {
        let view = seen_by(token).await;
        assert_eq!(view["title"], json!("楼下停车乱象"));
        assert_eq!(view["hidden"]["reason"], json!("含个人电话"));
    }
    // The original text is kept in the log.
    let history = json_of(
        app.get(
            &format!("/api/v1/audit/streams/forum-{post}"),
            Some(&auditor),
        )
        .await,
        200,
    )
    .await;
    let history = history.to_string();
    assert!(history.contains("消防通道"), "{history}");
    assert!(history.contains("含个人电话"), "{history}");

    // Restored: visible to everyone again; restoring twice is illegal.
    let restore = format!("/api/v1/forum/posts/{post}/restore");
    let restored = step(&app, &manager, &restore, json!({})).await;
    refused(&app, &manager, &restore, json!({}), 409).await;
    let view = json_of(
        app.get(
            &format!("/api/v1/forum/posts/{post}?after={restored}"),
            Some(&reader),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["title"], json!("楼下停车乱象"));
    assert_eq!(view["hidden"], Value::Null);

    // A comment is hidden on its own.
    let hidden = step(
        &app,
        &cadre,
        &hide,
        json!({"comment": 1, "reason": "人身攻击"}),
    )
    .await;
    let comments = json_of(
        app.get(
            &format!("/api/v1/forum/posts/{post}/comments?after={hidden}"),
            Some(&author),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(comments["items"][0]["text"], Value::Null, "{comments}");
}

#[tokio::test]
async fn only_residents_of_the_community_post_and_bad_posts_change_nothing() {
    let (app, _) = county(NO_FLAGS).await;
    let outsider = resident_of(&app, "o-resident-far", GRID_B).await;
    let homeless = app.dev_login("o-resident-new").await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let good = json!({"community": VILLAGE_A, "title": "求推荐修鞋", "body": "附近哪里能修鞋？"});
    refused(&app, &outsider, "/api/v1/forum/posts", good.clone(), 403).await;
    refused(&app, &homeless, "/api/v1/forum/posts", good, 403).await;
    for bad in [
        json!({"community": VILLAGE_A, "title": "", "body": "附近哪里能修鞋？"}),
        json!({"community": VILLAGE_A, "title": "修鞋", "body": ""}),
        json!({"community": "330106009009", "title": "修鞋", "body": "哪里？"}),
        json!({"community": VILLAGE_A, "title": "修鞋"}),
    ] {
        refused_4xx(&app, &wang, "/api/v1/forum/posts", bad).await;
    }
    error_code(
        app.get(
            "/api/v1/forum/posts/00000000-0000-4000-8000-000000000000",
            Some(&wang),
        )
        .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn twenty_four_parallel_registrations_fill_five_seats_and_waitlist_the_rest() {
    let (app, _) = county(NO_FLAGS).await;
    let cadre = app.dev_login(CADRE_A).await;
    let (activity, _) = created(
        &app,
        &cadre,
        "/api/v1/activities",
        json!({
            "community": GRID_A,
            "title": "重阳节包饺子",
            "description": "社区食堂一起包饺子，送给独居老人。",
            "place": "青芝坞社区食堂",
            "starts_at": "2026-12-20T02:00:00Z",
            "capacity": 5
        }),
    )
    .await;
    let mut residents = Vec::new();
    for n in 0..24 {
        residents.push(resident_of(&app, &format!("o-neighbour-{n}"), GRID_A).await);
    }
    let register = format!("/api/v1/activities/{activity}/register");
    let answers = futures::future::join_all(
        residents
            .iter()
            .map(|token| app.post(&register, Some(token), json!(null))),
    )
    .await;
    let mut outcomes = Vec::new();
    let mut last = 0;
    for response in answers {
        let body = json_of(response, 200).await;
        last = last.max(body["position"].as_u64().unwrap());
        outcomes.push(body["outcome"].as_str().unwrap().to_owned());
    }
    assert_eq!(outcomes.iter().filter(|o| *o == "registered").count(), 5);
    assert_eq!(outcomes.iter().filter(|o| *o == "waitlisted").count(), 19);
    let view = json_of(
        app.get(
            &format!("/api/v1/activities/{activity}?after={last}"),
            Some(&cadre),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["registered"], json!(5));
    assert_eq!(view["waitlisted"], json!(19));
    assert_eq!(view["status"], json!("full"));
    assert_eq!(view["seats"].as_array().unwrap().len(), 5);

    // A seat holder cancels: the first on the waitlist is promoted.
    let seated = residents
        .iter()
        .zip(&outcomes)
        .find(|(_, o)| *o == "registered")
        .unwrap()
        .0;
    let first_waiting = view["waitlist"][0].as_str().unwrap().to_owned();
    let cancelled = step(
        &app,
        seated,
        &format!("/api/v1/activities/{activity}/registration/cancel"),
        json!(null),
    )
    .await;
    let view = json_of(
        app.get(
            &format!("/api/v1/activities/{activity}?after={cancelled}"),
            Some(&cadre),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["registered"], json!(5));
    assert_eq!(view["waitlisted"], json!(18));
    assert!(view["seats"]
        .as_array()
        .unwrap()
        .contains(&json!(first_waiting)));
    // A resident's view shows only their own place on the lists.
    let seen = json_of(
        app.get(
            &format!("/api/v1/activities/{activity}?after={cancelled}"),
            Some(&residents[0]),
        )
        .await,
        200,
    )
    .await;
    assert!(
        seen["seats"].as_array().unwrap().len() + seen["waitlist"].as_array().unwrap().len() <= 1
    );
    // Registering twice is illegal.
    let again = residents
        .iter()
        .zip(&outcomes)
        .filter(|(t, _)| *t != seated)
        .find(|(_, o)| *o == "registered")
        .unwrap()
        .0;
    refused(&app, again, &register, json!(null), 409).await;
}

#[tokio::test]
async fn events_are_organised_by_staff_of_the_place_and_a_cancelled_event_takes_no_one() {
    let (app, _) = county(NO_FLAGS).await;
    let cadre = app.dev_login(CADRE_A).await;
    let cadre_b = app.dev_login(CADRE_B).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let far = resident_of(&app, "o-resident-far", GRID_B).await;
    let event = json!({
        "community": GRID_A, "title": "义诊", "description": "社区医院义诊",
        "place": "活动室", "starts_at": "2026-12-21T01:00:00Z", "capacity": 20
    });
    refused(&app, &wang, "/api/v1/activities", event.clone(), 403).await;
    refused(&app, &cadre_b, "/api/v1/activities", event.clone(), 403).await;
    let mut zero = event.clone();
    zero["capacity"] = json!(0);
    refused_4xx(&app, &cadre, "/api/v1/activities", zero).await;
    let (id, _) = created(&app, &cadre, "/api/v1/activities", event).await;
    // A resident of another village may not register.
    refused(
        &app,
        &far,
        &format!("/api/v1/activities/{id}/register"),
        json!(null),
        403,
    )
    .await;
    refused_4xx(
        &app,
        &cadre,
        &format!("/api/v1/activities/{id}/cancel"),
        json!({"reason": ""}),
    )
    .await;
    let cancelled = step(
        &app,
        &cadre,
        &format!("/api/v1/activities/{id}/cancel"),
        json!({"reason": "医生临时有事，改期"}),
    )
    .await;
    refused(
        &app,
        &wang,
        &format!("/api/v1/activities/{id}/register"),
        json!(null),
        409,
    )
    .await;
    let feed = json_of(
        app.get(
            &format!("/api/v1/activities?status=cancelled&after={cancelled}"),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        feed["items"][0]["cancel_reason"],
        json!("医生临时有事，改期")
    );
}

#[tokio::test]
async fn a_listing_goes_listed_reserved_exchanged_and_another_is_withdrawn() {
    let (app, _) = county(NO_FLAGS).await;
    let owner = resident_of(&app, "o-resident-wang", GRID_A).await;
    let buyer = resident_of(&app, "o-resident-li", GRID_A).await;
    let buyer_id = app.me(&buyer).await;
    refused_4xx(
        &app,
        &owner,
        "/api/v1/listings",
        json!({"community": VILLAGE_A, "title": "婴儿车", "description": "九成新", "price_fen": -5}),
    )
    .await;
    let (pram, _) = created(
        &app,
        &owner,
        "/api/v1/listings",
        json!({"community": VILLAGE_A, "title": "婴儿车", "description": "九成新，可折叠", "price_fen": 15000}),
    )
    .await;
    // Only the owner reserves, exchanges, withdraws.
    refused(
        &app,
        &buyer,
        &format!("/api/v1/listings/{pram}/reserve"),
        json!({"for_user": buyer_id}),
        403,
    )
    .await;
    // Not reserved yet: no exchange.
    refused(
        &app,
        &owner,
        &format!("/api/v1/listings/{pram}/exchange"),
        json!(null),
        409,
    )
    .await;
    step(
        &app,
        &owner,
        &format!("/api/v1/listings/{pram}/reserve"),
        json!({"for_user": buyer_id}),
    )
    .await;
    let exchanged = step(
        &app,
        &owner,
        &format!("/api/v1/listings/{pram}/exchange"),
        json!(null),
    )
    .await;
    let view = json_of(
        app.get(
            &format!("/api/v1/listings/{pram}?after={exchanged}"),
            Some(&buyer),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["status"], json!("exchanged"));
    assert_eq!(view["counterpart"], json!(buyer_id));
    refused(
        &app,
        &owner,
        &format!("/api/v1/listings/{pram}/withdraw"),
        json!(null),
        409,
    )
    .await;

    let (desk, _) = created(
        &app,
        &owner,
        "/api/v1/listings",
        json!({"community": VILLAGE_A, "title": "书桌", "description": "实木", "price_fen": 0}),
    )
    .await;
    let withdrawn = step(
        &app,
        &owner,
        &format!("/api/v1/listings/{desk}/withdraw"),
        json!(null),
    )
    .await;
    let listed = json_of(
        app.get(
            &format!("/api/v1/listings?status=withdrawn&after={withdrawn}"),
            Some(&buyer),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed["items"][0]["id"], json!(desk));
}

#[tokio::test]
async fn a_help_request_is_offered_and_done_and_only_its_requester_closes_it() {
    let (app, _) = county(NO_FLAGS).await;
    let asker = resident_of(&app, "o-resident-wang", GRID_A).await;
    let helper = resident_of(&app, "o-resident-li", GRID_A).await;
    let helper_id = app.me(&helper).await;
    refused_4xx(
        &app,
        &asker,
        "/api/v1/help-requests",
        json!({"community": VILLAGE_A, "title": "", "description": "需要人帮忙"}),
    )
    .await;
    let (id, _) = created(
        &app,
        &asker,
        "/api/v1/help-requests",
        json!({"community": VILLAGE_A, "title": "帮忙搬冰箱", "description": "周六上午，三楼无电梯"}),
    )
    .await;
    // Not offered yet: not done.
    refused(
        &app,
        &asker,
        &format!("/api/v1/help-requests/{id}/done"),
        json!(null),
        409,
    )
    .await;
    step(
        &app,
        &helper,
        &format!("/api/v1/help-requests/{id}/offer"),
        json!({"note": "我周六有空"}),
    )
    .await;
    refused(
        &app,
        &helper,
        &format!("/api/v1/help-requests/{id}/done"),
        json!(null),
        403,
    )
    .await;
    let done = step(
        &app,
        &asker,
        &format!("/api/v1/help-requests/{id}/done"),
        json!(null),
    )
    .await;
    let view = json_of(
        app.get(
            &format!("/api/v1/help-requests/{id}?after={done}"),
            Some(&helper),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["status"], json!("done"));
    assert_eq!(view["helper"], json!(helper_id));
    assert_eq!(view["offer_note"], json!("我周六有空"));
}

#[tokio::test]
async fn an_idea_gathers_support_and_gets_an_official_response() {
    let (app, _) = county(NO_FLAGS).await;
    let author = resident_of(&app, "o-resident-wang", GRID_A).await;
    let fan = resident_of(&app, "o-resident-li", GRID_A).await;
    let cadre = app.dev_login(CADRE_A).await;
    let (id, _) = created(
        &app,
        &author,
        "/api/v1/ideas",
        json!({"community": GRID_A, "title": "车棚加装充电桩", "body": "电动车在楼道充电很危险，建议车棚装充电桩。"}),
    )
    .await;
    step(
        &app,
        &fan,
        &format!("/api/v1/ideas/{id}/support"),
        json!(null),
    )
    .await;
    refused(
        &app,
        &fan,
        &format!("/api/v1/ideas/{id}/support"),
        json!(null),
        409,
    )
    .await;
    refused(
        &app,
        &fan,
        &format!("/api/v1/ideas/{id}/respond"),
        json!({"decision": "accepted", "text": "好"}),
        403,
    )
    .await;
    refused_4xx(
        &app,
        &cadre,
        &format!("/api/v1/ideas/{id}/respond"),
        json!({"decision": "maybe", "text": "再看看"}),
    )
    .await;
    let responded = step(
        &app,
        &cadre,
        &format!("/api/v1/ideas/{id}/respond"),
        json!({"decision": "accepted", "text": "已列入明年民生实事项目"}),
    )
    .await;
    let view = json_of(
        app.get(
            &format!("/api/v1/ideas/{id}?after={responded}"),
            Some(&author),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["supports"], json!(1));
    assert_eq!(view["response"]["decision"], json!("accepted"));
    assert_eq!(view["response"]["text"], json!("已列入明年民生实事项目"));
}

#[tokio::test]
async fn the_ranking_hides_cadres_below_the_minimum_sample_and_the_dashboard_counts_everything() {
    let (app, manager) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let cadre = app.dev_login(CADRE_A).await;
    let cadre_id = app.me(&cadre).await;
    // One complaint routed to grid A's cadre.
    let filed = json_of(
        app.post(
            "/api/v1/complaints",
            Some(&wang),
            json!({
                "category": "theft",
                "occurred_at": "2026-11-20T20:30:00Z",
                "address": "青芝坞路 18 号楼下车棚",
                "point": {"lon": 120.121, "lat": 30.261},
                "description": "电动车电瓶昨晚被偷了。",
                "anonymous": false,
                "public": false
            }),
        )
        .await,
        201,
    )
    .await;
    let position = filed["position"].as_u64().unwrap();
    let ids = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|s| s["cadre"].as_str().unwrap().to_owned())
            .collect()
    };
    let small = json_of(
        app.get(
            &format!("/api/v1/cadres/ranking?after={position}"),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;
    assert!(!ids(&small["ranked"]).contains(&cadre_id), "{small}");
    assert!(
        ids(&small["insufficient_data"]).contains(&cadre_id),
        "{small}"
    );
    let any = json_of(
        app.get(
            &format!(
                "/api/v1/cadres/ranking?min_sample=1&jurisdiction={VILLAGE_A}&after={position}"
            ),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(ids(&any["ranked"]), vec![cadre_id.clone()], "{any}");
    assert_eq!(any["ranked"][0]["rank"], json!(1));
    let other = json_of(
        app.get(
            &format!(
                "/api/v1/cadres/ranking?min_sample=1&jurisdiction={VILLAGE_B}&after={position}"
            ),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;
    assert!(!ids(&other["ranked"]).contains(&cadre_id), "{other}");
    error_code(app.get("/api/v1/cadres/ranking", Some(&cadre)).await, 403).await;
    error_code(app.get("/api/v1/cadres/ranking", Some(&wang)).await, 403).await;
    let bad = app
        .get("/api/v1/cadres/ranking?min_sample=many", Some(&manager))
        .await;
    let status = bad.status().as_u16();
    assert!((400..500).contains(&status), "answered {status}");
    error_code(bad, status).await;

    // Neighbourhood counts move with each kind of activity.
    let (post, _) = created(
        &app,
        &wang,
        "/api/v1/forum/posts",
        json!({"community": GRID_A, "title": "找猫", "body": "橘猫走丢了"}),
    )
    .await;
    step(
        &app,
        &cadre,
        &format!("/api/v1/forum/posts/{post}/hide"),
        json!({"reason": "重复帖"}),
    )
    .await;
    created(
        &app,
        &wang,
        "/api/v1/listings",
        json!({"community": VILLAGE_A, "title": "书桌", "description": "实木", "price_fen": 0}),
    )
    .await;
    let (_, last) = created(
        &app,
        &wang,
        "/api/v1/ideas",
        json!({"community": VILLAGE_A, "title": "加装路灯", "body": "小路太黑"}),
    )
    .await;
    let counts = json_of(
        app.get(
            &format!("/api/v1/neighbourhood/dashboard?after={last}"),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(counts["posts"], json!(1), "{counts}");
    assert_eq!(counts["posts_hidden"], json!(1), "{counts}");
    assert_eq!(counts["listings"], json!(1), "{counts}");
    assert_eq!(counts["ideas"], json!(1), "{counts}");
    assert_eq!(counts["activities"], json!(0), "{counts}");
    error_code(
        app.get("/api/v1/neighbourhood/dashboard", Some(&wang))
            .await,
        403,
    )
    .await;
}

#[tokio::test]
async fn the_forum_feed_pages_and_filters_by_community_author_and_status() {
    let (app, _) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let wang_id = app.me(&wang).await;
    let li = resident_of(&app, "o-resident-li", GRID_B).await;
    let cadre = app.dev_login(CADRE_A).await;
    let mut last = 0;
    for title in ["一楼漏水", "二楼装修噪音", "三楼快递丢失"] {
        let (id, position) = created(
            &app,
            &wang,
            "/api/v1/forum/posts",
            json!({"community": GRID_A, "title": title, "body": "大家有遇到吗？"}),
        )
        .await;
        last = position;
        if title == "二楼装修噪音" {
            last = step(
                &app,
                &cadre,
                &format!("/api/v1/forum/posts/{id}/hide"),
                json!({"reason": "重复帖"}),
            )
            .await;
        }
    }
    let (_, position) = created(
        &app,
        &li,
        "/api/v1/forum/posts",
        json!({"community": GRID_B, "title": "茅家埠停车", "body": "车位太少"}),
    )
    .await;
    last = last.max(position);
    let page = |query: String| {
        let app = &app;
        let token = wang.clone();
        async move {
            json_of(
                app.get(
                    &format!("/api/v1/forum/posts?after={last}&{query}"),
                    Some(&token),
                )
                .await,
                200,
            )
            .await
        }
    };
    let titles = |page: &Value| -> Vec<Value> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].clone())
            .collect()
    };
    // Newest first, two at a time (the author still sees their hidden post's title).
    let first = page("limit=2".into()).await;
    assert_eq!(
        titles(&first),
        vec![json!("茅家埠停车"), json!("三楼快递丢失")]
    );
    let cursor = first["next"].as_str().unwrap().to_owned();
    let second = page(format!("limit=2&cursor={cursor}")).await;
    assert_eq!(
        titles(&second),
        vec![json!("二楼装修噪音"), json!("一楼漏水")]
    );
    // A full page always carries a cursor; the page after the last item is empty.
    let cursor = second["next"].as_str().unwrap().to_owned();
    let third = page(format!("limit=2&cursor={cursor}")).await;
    assert!(third["items"].as_array().unwrap().is_empty(), "{third}");
    assert_eq!(third["next"], Value::Null);
    let ours = page(format!("community={VILLAGE_A}")).await;
    assert_eq!(ours["items"].as_array().unwrap().len(), 3);
    let by_li = page(format!("by={}", app.me(&li).await)).await;
    assert_eq!(titles(&by_li), vec![json!("茅家埠停车")]);
    let hidden = page(format!("status=hidden&by={wang_id}")).await;
    assert_eq!(hidden["items"].as_array().unwrap().len(), 1);
}
