//! OpenAPI schemas (feature `openapi`) for the domain's value types that serialize as
//! strings or small objects. They are written by hand because a derive would describe the
//! Rust layout (a `u64` plus an optional grid for a jurisdiction code), not the JSON.
//! Enums derive `ToSchema` next to their definitions, which follows their serde names.

use std::borrow::Cow;

use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::geo::{GeoPoint, Polygon};
use crate::ids::{ComplaintId, EncouragementId, JurisdictionCode, MediaId, OpenId, UserId};

/// The pattern of a jurisdiction code: 12 digits, and `-G001`…`-G999` for a grid.
pub const JURISDICTION_CODE_PATTERN: &str = "^[1-9][0-9]{11}(-G[0-9]{3})?$";

/// The pattern of a media id: a content hash as 64 lowercase hex characters.
pub const MEDIA_ID_PATTERN: &str = "^[0-9a-f]{64}$";

fn uuid_schema(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
        .description(Some(description))
        .into()
}

/// Implements the two schema traits for a type with a fixed schema and name.
macro_rules! schema {
    ($ty:ty, $name:literal, $body:expr) => {
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                $body
            }
        }

        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

schema!(
    UserId,
    "UserId",
    uuid_schema("A user (resident, cadre, manager, …).")
);
schema!(
    ComplaintId,
    "ComplaintId",
    uuid_schema("A complaint (诉求).")
);
schema!(
    EncouragementId,
    "EncouragementId",
    uuid_schema("An encouragement (点赞鼓励).")
);
schema!(
    crate::ids::AnnouncementId,
    "AnnouncementId",
    uuid_schema("An announcement (公告).")
);
schema!(
    crate::ids::GuideId,
    "GuideId",
    uuid_schema("A handling guide (办事指南): an application type.")
);
schema!(
    crate::ids::ApplicationId,
    "ApplicationId",
    uuid_schema("An online application (网上办事).")
);
schema!(
    crate::ids::ErrandId,
    "ErrandId",
    uuid_schema("An errand (委托代办).")
);
schema!(
    crate::ids::FeedbackId,
    "FeedbackId",
    uuid_schema("A piece of feedback (意见反馈).")
);
schema!(
    crate::ids::ProviderId,
    "ProviderId",
    uuid_schema("A service provider (服务商); the same uuid as its owner's account.")
);
schema!(
    crate::ids::ServiceId,
    "ServiceId",
    uuid_schema("A service listing.")
);
schema!(
    crate::ids::SlotId,
    "SlotId",
    uuid_schema("A bookable time slot of a service.")
);
schema!(
    crate::ids::OrderId,
    "OrderId",
    uuid_schema("A service order (服务订单).")
);

schema!(
    JurisdictionCode,
    "JurisdictionCode",
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(JURISDICTION_CODE_PATTERN))
        .description(Some(
            "12-digit statistical division code, with -G001…-G999 for a grid inside a village.",
        ))
        .examples([
            serde_json::json!("330106004001"),
            serde_json::json!("330106004001-G001")
        ])
        .into()
);

schema!(
    MediaId,
    "MediaId",
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(MEDIA_ID_PATTERN))
        .min_length(Some(64))
        .max_length(Some(64))
        .description(Some("An uploaded file, named by its content hash (hex)."))
        .into()
);

schema!(
    OpenId,
    "OpenId",
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(OpenId::MAX_LEN))
        .pattern(Some("^[A-Za-z0-9_-]+$"))
        .description(Some("A WeChat openid."))
        .into()
);

fn degrees(min: f64, max: f64, description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Number)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Double)))
        .minimum(Some(min))
        .maximum(Some(max))
        .description(Some(description))
}

schema!(
    GeoPoint,
    "GeoPoint",
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("lon", degrees(-180.0, 180.0, "Longitude, GCJ-02 degrees."))
        .property("lat", degrees(-90.0, 90.0, "Latitude, GCJ-02 degrees."))
        .required("lon")
        .required("lat")
        .description(Some("A point in GCJ-02 degrees."))
        .into()
);

schema!(
    Polygon,
    "Polygon",
    ArrayBuilder::new()
        .items(
            ArrayBuilder::new().min_items(Some(4)).items(
                ArrayBuilder::new()
                    .items(ObjectBuilder::new().schema_type(Type::Number))
                    .min_items(Some(2))
                    .max_items(Some(2)),
            ),
        )
        .min_items(Some(1))
        .description(Some(
            "Rings of [lon, lat] pairs (GCJ-02): the outer ring first, then holes; each ring closed.",
        ))
        .into()
);

fn clock_time(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some("^([01][0-9]|2[0-4]):[0-5][0-9]$"))
        .description(Some(description))
}

schema!(
    crate::calendar::WorkingHours,
    "WorkingHours",
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property("start", clock_time("When work starts, HH:MM (China time)."))
                .property("end", clock_time("When work stops (exclusive), HH:MM."))
                .required("start")
                .required("end"),
        )
        .min_items(Some(1))
        .description(Some(
            "The working hours of a working day: ascending, non-overlapping intervals.",
        ))
        .into()
);

schema!(
    crate::user::PhoneNumber,
    "PhoneNumber",
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some("^\\+?[0-9-]{5,20}$"))
        .min_length(Some(5))
        .max_length(Some(20))
        .description(Some(
            "Personal data: a mobile, landline (0571-87654321) or +86… number.",
        ))
        .into()
);
