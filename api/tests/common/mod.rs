//! `spawn_app()`: the real `linli` binary on a random port with a temporary data directory.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The data directory, removed when the app is dropped.
    pub data: tempfile::TempDir,
    child: Child,
    /// A client with a timeout, so a hung server fails the test instead of hanging it.
    pub http: reqwest::Client,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `linli serve` with extra flags (e.g. `--dev-login`).
pub fn spawn_app(extra: &[&str]) -> TestApp {
    spawn_app_in(tempfile::tempdir().unwrap(), extra)
}

/// Runs `linli` to completion with these arguments (e.g. `grant` on a stopped store) and
/// panics with its output if it fails.
pub fn linli_ok(args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(args)
        .output()
        .expect("run linli");
    assert!(
        output.status.success(),
        "linli {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Starts `linli serve` on a data directory prepared beforehand (roles granted, a store
/// restored), with extra flags.
pub fn spawn_app_in(data: tempfile::TempDir, extra: &[&str]) -> TestApp {
    let mut child = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data.path())
        .args(extra)
        .env_remove("LINLI_DEV_LOGIN")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start linli");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    let address = loop {
        assert!(
            Instant::now() < deadline,
            "linli did not report its address in time"
        );
        let line = lines
            .next()
            .expect("linli exited before listening")
            .unwrap();
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    TestApp {
        base: format!("http://{address}"),
        data,
        child,
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
    }
}

impl TestApp {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILLs the server (no shutdown, no flush) and hands back its data directory.
    pub fn kill9(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let placeholder = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.data, placeholder)
    }

    /// SIGTERMs the server, waits for a clean exit, and hands back its data directory.
    pub fn stop(mut self) -> tempfile::TempDir {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "linli did not stop cleanly: {exit:?}");
        let placeholder = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.data, placeholder)
    }

    /// POST JSON, optionally with a bearer token.
    pub async fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: serde_json::Value,
    ) -> reqwest::Response {
        let mut request = self.http.post(format!("{}{path}", self.base)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    /// GET, optionally with a bearer token.
    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    /// Signs in through the development login and returns the token.
    pub async fn dev_login(&self, openid: &str) -> String {
        let response = self
            .post(
                "/api/v1/auth/dev",
                None,
                serde_json::json!({"openid": openid}),
            )
            .await;
        assert_eq!(response.status(), 200, "dev login failed");
        let body: serde_json::Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// The log's head position, from `/healthz`: tests compare it before and after a refused
    /// request to show that nothing was written.
    pub async fn head(&self) -> u64 {
        let health = json_of(self.get("/healthz", None).await, 200).await;
        health["log_position"]
            .as_u64()
            .unwrap_or_else(|| panic!("no log_position in {health}"))
    }

    /// The signed-in user's id.
    pub async fn me(&self, token: &str) -> String {
        json_of(self.get("/api/v1/me", Some(token)).await, 200).await["id"]
            .as_str()
            .expect("/api/v1/me has an id")
            .to_owned()
    }
}

/// Asserts the status and returns the JSON body (null when there is none).
pub async fn json_of(response: reqwest::Response, status: u16) -> serde_json::Value {
    let code = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap_or(serde_json::Value::Null);
    assert_eq!(code, status, "unexpected status, body: {body}");
    body
}

/// Asserts the one error shape and returns the error's code.
pub async fn error_code(response: reqwest::Response, status: u16) -> String {
    let actual = response.status().as_u16();
    let body: serde_json::Value = response.json().await.expect("error bodies are JSON");
    assert_eq!(actual, status, "unexpected status; body: {body}");
    let error = &body["error"];
    assert!(error["message"].is_string(), "error has a message: {body}");
    assert!(error.get("details").is_some(), "error has details: {body}");
    error["code"].as_str().expect("error has a code").to_owned()
}
