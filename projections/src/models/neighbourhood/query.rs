//! Reading the neighbourhood: one item, a feed with filters and paging, comments, counts.
//!
//! Feeds are one index per kind, newest first; filters (community subtree, status, person)
//! are applied while paging, so a page holds up to `limit` matching items and its cursor is
//! the last one returned.

use std::collections::BTreeMap;

use linli_domain::neighbourhood::help::HelpStatus;
use linli_domain::neighbourhood::idea::IdeaDecision;
use linli_domain::neighbourhood::listing::ListingStatus;
use linli_domain::{JurisdictionCode, UserId};
use serde::de::DeserializeOwned;

use super::keys::{comment_prefix, count_prefix, feed_prefix, record_key, Kind};
use super::views::*;
use crate::error::ProjectionError;
use crate::models::common::{id_at, page_through, Page, PageOf};
use crate::runtime::Serving;

/// Which items of a feed to return. Every field is optional; all given must match.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    /// Items of this node or below it.
    pub community: Option<JurisdictionCode>,
    /// The item's status (`open`, `listed`, `offered`, `accepted`, `unanswered`, …).
    pub status: Option<String>,
    /// Items this person created (author, organiser, owner, requester).
    pub by: Option<UserId>,
}

impl ItemFilter {
    fn accepts(&self, community: &JurisdictionCode, status: &str, by: UserId) -> bool {
        self.community.is_none_or(|c| c.covers(community))
            && self.status.as_deref().is_none_or(|s| s == status)
            && self.by.is_none_or(|u| u == by)
    }
}

/// Reads the neighbourhood read model.
#[derive(Debug, Clone)]
pub struct Neighbourhood {
    /// The serving tree.
    serving: Serving,
}

impl Neighbourhood {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        Neighbourhood { serving }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    fn one<V: DeserializeOwned>(&self, kind: Kind, id: u128) -> Result<Option<V>, ProjectionError> {
        let tree = self.serving.tree();
        tree.get(record_key(kind, id))?
            .map(|b| serde_json::from_slice(&b).map_err(|e| ProjectionError::corrupt(&tree, e)))
            .transpose()
    }

    fn feed<V: DeserializeOwned>(
        &self,
        kind: Kind,
        page: &Page,
        keep: impl Fn(&V) -> bool,
    ) -> Result<PageOf<V>, ProjectionError> {
        let tree = self.serving.tree();
        page_through(&tree, &feed_prefix(kind), page, false, |key, _| {
            let Some(id) = id_at(key, key.len() - 16) else {
                return Ok(None);
            };
            Ok(self.one::<V>(kind, id)?.filter(|v| keep(v)))
        })
    }

    /// One forum post as stored (hidden text included: the API redacts).
    pub fn post(
        &self,
        id: linli_domain::neighbourhood::PostId,
    ) -> Result<Option<PostView>, ProjectionError> {
        self.one(Kind::Post, id.as_uuid().as_u128())
    }

    /// Forum posts, newest first. Status filter: `visible` or `hidden`.
    pub fn posts(
        &self,
        filter: &ItemFilter,
        page: &Page,
    ) -> Result<PageOf<PostView>, ProjectionError> {
        self.feed(Kind::Post, page, |p: &PostView| {
            let status = if p.hidden.is_some() {
                "hidden"
            } else {
                "visible"
            };
            filter.accepts(&p.community, status, p.author)
        })
    }

    /// A post's comments in writing order (hidden text included: the API redacts).
    pub fn comments(
        &self,
        id: linli_domain::neighbourhood::PostId,
        page: &Page,
    ) -> Result<PageOf<CommentView>, ProjectionError> {
        let tree = self.serving.tree();
        page_through(
            &tree,
            &comment_prefix(id.as_uuid().as_u128()),
            page,
            false,
            |_, value| {
                serde_json::from_slice(value)
                    .map(Some)
                    .map_err(|e| ProjectionError::corrupt(&tree, e))
            },
        )
    }

    /// One community event.
    pub fn activity(
        &self,
        id: linli_domain::neighbourhood::ActivityId,
    ) -> Result<Option<ActivityView>, ProjectionError> {
        self.one(Kind::Activity, id.as_uuid().as_u128())
    }

