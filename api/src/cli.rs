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
    Serve(Box<ServeArgs>),
    /// Check the hash chain, the stream index, the heads, the chain checkpoints and the
    /// projection checkpoints (and checkpoints held outside, `--against`); exit 1 on damage.
    Verify(VerifyArgs),
    /// Write the log as NDJSON (one event per line, with hashes) to a file or stdout.
    Export(ExportArgs),
    /// Load an NDJSON export into an empty store, re-verifying every hash.
    Import(ImportArgs),
    /// Register a user (if needed) and grant them a role as the operator, while the server
    /// is stopped: how the first manager is made.
    Grant(GrantArgs),
    /// Load the demo county into an empty store (a no-op if it already holds the demo).
    Demo(StoreArgs),
    /// Crypto-shred a resident's personal data: destroy their key and record
    /// `user.forgotten` (the server must be stopped; a running one offers
    /// `POST /api/v1/users/{id}/forget` to managers).
    Forget(ForgetArgs),
    /// Remove media blobs the retention policy no longer keeps, recording `media.purged`.
    Purge(PurgeArgs),
    /// Print the history of one stream, or of the whole log from a position or a time.
    Replay(ReplayArgs),
    /// Print an aggregate's state as it was at a log position or a time, as JSON.
    StateAt(StateAtArgs),
    /// Write the recorded chain checkpoints as NDJSON, for outside parties to keep.
    Checkpoints(CheckpointsArgs),
    /// Back up the log and media: from a running server (`--server`) or a stopped store.
    Backup(BackupArgs),
    /// Rebuild a store from a backup into an empty data directory, and verify it.
    Restore(RestoreArgs),
    /// Rebuild read models: on a stopped store, or on a running server as a blue/green swap.
    Rebuild(RebuildArgs),
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
    /// The key store (one key per resident for their personal data); `<data>/keys` if not
    /// given. Back it up separately from the log, never beside it (docs/operations.md).
    #[arg(long, env = "LINLI_KEYS")]
    pub keys: Option<PathBuf>,
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
    /// WeChat Pay (or the sandbox payer) for service orders.
    #[command(flatten)]
    pub pay: crate::pay::PayArgs,
    /// Operator settings: the admin token and chain checkpoints.
    #[command(flatten)]
    pub operator: OperatorArgs,
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
    /// The key store's directory.
    pub fn keys_dir(&self) -> PathBuf {
        self.keys.clone().unwrap_or_else(|| self.data.join("keys"))
    }

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

/// `linli serve`'s operator settings.
#[derive(Debug, Clone, Args)]
pub struct OperatorArgs {
    /// The token `linli backup --server` and `linli rebuild --server` present to
    /// `/admin/v1/…`. Without it the admin endpoints answer 404.
    #[arg(
        long = "admin-token",
        env = "LINLI_ADMIN_TOKEN",
        hide_env_values = true
    )]
    pub admin_token: Option<String>,
    /// Record a chain checkpoint once this many events were appended since the last one.
    #[arg(
        long = "checkpoint-every-events",
        env = "LINLI_CHECKPOINT_EVERY_EVENTS",
        default_value_t = 10_000
    )]
    pub checkpoint_every_events: u64,
    /// Record a chain checkpoint at least this often (seconds) while events are appended.
    #[arg(
        long = "checkpoint-every-secs",
        env = "LINLI_CHECKPOINT_EVERY_SECS",
        default_value_t = 600
    )]
    pub checkpoint_every_secs: u64,
}

/// `linli verify`.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// The store (stopped: sled locks it).
    #[command(flatten)]
    pub store: StoreArgs,
    /// Checkpoints held outside (NDJSON lines with `position` and `hash`, as
    /// `linli checkpoints` writes them): each must still match the log.
    #[arg(long)]
    pub against: Option<PathBuf>,
}

