//! `linli backup DEST` and `linli restore SRC --data DIR`.
//!
//! With `--server`, the backup is taken from the running server through its admin
//! endpoints while it keeps serving (ADR 0008); without, from the stopped store at
//! `--data`. Either way the log is a prefix of the log ending at a committed head, which
//! is consistent by construction (the log is append-only), and `restore` re-derives every
//! hash and verifies the restored store before it says ok.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};

use linli_eventlog::EventLog;

use super::admin_client::{AdminClient, AdminError};
use super::progress::{events_bar, events_spinner};
use super::Outcome;
use crate::audit::backup::{
    backup_local, restore as restore_backup, BackupError, Layout, Manifest, BACKUP_FORMAT,
};
use crate::cli::{BackupArgs, RestoreArgs};
use crate::http::admin::HEAD_HEADER;
use crate::media::{MediaMeta, MediaStore};

fn report(what: &str, error: BackupError) -> Outcome {
    eprintln!("linli {what}: {error}");
    match error {
        BackupError::Refused(_) => Outcome::Refused,
        BackupError::Damaged(_) => Outcome::Refused,
        BackupError::Io(_) => Outcome::Failure,
    }
}

fn admin_failure(error: AdminError) -> Outcome {
    eprintln!("linli backup: {error}");
    match error {
        AdminError::Unauthorized(_) => Outcome::Usage,
        AdminError::Server { .. } | AdminError::Transport(_) => Outcome::Failure,
    }
}

#[allow(clippy::print_stdout)] // the summary is the command's output
fn summary(manifest: &Manifest, dest: &std::path::Path) {
    println!(
        "backup ok: {} events up to {} {}, {} media files in {}",
        manifest.events,
        manifest.head_position,
        manifest.head_hash,
        manifest.media,
        dest.display()
    );
}

pub async fn backup(args: BackupArgs) -> Outcome {
    let client = match AdminClient::from_args(&args.admin) {
        Ok(client) => client,
        Err(e) => return admin_failure(e),
    };
    match client {
        Some(client) => backup_online(&client, &args).await,
        None => backup_offline(args).await,
    }
}

async fn backup_offline(args: BackupArgs) -> Outcome {
    let log = match EventLog::open_read_only(args.store.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli backup: cannot open {} (is the server running? then use --server): {e}",
                args.store.data.display()
            );
            return Outcome::Failure;
        }
    };
    let result = tokio::task::spawn_blocking(move || {
        let media = MediaStore::open(&args.store.data, log.database())
            .map_err(|e| BackupError::Io(e.to_string()))?;
        let bar = events_bar(log.head().position.0, "backing up");
        let manifest = backup_local(&log, Some(&media), &args.dest, &mut |n| bar.set_position(n));
        bar.finish_and_clear();
        manifest.map(|m| (m, args.dest))
    })
    .await;
    match result {
        Ok(Ok((manifest, dest))) => {
            summary(&manifest, &dest);
            Outcome::Success
        }
        Ok(Err(e)) => report("backup", e),
        Err(e) => {
            eprintln!("linli backup: {e}");
            Outcome::Failure
        }
    }
}

/// The export's closing line.
#[derive(serde::Deserialize)]
struct Trailer {
    linli_export_end: TrailerBody,
}

#[derive(serde::Deserialize)]
struct TrailerBody {
    events: u64,
    last_position: u64,
    last_hash: String,
}

/// Reads the trailer of a downloaded export: its presence proves the transfer finished.
fn trailer(layout: &Layout) -> Result<TrailerBody, BackupError> {
    let file = File::open(layout.log())?;
    let last = BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter(|l| !l.trim().is_empty())
        .last()
        .unwrap_or_default();
    serde_json::from_str::<Trailer>(&last)
        .map(|t| t.linli_export_end)
        .map_err(|_| BackupError::Damaged("the log transfer ended without its trailer".into()))
}

