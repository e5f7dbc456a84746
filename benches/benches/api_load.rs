//! HTTP load against the real `linli` binary on loopback, from this separate process.
//!
//! 1. A store holding ≥ 1,000,000 events is built once through the engine (a county
//!    directory, cadres and residents, ~143k complaints each taken from filing to a rated
//!    close: seven events apiece) and reused by later runs (`target/bench-tmp/api-store`).
//! 2. Restart: time from spawning `linli serve` on that store to the first 200 from a query
//!    that waits for the read models to reach the log's head.
//! 3. Durable complaint filings from 64 concurrent clients (each filing is two durable
//!    appends: filed, then assigned with the routing decision), for `LINLI_LOAD_SECS`.
//! 4. Progress queries (`GET /api/v1/complaints/{id}`, complaint + timeline) from 64
//!    concurrent clients over the stored complaints.
//! 5. The server's resident set size (VmRSS) and peak (VmHWM) from /proc.
//!
//! Latencies go into HDR histograms (µs). Run:
//! `cargo build --release --bin linli && cargo bench -p linli-benches --bench api_load`
#![allow(clippy::print_stdout)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use hdrhistogram::Histogram;
use linli_domain::complaint::{
    AcceptComplaint, AddNote, Anonymity, AssignComplaint, Category, Complaint, ComplaintCommand,
    ConfirmResolution, FileComplaint, NoteVisibility, RateComplaint, ResolveComplaint, Score,
    Visibility,
};
use linli_domain::directory::{
    CadreRole, DefineNode, Directory, DirectoryCommand, PostCadre, SetRoutingRule,
};
use linli_domain::geo::{GeoPoint, Polygon};
use linli_domain::user::{GrantRole, RegisterUser, User, UserCommand};
use linli_domain::{Actor, ComplaintId, JurisdictionCode, OpenId, Role, StreamName, UserId};
use linli_engine::{CommandMeta, DirectoryCache, Engine, RouteRequest};
use linli_eventlog::{EventLog, LogConfig};
use linli_projections::{all_specs, DomainDecoder, Projector, RuntimeConfig};
use serde_json::{json, Value};

const TARGET_EVENTS: u64 = 1_000_000;
const EVENTS_PER_COMPLAINT: u64 = 7;
const CLIENTS: usize = 64;
const TOWNSHIPS: u32 = 3;
const VILLAGES: u32 = 4;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target")
}

fn grid(t: u32, v: u32) -> JurisdictionCode {
    format!("330106{t:03}{v:03}-G001").parse().unwrap()
}

fn centre(t: u32, v: u32) -> (f64, f64) {
    (120.10 + f64::from(v) * 0.02, 30.20 + f64::from(t) * 0.02)
}

fn cadre_openid(t: u32, v: u32) -> OpenId {
    format!("o-bench-cadre-{t}-{v}").parse().unwrap()
}

fn resident_openid(n: usize) -> String {
    format!("o-bench-resident-{n}")
}

async fn register(
    engine: &Engine,
    openid: &OpenId,
    role: Option<(Role, JurisdictionCode)>,
) -> UserId {
    let user = UserId::from_openid(openid);
    let now = Utc::now();
    let _ = engine
        .execute::<User>(
            StreamName::User(user),
            UserCommand::Register(RegisterUser {
                user,
                openid: openid.clone(),
                by: Actor::System,
                at: now,
            }),
            CommandMeta::by(&Actor::System),
        )
        .await;
    if let Some((role, node)) = role {
        engine
            .execute::<User>(
                StreamName::User(user),
                UserCommand::GrantRole(GrantRole {
                    role,
                    scope: vec![node],
                    by: Actor::System,
                    at: now,
                }),
                CommandMeta::by(&Actor::System),
            )
            .await
            .unwrap();
    }
    user
}