    /// Community events, newest announced first. Status: `open`, `full`, `cancelled`.
    pub fn activities(
        &self,
        filter: &ItemFilter,
        page: &Page,
    ) -> Result<PageOf<ActivityView>, ProjectionError> {
        self.feed(Kind::Activity, page, |a: &ActivityView| {
            filter.accepts(&a.community, a.status.as_str(), a.organiser)
        })
    }

    /// One listing.
    pub fn listing(
        &self,
        id: linli_domain::neighbourhood::ListingId,
    ) -> Result<Option<ListingView>, ProjectionError> {
        self.one(Kind::Listing, id.as_uuid().as_u128())
    }

    /// Listings, newest first. Status: `listed`, `reserved`, `exchanged`, `withdrawn`.
    pub fn listings(
        &self,
        filter: &ItemFilter,
        page: &Page,
    ) -> Result<PageOf<ListingView>, ProjectionError> {
        self.feed(Kind::Listing, page, |l: &ListingView| {
            filter.accepts(&l.community, l.status.as_str(), l.owner)
        })
    }

    /// One help request.
    pub fn help(
        &self,
        id: linli_domain::neighbourhood::HelpRequestId,
    ) -> Result<Option<HelpView>, ProjectionError> {
        self.one(Kind::Help, id.as_uuid().as_u128())
    }

    /// Help requests, newest first. Status: `posted`, `offered`, `done`, `cancelled`.
    pub fn help_requests(
        &self,
        filter: &ItemFilter,
        page: &Page,
    ) -> Result<PageOf<HelpView>, ProjectionError> {
        self.feed(Kind::Help, page, |h: &HelpView| {
            filter.accepts(&h.community, h.status.as_str(), h.requester)
        })
    }

    /// One idea.
    pub fn idea(
        &self,
        id: linli_domain::neighbourhood::IdeaId,
    ) -> Result<Option<IdeaView>, ProjectionError> {
        self.one(Kind::Idea, id.as_uuid().as_u128())
    }

    /// Ideas, newest first. Status: `unanswered` or the latest decision.
    pub fn ideas(
        &self,
        filter: &ItemFilter,
        page: &Page,
    ) -> Result<PageOf<IdeaView>, ProjectionError> {
        self.feed(Kind::Idea, page, |i: &IdeaView| {
            let status = i
                .response
                .as_ref()
                .map_or("unanswered", |r| r.decision.as_str());
            filter.accepts(&i.community, status, i.author)
        })
    }

    /// The dashboard counts.
    pub fn counts(&self) -> Result<NeighbourhoodCounts, ProjectionError> {
        let tree = self.serving.tree();
        let prefix = count_prefix();
        let mut raw: BTreeMap<String, i64> = BTreeMap::new();
        for kv in tree.scan_prefix(&prefix) {
            let (key, value) = kv?;
            let name = String::from_utf8_lossy(&key[prefix.len()..]).into_owned();
            let value: [u8; 8] = value
                .as_ref()
                .try_into()
                .map_err(|_| ProjectionError::corrupt(&tree, "bad counter value"))?;
            raw.insert(name, i64::from_be_bytes(value));
        }
        let get = |name: &str| raw.get(name).copied().unwrap_or(0).max(0) as u64;
        let named = |prefix: &str, names: &[&str]| {
            names
                .iter()
                .map(|n| NamedCount {
                    name: (*n).to_owned(),
                    count: get(&format!("{prefix}.{n}")),
                })
                .collect::<Vec<_>>()
        };
        let listing_names: Vec<&str> = ListingStatus::ALL.iter().map(|s| s.as_str()).collect();
        let help_names: Vec<&str> = HelpStatus::ALL.iter().map(|s| s.as_str()).collect();
        let mut idea_names = vec!["unanswered"];
        idea_names.extend(IdeaDecision::ALL.iter().map(|d| d.as_str()));
        Ok(NeighbourhoodCounts {
            posts: get("posts"),
            posts_hidden: get("posts_hidden"),
            comments: get("comments"),
            comments_hidden: get("comments_hidden"),
            activities: get("activities"),
            activities_by_status: named("activity", &["open", "full", "cancelled"]),
            seats_taken: get("seats_taken"),
            waitlisted: get("waitlisted"),
            listings: get("listings"),
            listings_by_status: named("listing", &listing_names),
            help_requests: get("help"),
            help_by_status: named("help", &help_names),
            ideas: get("ideas"),
            ideas_by_response: named("idea", &idea_names),
            idea_supports: get("idea_supports"),
        })
    }
}