async fn backup_online(client: &AdminClient, args: &BackupArgs) -> Outcome {
    let layout = Layout::new(&args.dest);
    if let Err(e) = layout.create() {
        return report("backup", e);
    }
    let mut response = match client.get("/admin/v1/backup/log").await {
        Ok(response) => response,
        Err(e) => return admin_failure(e),
    };
    let head: u64 = response
        .headers()
        .get(HEAD_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let bar = events_bar(head, "backing up");
    let mut out = match File::create(layout.log()) {
        Ok(file) => BufWriter::new(file),
        Err(e) => return report("backup", e.into()),
    };
    let mut lines = 0u64;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
                bar.set_position(lines.saturating_sub(1).min(head));
                if let Err(e) = out.write_all(&chunk) {
                    return report("backup", e.into());
                }
            }
            Ok(None) => break,
            Err(e) => {
                bar.finish_and_clear();
                eprintln!("linli backup: the log transfer broke: {e}");
                return Outcome::Failure;
            }
        }
    }
    bar.finish_and_clear();
    if let Err(e) = out.flush() {
        return report("backup", e.into());
    }
    drop(out);
    let end = match trailer(&layout) {
        Ok(end) => end,
        Err(e) => return report("backup", e),
    };
    // Media are listed after the log: every file an exported event names was uploaded
    // before that event, so it is in the list (files uploaded since are harmless extras).
    let metas: Vec<MediaMeta> = match client.get("/admin/v1/backup/media").await {
        Ok(response) => match response.json().await {
            Ok(metas) => metas,
            Err(e) => {
                eprintln!("linli backup: the media list is unreadable: {e}");
                return Outcome::Failure;
            }
        },
        Err(e) => return admin_failure(e),
    };
    let spinner = events_spinner("media files");
    let mut kept = Vec::with_capacity(metas.len());
    for meta in metas {
        let path = format!("/admin/v1/backup/media/{}", meta.id.as_str());
        let bytes = match client.get(&path).await {
            Ok(response) => match response.bytes().await {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!("linli backup: media {}: {e}", meta.id.as_str());
                    return Outcome::Failure;
                }
            },
            // Purged or forgotten since it was listed: not readable, so not backed up.
            Err(AdminError::Server { status, .. }) if status.as_u16() == 404 => continue,
            Err(e) => return admin_failure(e),
        };
        if let Err(e) = layout.write_media(&meta, &bytes) {
            return report("backup", e);
        }
        kept.push(meta);
        spinner.inc(1);
    }
    let metas = kept;
    spinner.finish_and_clear();
    let manifest = Manifest {
        linli_backup: BACKUP_FORMAT,
        head_position: end.last_position,
        head_hash: end.last_hash,
        events: end.events,
        media: 0,
        created_at: chrono::Utc::now().to_rfc3339(),
    };
    match layout.finish(&metas, manifest) {
        Ok(manifest) => {
            summary(&manifest, &args.dest);
            Outcome::Success
        }
        Err(e) => report("backup", e),
    }
}

#[allow(clippy::print_stdout)] // the summary is the command's output
pub async fn restore(args: RestoreArgs) -> Outcome {
    let config = args.store.log_config();
    let result = tokio::task::spawn_blocking(move || {
        // The manifest's count makes a real bar; restore itself re-reads and checks it.
        let total = std::fs::read(Layout::new(&args.src).manifest())
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .map(|m| m.events);
        let bar = match total {
            Some(total) => events_bar(total, "restoring"),
            None => events_spinner("restoring"),
        };
        let restored = restore_backup(&args.src, &config, &args.store.data, &mut |n| {
            bar.set_position(n)
        });
        bar.finish_and_clear();
        restored.map(|r| (r, args.store.data))
    })
    .await;
    match result {
        Ok(Ok((restored, data))) => {
            println!(
                "restore ok: {} events verified, head {} {}, {} media files, into {}; read models rebuild on the first serve",
                restored.events,
                restored.manifest.head_position,
                restored.manifest.head_hash,
                restored.manifest.media,
                data.display()
            );
            Outcome::Success
        }
        Ok(Err(e)) => report("restore", e),
        Err(e) => {
            eprintln!("linli restore: {e}");
            Outcome::Failure
        }
    }
}
