//! Command-line interface: flags, with `LINLI_*` environment variables as fallbacks.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// linli (邻里): grassroots governance and community services on a hash-chained event log.
#[derive(Debug, Parser)]
#[command(name = "linli", version, about)]
pub struct Cli {
    /// Log line format.
    #[arg(long, env = "LINLI_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log shippers.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server on the store.
    Serve(ServeArgs),
    /// Check the hash chain, the stream index and the heads; exit 1 on damage.
    Verify(StoreArgs),
    /// Write the log as NDJSON (one event per line, with hashes) to a file or stdout.
    Export(ExportArgs),
    /// Load an NDJSON export into an empty store, re-verifying every hash.
    Import(ImportArgs),
    /// Register a user (if needed) and grant them a role as the operator, while the server
    /// is stopped: how the first manager is made.
    Grant(GrantArgs),
    /// Load the demo county into an empty store (a no-op if it already holds the demo).
    Demo(StoreArgs),
}

/// Where the store is.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// The sled data directory.
    #[arg(long, env = "LINLI_DATA", default_value = "./data")]
    pub data: PathBuf,
    /// sled page cache in MiB (sled's own default of 1 GiB is far more than needed).
    #[arg(long, env = "LINLI_CACHE_MB", default_value_t = 64)]
    pub cache_mb: u64,
}

/// `linli serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Address to listen on; port 0 picks a free port (printed at start).
    #[arg(long, env = "LINLI_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Enable the development login (sign in as any openid). Never in production.
    #[arg(long, env = "LINLI_DEV_LOGIN")]
    pub dev_login: bool,
    /// Expose routes that move the server's clock forward and run the scheduler now. For
    /// black-box tests only; never in production.
    #[arg(long, env = "LINLI_DEV_CLOCK")]
    pub dev_clock: bool,
    /// Load the demo county before serving (into an empty store; a no-op if the store
    /// already holds the demo; refused if it holds anything else).
    #[arg(long, env = "LINLI_DEMO")]
    pub demo: bool,
    /// How often the deadline scheduler looks for overdue complaints, in seconds.
    #[arg(long, env = "LINLI_SCHEDULER_INTERVAL_SECS", default_value_t = 30)]
    pub scheduler_interval_secs: u64,
    /// How many days after resolution a resident may reopen a complaint.
    #[arg(long, env = "LINLI_REOPEN_WINDOW_DAYS", default_value_t = 7)]
    pub reopen_window_days: i64,
    /// How long a session token lasts, in hours.
    #[arg(long, env = "LINLI_SESSION_TTL_HOURS", default_value_t = 72)]
    pub session_ttl_hours: i64,
    /// An Open311 partner: `KEY=openid`. Requests POSTed with that `api_key` are filed as
    /// the resident account of that openid. Repeat for more partners.
    #[arg(
        long = "open311-api-key",
        env = "LINLI_OPEN311_API_KEYS",
        value_delimiter = ','
    )]
    pub open311_api_keys: Vec<String>,
    /// WeChat mini program credentials and API base URL for code2Session.
    #[command(flatten)]
    pub wechat: WechatArgs,
}

/// WeChat login settings; login is disabled unless both app id and secret are given.
#[derive(Debug, Clone, Args)]
pub struct WechatArgs {
    /// The mini program's AppID.
    #[arg(long = "wechat-appid", env = "LINLI_WECHAT_APPID")]
    pub appid: Option<String>,
    /// The mini program's AppSecret.
    #[arg(
        long = "wechat-secret",
        env = "LINLI_WECHAT_SECRET",
        hide_env_values = true
    )]
    pub secret: Option<String>,
    /// Base URL of WeChat's API (tests point it at a loopback stub).
    #[arg(
        long = "wechat-api-base",
        env = "LINLI_WECHAT_API_BASE",
        default_value = "https://api.weixin.qq.com"
    )]
    pub api_base: String,
}

/// `linli export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArgs,
    /// File to write; `-` for standard output.
    #[arg(long, short, default_value = "-")]
    pub output: PathBuf,
}

/// `linli import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The (empty) store to load into.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The NDJSON export to read; `-` for standard input.
    #[arg(long, short, default_value = "-")]
    pub input: PathBuf,
}

impl StoreArgs {
    /// The event log settings these flags describe.
    pub fn log_config(&self) -> linli_eventlog::LogConfig {
        linli_eventlog::LogConfig::new(&self.data).with_cache_capacity(self.cache_mb * 1024 * 1024)
    }
}

/// `linli grant`.
#[derive(Debug, Clone, Args)]
pub struct GrantArgs {
    /// The store (the server must be stopped: sled locks it).
    #[command(flatten)]
    pub store: StoreArgs,
    /// The user's WeChat openid (registered if new).
    #[arg(long)]
    pub openid: linli_domain::OpenId,
    /// The role to grant.
    #[arg(long, value_enum)]
    pub role: GrantableRole,
    /// A jurisdiction code the role covers (with its subtree); repeat for several. Replaces
    /// the role's earlier scope. Managers and cadres need at least one.
    #[arg(long = "scope")]
    pub scope: Vec<linli_domain::JurisdictionCode>,
}

/// The roles `linli grant` hands out (everyone is a resident without a grant).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GrantableRole {
    /// Administers the directory and handles complaints within scope.
    Manager,
    /// Handles complaints assigned within scope.
    Cadre,
    /// Reads everything, writes nothing.
    Auditor,
    /// Lists services and fulfils orders.
    Provider,
}
