//! The demo county as an import document, and the cast of people who live and work in it.

use chrono::NaiveDate;
use linli_domain::complaint::Category;
use linli_domain::directory::CadreRole;
use linli_domain::geo::Polygon;
use linli_domain::{JurisdictionCode, OpenId};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;

use super::people::{self, GIVEN, SURNAMES};
use super::places::{Township, COUNTY, GRID_NAMES, TOWNSHIPS};
use crate::directory::document::{CadreEntry, CalendarEntry, LimitsEntry, NodeEntry, RuleEntry};
use crate::directory::DirectoryDocument;

/// A `[west, south, east, north]` box in GCJ-02 degrees.
pub type BBox = [f64; 4];

/// A village as complaints see it: where it is and what it is called.
#[derive(Debug, Clone)]
pub struct VillagePlace {
    /// Its code.
    pub code: JurisdictionCode,
    /// Official name.
    pub name: &'static str,
    /// Its township's official name.
    pub township: &'static str,
    /// Streets and landmarks.
    pub streets: &'static [&'static str],
    /// Its grids.
    pub grids: Vec<GridPlace>,
}

/// A grid and its box.
#[derive(Debug, Clone)]
pub struct GridPlace {
    /// Its code.
    pub code: JurisdictionCode,
    /// Its box (also its polygon).
    pub bbox: BBox,
}

/// A person in the demo.
#[derive(Debug, Clone)]
pub struct Person {
    /// Their openid (fixed for the demo logins, generated for the rest).
    pub openid: OpenId,
    /// Their display name.
    pub name: String,
    /// Where they live (residents) or work (cadres), if anywhere.
    pub home: Option<JurisdictionCode>,
}

/// Everything the demo loads before its history.
#[derive(Debug, Clone)]
pub struct County {
    /// The import document: tree, postings, rules, limits, calendar, hours.
    pub document: DirectoryDocument,
    /// Villages with their grids, for generating complaints.
    pub villages: Vec<VillagePlace>,
    /// Residents; the first is the `demo-resident` login.
    pub residents: Vec<Person>,
    /// Cadres posted somewhere (their postings are in the document).
    pub cadres: Vec<Person>,
    /// Managers with their scope node; the first is the county manager.
    pub managers: Vec<Person>,
    /// The auditor.
    pub auditor: Person,
}

fn code(text: &str) -> JurisdictionCode {
    text.parse().expect("demo codes are valid")
}

fn openid(text: &str) -> OpenId {
    text.parse().expect("demo openids are valid")
}

fn rectangle(b: BBox) -> Polygon {
    let [w, s, e, n] = b;
    Polygon::new(vec![vec![[w, s], [e, s], [e, n], [w, n], [w, s]]]).expect("demo boxes are valid")
}

fn name(rng: &mut StdRng) -> String {
    format!(
        "{}{}",
        SURNAMES.choose(rng).unwrap_or(&"王"),
        GIVEN.choose(rng).unwrap_or(&"伟")
    )
}

/// Splits a township box into a 2×2 layout of village boxes.
fn village_box(t: &Township, index: usize) -> BBox {
    let [w, s, e, n] = t.bbox;
    let (mx, my) = ((w + e) / 2.0, (s + n) / 2.0);
    match index % 4 {
        0 => [w, my, mx, n],
        1 => [mx, my, e, n],
        2 => [w, s, mx, my],
        _ => [mx, s, e, my],
    }
}

/// Splits a village box into vertical strips, one per grid.
fn grid_box(village: BBox, index: u16, count: u16) -> BBox {
    let [w, s, e, n] = village;
    let step = (e - w) / f64::from(count);
    [
        w + step * f64::from(index),
        s,
        w + step * f64::from(index + 1),
        n,
    ]
}

