//! The demo county: 余杭区 (Yuhang, Hangzhou) with four townships and their villages and
//! communities. Codes follow the statistical division scheme (330110 = 余杭区); the boxes
//! are GCJ-02 rectangles around the real places, split so no two polygons at one level
//! overlap, which keeps point routing unambiguous.

/// The county.
pub const COUNTY: (&str, &str) = ("330110000000", "余杭区");

/// A township (街道/镇) with its box and villages.
pub struct Township {
    /// 12-digit code.
    pub code: &'static str,
    /// Official name.
    pub name: &'static str,
    /// Short name used in addresses.
    pub alias: &'static str,
    /// `[west, south, east, north]` in GCJ-02 degrees.
    pub bbox: [f64; 4],
    /// Its villages and communities: (3-digit suffix, name, alias, streets for addresses).
    pub villages: &'static [Village],
}

/// A village (村) or community (社区).
pub struct Village {
    /// The last three digits of the 12-digit code.
    pub suffix: &'static str,
    /// Official name.
    pub name: &'static str,
    /// Short name residents use.
    pub alias: &'static str,
    /// Streets, lanes and landmarks for realistic addresses.
    pub streets: &'static [&'static str],
    /// How many grids (2 or 3).
    pub grids: u16,
}

/// The four townships.
pub const TOWNSHIPS: &[Township] = &[
    Township {
        code: "330110003000",
        name: "五常街道",
        alias: "五常",
        bbox: [120.050, 30.270, 120.090, 30.300],
        villages: &[
            Village {
                suffix: "001",
                name: "五常社区",
                alias: "五常",
                streets: &["五常大道", "荆长路", "五常港路"],
                grids: 3,
            },
            Village {
                suffix: "002",
                name: "友谊社区",
                alias: "友谊",
                streets: &["友谊路", "文一西路", "丰岭路"],
                grids: 2,
            },
            Village {
                suffix: "003",
                name: "洪园社区",
                alias: "洪园",
                streets: &["洪园路", "西溪北苑东区", "花坞路"],
                grids: 3,
            },
            Village {
                suffix: "004",
                name: "永福社区",
                alias: "永福",
                streets: &["永福路", "蒋村街", "联胜路"],
                grids: 2,
            },
        ],
    },
    Township {
        code: "330110005000",
        name: "仓前街道",
        alias: "仓前",
        bbox: [120.000, 30.280, 120.040, 30.310],
        villages: &[
            Village {
                suffix: "001",
                name: "仓前社区",
                alias: "仓前老街",
                streets: &["仓兴街", "余杭塘路", "章太炎故居旁"],
                grids: 3,
            },
            Village {
                suffix: "201",
                name: "灵源村",
                alias: "灵源",
                streets: &["灵源路", "良睦路", "灵源桥"],
                grids: 2,
            },
            Village {
                suffix: "202",
                name: "葛巷村",
                alias: "葛巷",
                streets: &["葛巷路", "海曙路", "龙潭路"],
                grids: 2,
            },
            Village {
                suffix: "203",
                name: "太炎村",
                alias: "太炎",
                streets: &["太炎路", "仓前塘路", "高桥"],
                grids: 3,
            },
        ],
    },
    Township {
        code: "330110006000",
        name: "闲林街道",
        alias: "闲林",
        bbox: [119.980, 30.230, 120.030, 30.270],
        villages: &[
            Village {
                suffix: "001",
                name: "闲林社区",
                alias: "闲林老街",
                streets: &["闲林街", "闲兴路", "和睦桥"],
                grids: 3,
            },
            Village {
                suffix: "002",
                name: "嘉企社区",
                alias: "嘉企",
                streets: &["嘉企路", "留和路", "闲富南路"],
                grids: 2,
            },
            Village {
                suffix: "201",
                name: "西山村",
                alias: "西山",
                streets: &["西山路", "方家山", "西山水库边"],
                grids: 2,
            },
            Village {
                suffix: "202",
                name: "东穆坞村",
                alias: "东穆坞",
                streets: &["东穆坞路", "里项", "竹林口"],
                grids: 2,
            },
        ],
    },
    Township {
        code: "330110105000",
        name: "径山镇",
        alias: "径山",
        bbox: [119.850, 30.360, 119.920, 30.420],
        villages: &[
            Village {
                suffix: "201",
                name: "径山村",
                alias: "径山寺下",
                streets: &["径山寺路", "双溪路", "茶园路"],
                grids: 3,
            },
            Village {
                suffix: "202",
                name: "小古城村",
                alias: "小古城",
                streets: &["古城路", "北苕溪堤", "城墙遗址"],
                grids: 3,
            },
            Village {
                suffix: "203",
                name: "四岭村",
                alias: "四岭",
                streets: &["四岭水库路", "岭下", "竹海入口"],
                grids: 2,
            },
            Village {
                suffix: "204",
                name: "前溪村",
                alias: "前溪",
                streets: &["前溪路", "溪口桥", "前溪埠头"],
                grids: 2,
            },
        ],
    },
];

/// Grid names within a village.
pub const GRID_NAMES: [&str; 3] = ["第一网格", "第二网格", "第三网格"];

/// Landmarks for address text.
pub const LANDMARKS: &[&str] = &[
    "菜市场门口",
    "公交站旁",
    "小区东门",
    "文化礼堂前",
    "幼儿园对面",
    "卫生服务站边上",
    "垃圾分类亭",
    "篮球场",
    "桥头",
    "停车场",
    "快递驿站门口",
    "老年活动中心",
];

/// A place that is not in the directory: complaints naming it go to triage.
pub const UNKNOWN_PLACES: &[&str] = &[
    "临平区南苑街道某小区",
    "西湖区转塘那边",
    "一个记不清名字的工地旁",
    "高速出口附近",
];
