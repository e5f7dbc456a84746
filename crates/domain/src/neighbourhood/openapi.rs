//! OpenAPI schemas for the neighbourhood ids (plain UUID strings), written by hand like the
//! other ids in `crate::openapi`.

use std::borrow::Cow;

use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::ids::{ActivityId, HelpRequestId, IdeaId, ListingId, PostId};

macro_rules! uuid_schema {
    ($ty:ty, $name:literal, $description:literal) => {
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                    .description(Some($description))
                    .into()
            }
        }

        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

uuid_schema!(PostId, "PostId", "A neighbourhood forum post.");
uuid_schema!(ActivityId, "ActivityId", "A community event (社区活动).");
uuid_schema!(ListingId, "ListingId", "A second-hand listing.");
uuid_schema!(HelpRequestId, "HelpRequestId", "A mutual-help request.");
uuid_schema!(
    IdeaId,
    "IdeaId",
    "A resident's proposed solution (群众点子)."
);
