//! Address-text lookup: which known places does the resident's address name?
//!
//! Every node's official name and aliases are searched for in the address (plain substring
//! match; Chinese addresses have no word boundaries to respect). Among the nodes named, the
//! deepest level wins ("翠苑街道翠苑一区" names the township and the village: the village is
//! meant); at equal depth the longer name wins, being the more specific match ("翠苑一区"
//! over "一区"); then the lower code, so the answer is deterministic. Names of fewer than two
//! characters are ignored: a one-character alias would match nearly every address.

use linli_domain::directory::Node;
use linli_domain::{JurisdictionCode, Level};

/// The shortest name, in characters, that address matching uses.
pub const MIN_NAME_CHARS: usize = 2;

/// One searchable name.
#[derive(Debug, Clone)]
struct Name {
    /// The name or alias as written in the directory.
    text: String,
    /// Its length in characters, for the longest-name tie-break.
    chars: usize,
    /// The node it names.
    code: JurisdictionCode,
    /// The node's level, for the deepest-match rule.
    level: Level,
}

/// Every node name and alias of a directory.
#[derive(Debug, Clone, Default)]
pub struct PlaceNames {
    /// The names, in directory order.
    names: Vec<Name>,
}

impl PlaceNames {
    /// Collects the names and aliases of these nodes.
    pub fn new<'a>(nodes: impl IntoIterator<Item = &'a Node>) -> PlaceNames {
        let mut names = Vec::new();
        for node in nodes {
            for text in std::iter::once(&node.name).chain(&node.aliases) {
                let chars = text.chars().count();
                if chars >= MIN_NAME_CHARS {
                    names.push(Name {
                        text: text.clone(),
                        chars,
                        code: node.code,
                        level: node.level,
                    });
                }
            }
        }
        PlaceNames { names }
    }

    /// The node the address most specifically names, if it names any.
    pub fn best_match(&self, address: &str) -> Option<JurisdictionCode> {
        self.names
            .iter()
            .filter(|name| address.contains(name.text.as_str()))
            .max_by(|a, b| {
                a.level
                    .cmp(&b.level)
                    .then(a.chars.cmp(&b.chars))
                    .then(b.code.cmp(&a.code))
            })
            .map(|name| name.code)
    }
}