/// Builds the county, deterministically from `rng`.
pub fn build(rng: &mut StdRng) -> County {
    let mut document = DirectoryDocument {
        working_hours: None,
        calendars: vec![calendar_2026()],
        time_limits: time_limits(),
        ..DirectoryDocument::default()
    };
    let county = code(COUNTY.0);
    document.nodes.push(NodeEntry {
        code: county,
        name: COUNTY.1.into(),
        parent: None,
        aliases: vec!["余杭".into()],
        polygon: None,
    });
    for category in Category::ALL {
        document.routing_rules.push(RuleEntry {
            node: county,
            category: Some(category),
            role: CadreRole::TownshipStaff,
        });
    }
    let mut cadres = Vec::new();
    let mut post = |document: &mut DirectoryDocument, person: Person, node, role| {
        document.cadres.push(CadreEntry {
            node,
            user: None,
            openid: Some(person.openid.clone()),
            role,
        });
        cadres.push(person);
    };
    for n in 1..=2 {
        let person = Person {
            openid: openid(&format!("demo-county-staff-{n}")),
            name: name(rng),
            home: Some(county),
        };
        post(&mut document, person, county, CadreRole::CountyStaff);
    }
    let mut managers = vec![Person {
        openid: openid(people::login("county manager")),
        name: name(rng),
        home: Some(county),
    }];
    let mut villages = Vec::new();
    for (t_index, township) in TOWNSHIPS.iter().enumerate() {
        let t_code = code(township.code);
        document.nodes.push(NodeEntry {
            code: t_code,
            name: township.name.into(),
            parent: Some(county),
            aliases: vec![township.alias.into()],
            polygon: Some(rectangle(township.bbox)),
        });
        managers.push(Person {
            openid: openid(&if t_index == 0 {
                people::login("township manager").to_owned()
            } else {
                format!("demo-manager-{}", township.code)
            }),
            name: name(rng),
            home: Some(t_code),
        });
        for n in 1..=2 {
            let person = Person {
                openid: openid(&format!("demo-township-staff-{}-{n}", township.code)),
                name: name(rng),
                home: Some(t_code),
            };
            post(&mut document, person, t_code, CadreRole::TownshipStaff);
        }
        for (v_index, village) in township.villages.iter().enumerate() {
            let v_code = code(&format!("{}{}", &township.code[..9], village.suffix));
            let v_box = village_box(township, v_index);
            document.nodes.push(NodeEntry {
                code: v_code,
                name: village.name.into(),
                parent: Some(t_code),
                aliases: vec![village.alias.into()],
                polygon: Some(rectangle(v_box)),
            });
            document.routing_rules.push(RuleEntry {
                node: v_code,
                category: None,
                role: CadreRole::VillageStaff,
            });
            let first = t_index == 0 && v_index == 0;
            let person = Person {
                openid: openid(&if first {
                    people::login("village cadre").to_owned()
                } else {
                    format!("demo-village-{v_code}")
                }),
                name: name(rng),
                home: Some(v_code),
            };
            post(&mut document, person, v_code, CadreRole::VillageStaff);
            let mut grids = Vec::new();
            for g in 0..village.grids {
                let g_code = v_code.with_grid(g + 1).expect("grid numbers are small");
                let g_box = grid_box(v_box, g, village.grids);
                document.nodes.push(NodeEntry {
                    code: g_code,
                    name: format!("{}{}", village.name, GRID_NAMES[usize::from(g)]),
                    parent: Some(v_code),
                    aliases: vec![],
                    polygon: Some(rectangle(g_box)),
                });
                // Things someone must go and look at are the grid worker's first.
                for category in [
                    Category::Environment,
                    Category::Infrastructure,
                    Category::SecurityHazard,
                    Category::LostItem,
                ] {
                    document.routing_rules.push(RuleEntry {
                        node: g_code,
                        category: Some(category),
                        role: CadreRole::GridWorker,
                    });
                }
                let person = Person {
                    openid: openid(&if first && g == 0 {
                        people::login("grid worker").to_owned()
                    } else {
                        format!(
                            "demo-grid-{}",
                            g_code.to_string().replace('-', "").to_lowercase()
                        )
                    }),
                    name: name(rng),
                    home: Some(g_code),
                };
                post(&mut document, person, g_code, CadreRole::GridWorker);
                grids.push(GridPlace {
                    code: g_code,
                    bbox: g_box,
                });
            }
            villages.push(VillagePlace {
                code: v_code,
                name: village.name,
                township: township.name,
                streets: village.streets,
                grids,
            });
        }
    }
    let residents = residents(rng, &villages);
    County {
        document,
        villages,
        residents,
        cadres,
        managers,
        auditor: Person {
            openid: openid(people::login("auditor")),
            name: name(rng),
            home: None,
        },
    }
}

