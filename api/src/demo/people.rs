//! Names for demo people, and the fixed openids of the demo logins.

/// Common surnames, most frequent first (so the demo reads like a real roster).
pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "沈", "钱", "俞", "章", "姚", "潘",
];

/// Given names.
pub const GIVEN: &[&str] = &[
    "建国", "秀英", "桂英", "志强", "丽华", "海燕", "国平", "美娟", "伟", "芳", "敏", "静", "强",
    "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "春燕", "金花",
    "阿三", "小红", "文斌", "建华", "玉兰", "雪梅", "浩然", "子涵",
];

/// The demo logins, for `--dev-login`: (who, openid).
pub const LOGINS: &[(&str, &str)] = &[
    ("resident", "demo-resident"),
    ("grid worker", "demo-grid-worker"),
    ("village cadre", "demo-village-cadre"),
    ("township manager", "demo-township-manager"),
    ("county manager", "demo-county-manager"),
    ("service provider", "demo-provider"),
    ("auditor", "demo-auditor"),
];

/// The login openid for `who` (one of [`LOGINS`]).
pub fn login(who: &str) -> &'static str {
    LOGINS
        .iter()
        .find(|(w, _)| *w == who)
        .map_or("demo-resident", |(_, openid)| openid)
}
