//! Names of projections, their versions, and the sled trees they live in.

use std::fmt;

/// A projection's stable name, e.g. `complaint_progress`. It names its trees and its
/// registry entry, so it never changes once deployed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProjectionId(String);

impl ProjectionId {
    /// An id; lowercase letters, digits and `_` by convention (it becomes part of tree names).
    pub fn new(id: impl Into<String>) -> Self {
        ProjectionId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProjectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The version of a projection's code and stored layout. Bump it whenever the projection
/// would build different contents from the same log; the runtime then rebuilds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProjectionVersion(pub u32);

impl fmt::Display for ProjectionVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

/// Counts rebuilds of one projection, so a rebuild of the same version still gets fresh
/// trees while the old ones keep serving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Generation(pub u32);

/// Which build of a projection a tree holds: its version and generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Build {
    /// The projection version.
    pub version: ProjectionVersion,
    /// The rebuild counter.
    pub generation: Generation,
}

impl Build {
    /// The registry's encoding: version then generation, big-endian.
    pub fn to_bytes(self) -> [u8; 8] {
        let mut bytes = [0u8; 8];
        bytes[..4].copy_from_slice(&self.version.0.to_be_bytes());
        bytes[4..].copy_from_slice(&self.generation.0.to_be_bytes());
        bytes
    }

    /// Reads [`Build::to_bytes`]; `None` for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<Build> {
        let bytes: [u8; 8] = bytes.try_into().ok()?;
        let (v, g) = bytes.split_at(4);
        Some(Build {
            version: ProjectionVersion(u32::from_be_bytes(v.try_into().ok()?)),
            generation: Generation(u32::from_be_bytes(g.try_into().ok()?)),
        })
    }
}

/// The prefix of every tree a projection owns, so leftovers can be found and dropped.
pub(crate) fn tree_prefix(id: &ProjectionId) -> String {
    format!("projection/{id}/")
}

/// The tree holding one build of a projection: `projection/{id}/v{version}/g{generation}`.
pub(crate) fn tree_name(id: &ProjectionId, build: Build) -> String {
    format!(
        "{}v{}/g{}",
        tree_prefix(id),
        build.version.0,
        build.generation.0
    )
}
