//! Residents thanking cadres: posts with likes and comments over the past weeks.

use chrono::{DateTime, TimeDelta, Utc};
use linli_domain::encouragement::{
    CommentOnEncouragement, Encouragement, EncouragementCommand, LikeEncouragement,
    PostEncouragement,
};
use linli_domain::{Actor, EncouragementId, Role, StreamName, UserId};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;

use super::history::id_from;
use super::texts;
use super::{meta, Demo, DemoError};

/// One post with what followed it, all decided up front.
#[derive(Debug, Clone)]
pub struct Thanks {
    /// The post's id.
    pub id: EncouragementId,
    /// Who thanks.
    pub author: UserId,
    /// Whom.
    pub cadre: UserId,
    /// The words.
    pub text: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Residents who like it, with minutes after the post.
    pub likes: Vec<(UserId, i64)>,
    /// Comments: author, text, minutes after the post.
    pub comments: Vec<(UserId, String, i64)>,
}

/// Plans `count` posts for random cadres (`(id, name)`) by random residents.
pub fn plan(
    rng: &mut StdRng,
    residents: &[UserId],
    cadres: &[(UserId, String)],
    now: DateTime<Utc>,
    count: usize,
) -> Vec<Thanks> {
    (0..count)
        .map(|_| {
            let (cadre, name) = cadres[rng.gen_range(0..cadres.len())].clone();
            let author = *residents.choose(rng).unwrap_or(&residents[0]);
            let template = texts::ENCOURAGEMENTS.choose(rng).copied().unwrap_or("{}");
            let short: String = name.chars().next().map(String::from).unwrap_or_default();
            let at = now - TimeDelta::minutes(rng.gen_range(600..60_000));
            let like_count = rng.gen_range(0..15);
            let likers: Vec<UserId> = residents
                .choose_multiple(rng, like_count)
                .copied()
                .filter(|u| *u != author)
                .collect();
            let comments = (0..rng.gen_range(0..4))
                .map(|_| {
                    (
                        *residents.choose(rng).unwrap_or(&author),
                        texts::ENCOURAGEMENT_COMMENTS
                            .choose(rng)
                            .copied()
                            .unwrap_or("点赞")
                            .to_owned(),
                        rng.gen_range(5..500),
                    )
                })
                .collect();
            Thanks {
                id: EncouragementId::from_uuid(id_from(rng)),
                author,
                cadre,
                text: template.replacen("{}", &short, 1),
                at,
                likes: likers
                    .into_iter()
                    .map(|u| (u, rng.gen_range(1..400)))
                    .collect(),
                comments,
            }
        })
        .collect()
}

fn resident(user: UserId) -> Actor {
    Actor::User {
        user,
        role: Role::Resident,
    }
}

/// Writes one post and its likes and comments.
pub async fn play(demo: &Demo, thanks: &Thanks) -> Result<(), DemoError> {
    let stream = StreamName::Encouragement(thanks.id);
    let mut commands = vec![(
        "post".to_owned(),
        EncouragementCommand::Post(PostEncouragement {
            encouragement_id: thanks.id,
            cadre: thanks.cadre,
            text: thanks.text.clone(),
            media: vec![],
            by: resident(thanks.author),
            at: thanks.at,
        }),
    )];
    for (user, minutes) in &thanks.likes {
        commands.push((
            format!("like-{user}"),
            EncouragementCommand::Like(LikeEncouragement {
                by: resident(*user),
                at: thanks.at + TimeDelta::minutes(*minutes),
            }),
        ));
    }
    for (n, (user, text, minutes)) in thanks.comments.iter().enumerate() {
        commands.push((
            format!("comment-{n}"),
            EncouragementCommand::Comment(CommentOnEncouragement {
                text: text.clone(),
                by: resident(*user),
                at: thanks.at + TimeDelta::minutes(*minutes),
            }),
        ));
    }
    commands.sort_by_key(|(_, c)| c.at());
    for (step, command) in commands {
        if command.at() > demo.now {
            break;
        }
        let actor = *command.by();
        demo.engine
            .execute::<Encouragement>(
                stream,
                command,
                meta(&actor, &format!("{}:{step}", thanks.id)),
            )
            .await
            .map_err(|e| DemoError::Step {
                step: format!("{step} on {}", thanks.id),
                reason: e.to_string(),
            })?;
    }
    Ok(())
}
