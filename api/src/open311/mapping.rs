//! How linli's complaints read as Open311 services and service requests.
//!
//! * Each complaint category is a service; its `service_code` is the category's stable
//!   snake_case name (`theft`, `security_hazard`, …), so codes never change with wording.
//! * Every status maps to `open` or `closed`; `status_notes` says which linli status it is,
//!   because `closed` covers resolved, confirmed, withdrawn and merged.

use linli_domain::complaint::{Category, ComplaintStatus};

/// One Open311 service: a complaint category.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// The category behind it.
    pub category: Category,
    /// `service_code`.
    pub code: &'static str,
    /// `service_name`: Chinese first, for the residents, then English.
    pub name: &'static str,
    /// `description`.
    pub description: &'static str,
    /// `group`.
    pub group: &'static str,
    /// `keywords`, comma separated.
    pub keywords: &'static str,
}

/// Every service, in category order.
pub const SERVICES: [Service; 7] = [
    Service {
        category: Category::Theft,
        code: "theft",
        name: "盗窃 Theft",
        description: "Something was stolen.",
        group: "public safety",
        keywords: "盗窃, theft, stolen",
    },
    Service {
        category: Category::SecurityHazard,
        code: "security_hazard",
        name: "安全隐患 Security hazard",
        description: "A danger that has not hurt anyone yet: a loose cable, a broken railing.",
        group: "public safety",
        keywords: "安全隐患, hazard, danger",
    },
    Service {
        category: Category::LostItem,
        code: "lost_item",
        name: "失物 Lost item",
        description: "Something was lost or found.",
        group: "public safety",
        keywords: "失物, lost, found",
    },
    Service {
        category: Category::NeighbourConflict,
        code: "neighbour_conflict",
        name: "邻里纠纷 Neighbour conflict",
        description: "A dispute between neighbours.",
        group: "community",
        keywords: "邻里纠纷, dispute, neighbour",
    },
    Service {
        category: Category::Environment,
        code: "environment",
        name: "环境 Environment",
        description: "Rubbish, noise, pollution.",
        group: "environment",
        keywords: "环境, rubbish, noise, pollution",
    },
    Service {
        category: Category::Infrastructure,
        code: "infrastructure",
        name: "基础设施 Infrastructure",
        description: "Roads, street lights, water, drains.",
        group: "infrastructure",
        keywords: "基础设施, road, street light, water, drain",
    },
    Service {
        category: Category::Other,
        code: "other",
        name: "其他 Other",
        description: "Anything else.",
        group: "other",
        keywords: "其他, other",
    },
];

/// The service with this code.
pub fn service(code: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.code == code)
}

/// The service of a category.
pub fn service_of(category: Category) -> &'static Service {
    SERVICES
        .iter()
        .find(|s| s.category == category)
        .unwrap_or(&SERVICES[SERVICES.len() - 1])
}

/// Whether a status reads as Open311 `open` (still being handled) or `closed`.
pub fn is_open(status: ComplaintStatus) -> bool {
    matches!(
        status,
        ComplaintStatus::Filed
            | ComplaintStatus::Triage
            | ComplaintStatus::Assigned
            | ComplaintStatus::InProgress
    )
}

/// `open` or `closed`.
pub fn open311_status(status: ComplaintStatus) -> &'static str {
    if is_open(status) {
        "open"
    } else {
        "closed"
    }
}

/// `status_notes`: the linli status in words.
pub fn status_notes(status: ComplaintStatus) -> &'static str {
    match status {
        ComplaintStatus::Filed => "filed: received, being routed",
        ComplaintStatus::Triage => "triage: waiting in the township's triage queue for a cadre",
        ComplaintStatus::Assigned => "assigned: a cadre is responsible and will respond",
        ComplaintStatus::InProgress => "in_progress: the responsible cadre is working on it",
        ComplaintStatus::Resolved => {
            "resolved: the cadre resolved it; the resident may still confirm or reopen"
        }
        ComplaintStatus::Closed => "closed: the resident confirmed the resolution",
        ComplaintStatus::Withdrawn => "withdrawn: the resident withdrew it",
        ComplaintStatus::Merged => "merged: a duplicate of another request",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_is_a_service_with_its_serde_name() {
        for category in Category::ALL {
            let service = service_of(category);
            assert_eq!(service.category, category);
            let json = serde_json::to_value(category).unwrap();
            assert_eq!(json, service.code);
            assert_eq!(super::service(service.code).unwrap().category, category);
        }
    }

    #[test]
    fn only_unfinished_work_is_open() {
        assert_eq!(open311_status(ComplaintStatus::Triage), "open");
        assert_eq!(open311_status(ComplaintStatus::InProgress), "open");
        assert_eq!(open311_status(ComplaintStatus::Resolved), "closed");
        assert_eq!(open311_status(ComplaintStatus::Merged), "closed");
    }
}