async fn directory(engine: &Engine) -> Vec<(JurisdictionCode, UserId, (f64, f64))> {
    let now = Utc::now();
    let run = |command| {
        engine.execute::<Directory>(
            StreamName::Directory,
            command,
            CommandMeta::by(&Actor::System),
        )
    };
    let county: JurisdictionCode = "330106000000".parse().unwrap();
    run(DirectoryCommand::DefineNode(DefineNode {
        code: county,
        name: "西湖区".into(),
        aliases: vec![],
        polygon: None,
        by: Actor::System,
        at: now,
    }))
    .await
    .unwrap();
    let mut grids = Vec::new();
    for t in 1..=TOWNSHIPS {
        let township: JurisdictionCode = format!("330106{t:03}000").parse().unwrap();
        run(DirectoryCommand::DefineNode(DefineNode {
            code: township,
            name: format!("第{t}街道"),
            aliases: vec![],
            polygon: None,
            by: Actor::System,
            at: now,
        }))
        .await
        .unwrap();
        for v in 1..=VILLAGES {
            let village: JurisdictionCode = format!("330106{t:03}{v:03}").parse().unwrap();
            run(DirectoryCommand::DefineNode(DefineNode {
                code: village,
                name: format!("第{t}街道第{v}社区"),
                aliases: vec![],
                polygon: None,
                by: Actor::System,
                at: now,
            }))
            .await
            .unwrap();
            let (lon, lat) = centre(t, v);
            let d = 0.008;
            let polygon = Polygon::new(vec![vec![
                [lon - d, lat - d],
                [lon + d, lat - d],
                [lon + d, lat + d],
                [lon - d, lat + d],
                [lon - d, lat - d],
            ]])
            .unwrap();
            run(DirectoryCommand::DefineNode(DefineNode {
                code: grid(t, v),
                name: format!("第{t}街道第{v}社区一网格"),
                aliases: vec![],
                polygon: Some(polygon),
                by: Actor::System,
                at: now,
            }))
            .await
            .unwrap();
            let cadre =
                register(engine, &cadre_openid(t, v), Some((Role::Cadre, grid(t, v)))).await;
            run(DirectoryCommand::PostCadre(PostCadre {
                cadre,
                node: grid(t, v),
                role: CadreRole::GridWorker,
                by: Actor::System,
                at: now,
            }))
            .await
            .unwrap();
            grids.push((grid(t, v), cadre, (lon, lat)));
        }
    }
    run(DirectoryCommand::SetRoutingRule(SetRoutingRule {
        node: county,
        category: None,
        role: CadreRole::GridWorker,
        by: Actor::System,
        at: now,
    }))
    .await
    .unwrap();
    grids
}

/// One complaint from filing to a rated close: seven events.
async fn life(
    engine: &Engine,
    cache: &DirectoryCache,
    n: u64,
    resident: UserId,
    grids: &[(JurisdictionCode, UserId, (f64, f64))],
) {
    let (_, cadre, (lon, lat)) = grids[(n as usize) % grids.len()];
    let id = ComplaintId::from_u128(u128::from(n) + 1);
    let stream = StreamName::Complaint(id);
    let at = Utc::now() - TimeDelta::days(30);
    let by = Actor::User {
        user: resident,
        role: Role::Resident,
    };
    let staff = Actor::User {
        user: cadre,
        role: Role::Cadre,
    };
    let meta = |actor: &Actor| CommandMeta::by(actor);
    let category = [
        Category::Theft,
        Category::Environment,
        Category::Infrastructure,
        Category::NeighbourConflict,
    ][(n % 4) as usize];
    let point = GeoPoint::new(lon, lat).unwrap();
    engine
        .execute::<Complaint>(
            stream,
            ComplaintCommand::File(FileComplaint {
                complaint_id: id,
                by,
                category,
                occurred_at: at,
                address: "测试路 1 号".into(),
                point: Some(point),
                jurisdiction: None,
                description: format!("第 {n} 号测试诉求：楼道灯坏了，晚上很黑。"),
                media: vec![],
                voice_note: None,
                anonymity: Anonymity::Named,
                visibility: Visibility::Private,
                at,
            }),
            meta(&by),
        )
        .await
        .unwrap();
    let router = cache.router().unwrap();
    let request = RouteRequest {
        point: Some(point),
        ..RouteRequest::new(category)
    };
    let decision = router
        .route(&request, &linli_engine::routing::NoWorkload)
        .unwrap();
    let assignment = router.assignment(&decision, category, at);
    let steps = [
        (
            ComplaintCommand::Assign(AssignComplaint {
                assignment,
                by: Actor::System,
                at,
            }),
            Actor::System,
        ),
        (
            ComplaintCommand::Accept(AcceptComplaint { by: staff, at }),
            staff,
        ),
        (
            ComplaintCommand::AddNote(AddNote {
                text: "已到现场查看".into(),
                media: vec![],
                visibility: NoteVisibility::Shared,
                by: staff,
                at,
            }),
            staff,
        ),
        (
            ComplaintCommand::Resolve(ResolveComplaint {
                resolution: "已更换灯泡".into(),
                media: vec![],
                by: staff,
                at,
            }),
            staff,
        ),
        (ComplaintCommand::Confirm(ConfirmResolution { by, at }), by),
        (
            ComplaintCommand::Rate(RateComplaint {
                score: Score::new(5).unwrap(),
                tags: vec!["处理及时".into()],
                comment: None,
                by,
                at,
            }),
            by,
        ),
    ];
    for (command, actor) in steps {
        engine
            .execute::<Complaint>(stream, command, meta(&actor))
            .await
            .unwrap();
    }
}

