//! Encouragement feed (点赞鼓励): the praise each cadre received, newest first, with like and
//! comment counts.

use std::collections::HashMap;

use bincode::{Decode, Encode};
use chrono::{DateTime, Utc};
use linli_domain::encouragement::EncouragementEvent;
use linli_domain::{EncouragementId, UserId};
use linli_engine::AnyEvent;
use serde::Serialize;
use uuid::Uuid;

use crate::error::ProjectionError;
use crate::models::common::{
    decode, encode, id_at, micros, page_through, time, uid, user, Key, Page, PageOf,
};
use crate::runtime::{Envelope, Projection, Serving, Staged};

/// The projection's id.
pub const ID: &str = "encouragement_feed";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;

/// `[1][encouragement]` → [`PostRec`].
const POST: u8 = 1;
/// `[2][cadre][posted desc][encouragement]` → empty.
const BY_CADRE: u8 = 2;

fn post_key(id: u128) -> Vec<u8> {
    Key::new(POST).id(id).build()
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
/// One post as stored.
struct PostRec {
    /// The post id.
    id: u128,
    /// The resident who posted it.
    author: u128,
    /// The cadre thanked.
    cadre: u128,
    /// The words.
    text: String,
    /// How many photos.
    media: u32,
    /// When posted, µs.
    posted_at: i64,
    /// Likes so far.
    likes: u32,
    /// Comments so far.
    comments: u32,
}

/// Folds encouragement events into posts and a per-cadre index.
#[derive(Debug, Default)]
pub struct EncouragementProjection {
    /// Posts touched in this batch.
    touched: HashMap<u128, PostRec>,
}

impl Projection<AnyEvent> for EncouragementProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let AnyEvent::Encouragement(id, event) = &envelope.event else {
            return Ok(());
        };
        let id = id.as_uuid().as_u128();
        if let EncouragementEvent::Posted(e) = event {
            let posted_at = micros(e.at);
            staged.insert(
                Key::new(BY_CADRE)
                    .id(uid(e.cadre))
                    .time_desc(posted_at)
                    .id(id)
                    .build(),
                Vec::new(),
            );
            self.touched.insert(
                id,
                PostRec {
                    id,
                    author: uid(e.author),
                    cadre: uid(e.cadre),
                    text: e.text.clone(),
                    media: e.media.len() as u32,
                    posted_at,
                    likes: 0,
                    comments: 0,
                },
            );
            return Ok(());
        }
        if let std::collections::hash_map::Entry::Vacant(slot) = self.touched.entry(id) {
            let Some(bytes) = staged.get(&post_key(id))? else {
                return Ok(());
            };
            slot.insert(decode(staged.tree(), &bytes)?);
        }
        if let Some(post) = self.touched.get_mut(&id) {
            match event {
                EncouragementEvent::Liked(_) => post.likes += 1,
                EncouragementEvent::Commented(_) => post.comments += 1,
                EncouragementEvent::Posted(_) => {}
            }
        }
        Ok(())
    }

    fn finish_batch(&mut self, staged: &mut Staged<'_>) -> Result<(), ProjectionError> {
        for (id, post) in self.touched.drain() {
            staged.insert(post_key(id), encode(&post));
        }
        Ok(())
    }
}

/// One encouragement in a feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EncouragementView {
    /// The post.
    pub id: EncouragementId,
    /// The resident who posted it.
    pub author: UserId,
    /// The cadre thanked.
    pub cadre: UserId,
    /// The words.
    pub text: String,
    /// How many photos.
    pub media: u32,
    /// When posted.
    pub posted_at: DateTime<Utc>,
    /// Likes.
    pub likes: u32,
    /// Comments.
    pub comments: u32,
}

/// Reads the encouragement feed.
#[derive(Debug, Clone)]
pub struct EncouragementFeed {
    /// The serving tree.
    serving: Serving,
}

fn view(p: PostRec) -> EncouragementView {
    EncouragementView {
        id: EncouragementId::from_uuid(Uuid::from_u128(p.id)),
        author: user(p.author),
        cadre: user(p.cadre),
        text: p.text,
        media: p.media,
        posted_at: time(p.posted_at),
        likes: p.likes,
        comments: p.comments,
    }
}

impl EncouragementFeed {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        EncouragementFeed { serving }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    /// One post.
    pub fn encouragement(
        &self,
        id: EncouragementId,
    ) -> Result<Option<EncouragementView>, ProjectionError> {
        let tree = self.serving.tree();
        tree.get(post_key(id.as_uuid().as_u128()))?
            .map(|b| decode(&tree, &b).map(view))
            .transpose()
    }

    /// The praise a cadre received, newest first.
    pub fn for_cadre(
        &self,
        cadre: UserId,
        page: &Page,
    ) -> Result<PageOf<EncouragementView>, ProjectionError> {
        let tree = self.serving.tree();
        let prefix = Key::new(BY_CADRE).id(uid(cadre)).build();
        page_through(&tree, &prefix, page, false, |key, _| {
            let Some(id) = id_at(key, key.len() - 16) else {
                return Ok(None);
            };
            tree.get(post_key(id))?
                .map(|b| decode(&tree, &b).map(view))
                .transpose()
        })
    }
}