/// `linli replay`.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// The store (stopped, or a restored backup; a live server answers the audit API).
    #[command(flatten)]
    pub store: StoreArgs,
    /// One stream's history (e.g. `complaint-<uuid>`, `directory`).
    #[arg(long, conflicts_with_all = ["from_position", "since"])]
    pub stream: Option<String>,
    /// The whole log from this position (inclusive).
    #[arg(long, conflicts_with = "since")]
    pub from_position: Option<u64>,
    /// The whole log from this moment (RFC 3339, e.g. `2026-05-01T08:00:00+08:00`).
    #[arg(long)]
    pub since: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Stop after this many events.
    #[arg(long)]
    pub limit: Option<u64>,
    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `linli state-at`.
#[derive(Debug, Clone, Args)]
pub struct StateAtArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The stream (e.g. `complaint-<uuid>`).
    #[arg(long)]
    pub stream: String,
    /// A log position, or an RFC 3339 time.
    #[arg(long)]
    pub at: String,
}

/// `linli checkpoints`.
#[derive(Debug, Clone, Args)]
pub struct CheckpointsArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArgs,
    /// File to write; `-` for standard output.
    #[arg(long, short, default_value = "-")]
    pub output: PathBuf,
}

/// How the CLI reaches a running server's admin endpoints.
#[derive(Debug, Clone, Args)]
pub struct AdminClientArgs {
    /// The running server's base URL, e.g. `http://127.0.0.1:8080`. Without it the command
    /// works on the stopped store given by `--data`.
    #[arg(long)]
    pub server: Option<String>,
    /// The token the server was started with (`linli serve --admin-token`).
    #[arg(
        long = "admin-token",
        env = "LINLI_ADMIN_TOKEN",
        hide_env_values = true
    )]
    pub admin_token: Option<String>,
}

/// `linli backup`.
#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// The directory to write the backup into (must not exist, or be empty).
    pub dest: PathBuf,
    /// The stopped store to back up when no `--server` is given.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The running server.
    #[command(flatten)]
    pub admin: AdminClientArgs,
}

/// `linli restore`.
#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// The backup directory (`linli backup`'s DEST).
    pub src: PathBuf,
    /// The empty data directory to restore into.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `linli rebuild`.
#[derive(Debug, Clone, Args)]
pub struct RebuildArgs {
    /// The read model to rebuild (e.g. `complaint_progress`); all of them if absent.
    pub projection: Option<String>,
    /// The stopped store, when no `--server` is given.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The running server.
    #[command(flatten)]
    pub admin: AdminClientArgs,
}

/// `linli forget`.
#[derive(Debug, Clone, Args)]
pub struct ForgetArgs {
    /// The store and its key store (the server must be stopped: sled locks the log).
    #[command(flatten)]
    pub store: StoreArgs,
    /// The resident (user id) whose personal data is destroyed.
    pub subject: linli_domain::UserId,
    /// Why, recorded in the `user.forgotten` event.
    #[arg(long, default_value = "erasure requested by the data subject")]
    pub reason: String,
}

/// `linli purge`.
#[derive(Debug, Clone, Args)]
pub struct PurgeArgs {
    /// The store (the server must be stopped).
    #[command(flatten)]
    pub store: StoreArgs,
    /// Keep a closed complaint's media this many days after it closed; older ones go.
    #[arg(long, env = "LINLI_MEDIA_RETENTION_DAYS", default_value_t = 180)]
    pub older_than_days: u32,
    /// Which kinds the rule removes (repeat); all three by default.
    #[arg(long = "kind", value_parser = crate::privacy::retention::parse_kind)]
    pub kinds: Vec<crate::media::MediaKind>,
    /// Print what would be removed, remove nothing and record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// clap checks argument ids only when a command is parsed; two flags whose fields share a
    /// name (`--wechat-appid` and `--pay-appid` were both `appid`) made `linli serve` panic
    /// at start. This walks every subcommand's definition instead.
    #[test]
    fn every_subcommand_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
