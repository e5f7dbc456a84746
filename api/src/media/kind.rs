//! Which files linli accepts, recognised by their bytes.

use serde::{Deserialize, Serialize};

/// The kinds of media a resident can attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// A photo of the problem.
    Image,
    /// A short video.
    Video,
    /// A voice note (WeChat's RecorderManager records AAC, MP3 or WAV).
    Audio,
}

impl MediaKind {
    /// Largest accepted file of this kind, in bytes.
    pub fn max_bytes(self) -> usize {
        match self {
            MediaKind::Image => 10 * 1024 * 1024,
            MediaKind::Video => 50 * 1024 * 1024,
            MediaKind::Audio => 5 * 1024 * 1024,
        }
    }
}

/// What sniffing found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// The kind.
    pub kind: MediaKind,
    /// The MIME type served back.
    pub mime: &'static str,
}

/// Recognises an accepted file by its magic numbers; `None` for anything else (scripts,
/// HTML, executables, archives, documents, or a file that merely claims to be a photo).
pub fn sniff(bytes: &[u8]) -> Option<Sniffed> {
    let found = infer::get(bytes)?;
    let (kind, mime) = match found.mime_type() {
        "image/jpeg" => (MediaKind::Image, "image/jpeg"),
        "image/png" => (MediaKind::Image, "image/png"),
        "image/webp" => (MediaKind::Image, "image/webp"),
        "image/gif" => (MediaKind::Image, "image/gif"),
        "image/heif" => (MediaKind::Image, "image/heif"),
        "video/mp4" => (MediaKind::Video, "video/mp4"),
        "video/quicktime" => (MediaKind::Video, "video/quicktime"),
        "audio/aac" => (MediaKind::Audio, "audio/aac"),
        "audio/m4a" | "audio/x-m4a" => (MediaKind::Audio, "audio/mp4"),
        "audio/mpeg" => (MediaKind::Audio, "audio/mpeg"),
        "audio/x-wav" | "audio/wav" => (MediaKind::Audio, "audio/wav"),
        _ => return None,
    };
    Some(Sniffed { kind, mime })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0];

    #[test]
    fn photos_are_recognised_by_their_bytes() {
        assert_eq!(sniff(PNG).unwrap().mime, "image/png");
        assert_eq!(sniff(JPEG).unwrap().kind, MediaKind::Image);
    }

    #[test]
    fn scripts_html_and_executables_are_refused_whatever_they_are_called() {
        assert!(sniff(b"<html><script>alert(1)</script></html>").is_none());
        assert!(sniff(b"#!/bin/sh\nrm -rf /\n").is_none());
        assert!(sniff(&[0x7F, b'E', b'L', b'F', 2, 1, 1, 0]).is_none());
        assert!(sniff(b"PK\x03\x04zip").is_none());
        assert!(sniff(b"").is_none());
    }
}