/// 60 residents spread over the grids; the last few registered no home grid (their vague
/// complaints end up in triage).
fn residents(rng: &mut StdRng, villages: &[VillagePlace]) -> Vec<Person> {
    let grids: Vec<JurisdictionCode> = villages
        .iter()
        .flat_map(|v| v.grids.iter().map(|g| g.code))
        .collect();
    (0..60)
        .map(|i| Person {
            openid: openid(&if i == 0 {
                people::login("resident").to_owned()
            } else {
                format!("demo-resident-{i:03}")
            }),
            name: name(rng),
            home: (i < 54).then(|| grids[i % grids.len()]),
        })
        .collect()
}

/// Working minutes (a working day is 7 hours).
fn time_limits() -> Vec<LimitsEntry> {
    [
        (Category::Theft, 60, 1260),
        (Category::SecurityHazard, 60, 840),
        (Category::LostItem, 120, 2100),
        (Category::NeighbourConflict, 240, 4200),
        (Category::Environment, 120, 2100),
        (Category::Infrastructure, 240, 4200),
        (Category::Other, 480, 4200),
    ]
    .into_iter()
    .map(|(category, response, resolution)| LimitsEntry {
        category,
        response_minutes: response,
        resolution_minutes: resolution,
    })
    .collect()
}

fn days(spans: &[(u32, u32, u32)]) -> Vec<NaiveDate> {
    spans
        .iter()
        .flat_map(|&(month, from, to)| {
            (from..=to).filter_map(move |d| NaiveDate::from_ymd_opt(2026, month, d))
        })
        .collect()
}

/// The State Council's 2026 arrangement (国务院办公厅关于2026年部分节假日安排的通知).
pub fn calendar_2026() -> CalendarEntry {
    CalendarEntry {
        year: 2026,
        holidays: days(&[
            (1, 1, 3),   // 元旦
            (2, 15, 23), // 春节
            (4, 4, 6),   // 清明节
            (5, 1, 5),   // 劳动节
            (6, 19, 21), // 端午节
            (9, 25, 27), // 中秋节
            (10, 1, 7),  // 国庆节
        ]),
        makeup_workdays: days(&[
            (1, 4, 4),
            (2, 14, 14),
            (2, 28, 28),
            (5, 9, 9),
            (9, 20, 20),
            (10, 10, 10),
        ]),
    }
}

/// A random point well inside a box (never on its edge).
pub fn point_in(rng: &mut StdRng, b: BBox) -> (f64, f64) {
    let [w, s, e, n] = b;
    (
        w + (e - w) * rng.gen_range(0.1..0.9),
        s + (n - s) * rng.gen_range(0.1..0.9),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rand::SeedableRng;

    use super::*;
    use crate::directory::plan::{plan, Authority, Current};
    use crate::directory::Settings;

    fn county() -> County {
        build(&mut StdRng::seed_from_u64(7))
    }

    #[test]
    fn the_same_seed_builds_the_same_county() {
        let a = serde_json::to_string(&county().document).unwrap();
        let b = serde_json::to_string(&county().document).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn the_county_document_passes_the_domain_and_is_big_enough() {
        let county = county();
        let settings = Settings::default();
        let users = BTreeMap::new();
        let current = Current {
            settings: &settings,
            users: &users,
        };
        let planned = plan(
            &county.document,
            &current,
            Authority::System,
            chrono::Utc::now(),
        )
        .expect("the demo document is valid");
        assert_eq!(planned.unchanged, 0);
        assert!(county.villages.len() >= 12);
        assert!(county
            .villages
            .iter()
            .all(|v| (2..=3).contains(&v.grids.len())));
        assert!(county.residents.len() >= 60);
    }

    #[test]
    fn no_two_grids_overlap() {
        let grids: Vec<BBox> = county()
            .villages
            .iter()
            .flat_map(|v| v.grids.iter().map(|g| g.bbox))
            .collect();
        for (i, a) in grids.iter().enumerate() {
            for b in &grids[i + 1..] {
                let apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
    }
}
