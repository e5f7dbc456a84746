//! Stand-in scans for the demo's application materials and errand documents: small, valid
//! grey PNGs, each with its own stripe pattern so every file has its own content hash (a
//! sealed document and a plain upload must never share an id).
//!
//! Written by hand (uncompressed deflate) rather than with an image crate: the demo needs
//! a few dozen tiny files, and nothing else in the server encodes images.

use linli_domain::{MediaId, UserId};

use super::{Demo, DemoError};

const WIDTH: u32 = 48;
const HEIGHT: u32 = 32;

/// The PNG for scan number `n`.
pub fn scan(n: u32) -> Vec<u8> {
    let mut raw = Vec::with_capacity(((WIDTH + 1) * HEIGHT) as usize);
    for y in 0..HEIGHT {
        raw.push(0); // filter: none
        for x in 0..WIDTH {
            // Light paper with a few dark "text lines" whose lengths encode `n`.
            let line = y % 6 == 2 && x > 3 && x < 8 + (n.wrapping_mul(7).wrapping_add(y) % 36);
            // The top row spells `n` in binary, which makes every scan distinct.
            let bit = y == 0 && x < 32 && (n >> x) & 1 == 1;
            raw.push(if line || bit { 60 } else { 235 });
        }
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&WIDTH.to_be_bytes());
    header.extend_from_slice(&HEIGHT.to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit greyscale, no interlace
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib_stored(&raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Stores scan `n` as a plain upload by `uploader`.
pub(super) async fn upload(demo: &Demo, n: u32, uploader: UserId) -> Result<MediaId, DemoError> {
    let (media, at) = (demo.media.clone(), demo.now);
    run_blocking(move || media.put(&scan(n), uploader, at)).await
}

/// Stores scan `n` sealed under `subject`'s key, as an errand document.
pub(super) async fn upload_sealed(
    demo: &Demo,
    n: u32,
    subject: UserId,
    uploader: UserId,
) -> Result<MediaId, DemoError> {
    let (media, vault, at) = (demo.media.clone(), demo.vault.clone(), demo.now);
    run_blocking(move || media.put_sealed(&vault, subject, &scan(n), uploader, at)).await
}

async fn run_blocking(
    store: impl FnOnce() -> Result<crate::media::MediaMeta, crate::media::MediaError> + Send + 'static,
) -> Result<MediaId, DemoError> {
    let failed = |reason: String| DemoError::Step {
        step: "storing a demo scan".into(),
        reason,
    };
    tokio::task::spawn_blocking(store)
        .await
        .map_err(|e| failed(e.to_string()))?
        .map(|meta| meta.id)
        .map_err(|e| failed(e.to_string()))
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let crc = crc32(&png[start..]);
    png.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream of one stored (uncompressed) deflate block; `data` is under 64 KiB.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let len = data.len() as u16;
    let mut out = vec![0x78, 0x01, 0x01];
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_is_the_png_one() {
        // The IEND chunk's CRC is fixed by the PNG specification.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn every_scan_is_a_png_of_its_own() {
        let (a, b) = (scan(1), scan(2));
        assert!(a.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(a.ends_with(&[0xAE, 0x42, 0x60, 0x82]));
        assert_ne!(a, b);
    }
}