async fn build_store(path: &Path) -> u64 {
    let log = EventLog::open(LogConfig::new(path)).unwrap();
    if log.head().position.0 >= TARGET_EVENTS {
        let head = log.head().position.0;
        log.close().await;
        return head;
    }
    let started = Instant::now();
    let engine = Engine::new(log.clone());
    let grids = Arc::new(directory(&engine).await);
    let mut residents = Vec::new();
    for n in 0..CLIENTS {
        residents.push(register(&engine, &resident_openid(n).parse().unwrap(), None).await);
    }
    register(
        &engine,
        &"o-bench-auditor".parse().unwrap(),
        Some((Role::Auditor, "330106000000".parse().unwrap())),
    )
    .await;
    let residents = Arc::new(residents);
    let complaints = TARGET_EVENTS / EVENTS_PER_COMPLAINT + 1;
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (engine, grids, residents, next) = (
            engine.clone(),
            grids.clone(),
            residents.clone(),
            next.clone(),
        );
        let cache = DirectoryCache::new(engine.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= complaints {
                    break;
                }
                life(
                    &engine,
                    &cache,
                    n,
                    residents[(n as usize) % residents.len()],
                    &grids,
                )
                .await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    println!(
        "built a store of {} events in {:.0} s",
        log.head().position.0,
        started.elapsed().as_secs_f64()
    );
    // Bring the read models up to date, as a running server would have.
    let projector =
        Projector::start(&log, DomainDecoder, all_specs(), RuntimeConfig::default()).unwrap();
    projector
        .wait_for(log.head().position, Duration::from_secs(600))
        .await
        .unwrap();
    projector.shutdown().await;
    let head = log.head().position.0;
    log.close().await;
    head
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn spawn(store: &Path) -> Server {
    let binary = root().join("release/linli");
    assert!(
        binary.exists(),
        "build the server first: cargo build --release --bin linli"
    );
    let mut child = Command::new(binary)
        .args(["serve", "--listen", "127.0.0.1:0", "--dev-login", "--data"])
        .arg(store)
        .env("RUST_LOG", "warn,linli_api=info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().expect("linli exited").unwrap();
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        base: format!("http://{address}"),
    }
}

fn rss_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn login(http: &reqwest::Client, base: &str, openid: &str) -> String {
    let body: Value = http
        .post(format!("{base}/api/v1/auth/dev"))
        .json(&json!({"openid": openid}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["token"].as_str().unwrap().to_owned()
}

struct Run {
    ok: u64,
    failed: u64,
    seconds: f64,
    histogram: Histogram<u64>,
}

async fn drive<F, Fut>(seconds: u64, request: F) -> Run
where
    F: Fn(usize, u64) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let histogram = Arc::new(Mutex::new(Histogram::<u64>::new(3).unwrap()));
    let (ok, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let (request, histogram, ok, failed) = (
            request.clone(),
            histogram.clone(),
            ok.clone(),
            failed.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut local = Histogram::<u64>::new(3).unwrap();
            let mut n = 0u64;
            while Instant::now() < deadline {
                let sent = Instant::now();
                if request(client, n).await {
                    local.record(sent.elapsed().as_micros() as u64).unwrap();
                    ok.fetch_add(1, Ordering::Relaxed);
                } else {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
                n += 1;
            }
            histogram.lock().unwrap().add(&local).unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let seconds = started.elapsed().as_secs_f64();
    let histogram = Arc::try_unwrap(histogram).unwrap().into_inner().unwrap();
    Run {
        ok: ok.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        seconds,
        histogram,
    }
}

fn report(name: &str, run: &Run) {
    let ms = |q: f64| run.histogram.value_at_quantile(q) as f64 / 1000.0;
    println!(
        "| {name} | {:.0} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
        run.ok as f64 / run.seconds,
        run.failed,
        ms(0.5),
        ms(0.9),
        ms(0.99),
        run.histogram.max() as f64 / 1000.0
    );
}

fn main() {
    let seconds: u64 = std::env::var("LINLI_LOAD_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let store = root().join("bench-tmp/api-store");
    std::fs::create_dir_all(&store).unwrap();
    let head = runtime.block_on(build_store(&store));
    println!("store: {head} events at {}", store.display());

    let started = Instant::now();
    let server = spawn(&store);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let base = server.base.clone();
    let (ready, auditor, tokens) = runtime.block_on(async {
        let auditor = login(&http, &base, "o-bench-auditor").await;
        let probe = format!(
            "{base}/api/v1/complaints/{}?after={head}",
            ComplaintId::from_u128(1)
        );
        loop {
            if let Ok(r) = http.get(&probe).bearer_auth(&auditor).send().await {
                if r.status() == 200 {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let ready = started.elapsed();
        let mut tokens = Vec::new();
        for n in 0..CLIENTS {
            tokens.push(login(&http, &base, &resident_openid(n)).await);
        }
        (ready, auditor, tokens)
    });
    let (rss_start, _) = rss_kib(server.child.id());

    let tokens = Arc::new(tokens);
    let filings = {
        let (http, base, tokens) = (http.clone(), base.clone(), tokens.clone());
        let stamp = Utc::now().timestamp_micros();
        runtime.block_on(drive(seconds, move |client, n| {
            let (http, base, tokens) = (http.clone(), base.clone(), tokens.clone());
            async move {
                let (lon, lat) = centre(1 + (n % 3) as u32, 1 + (client % 4) as u32);
                let body = json!({"category": "environment", "occurred_at": "2026-11-21T08:00:00Z", "address": "测试路",
                    "point": {"lon": lon, "lat": lat}, "description": "负载测试：垃圾桶满了"});
                http.post(format!("{base}/api/v1/complaints"))
                    .bearer_auth(&tokens[client])
                    .header("Idempotency-Key", format!("load-{stamp}-{client}-{n}"))
                    .json(&body)
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 201)
            }
        }))
    };
    // Ids 1..=N were generated; the head also counts directory and user events.
    let complaints = TARGET_EVENTS / EVENTS_PER_COMPLAINT + 1;
    let queries = {
        let (http, base, auditor) = (http.clone(), base.clone(), auditor.clone());
        runtime.block_on(drive(seconds, move |client, n| {
            let (http, base, auditor) = (http.clone(), base.clone(), auditor.clone());
            async move {
                let pick = (n
                    .wrapping_mul(2_654_435_761)
                    .wrapping_add(client as u64 * 40_503))
                    % complaints;
                let id = ComplaintId::from_u128(u128::from(pick) + 1);
                http.get(format!("{base}/api/v1/complaints/{id}"))
                    .bearer_auth(&auditor)
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 200)
            }
        }))
    };
    let (rss, hwm) = rss_kib(server.child.id());
    drop(server);

    println!();
    println!(
        "restart to ready (first query at the head answered): {:.2} s; RSS after start {} MiB",
        ready.as_secs_f64(),
        rss_start / 1024
    );
    println!("| load ({CLIENTS} clients, {seconds} s) | ok/s | failed | p50 ms | p90 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    report("durable complaint filings", &filings);
    report("progress queries", &queries);
    println!();
    println!(
        "server RSS at the end: {} MiB (peak {} MiB)",
        rss / 1024,
        hwm / 1024
    );
}
