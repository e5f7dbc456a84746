//! What residents write, what cadres answer: realistic phrases per category.

use linli_domain::complaint::Category;

/// Descriptions per category.
pub fn descriptions(category: Category) -> &'static [&'static str] {
    match category {
        Category::Theft => &[
            "楼下停的电动车昨晚被偷了，车锁也被剪断，希望调一下监控。",
            "快递放在门口不到一小时就不见了，这个月已经第二次了。",
            "菜地里的南瓜和丝瓜被人摘走，还踩坏了好几垄菜。",
            "车库里的自行车被偷，门锁有撬过的痕迹。",
        ],
        Category::SecurityHazard => &[
            "单元楼道里堆满了纸箱和旧家具，万一着火人都跑不出去。",
            "路边电线杆上的电线垂下来很低，小孩放学经常从这里走。",
            "河边的护栏断了一截，晚上没有灯，很危险。",
            "有人在楼道里给电动车充电，飞线从三楼拉下来。",
            "小区井盖松动，踩上去会翻，老人差点摔倒。",
        ],
        Category::LostItem => &[
            "在菜市场附近丢了一个黑色钱包，里面有身份证和医保卡。",
            "捡到一串钥匙，上面挂着红色平安结，放在驿站了。",
            "老人的助听器掉在公交站附近了，很着急。",
            "孩子的书包落在篮球场，里面有课本和作业。",
        ],
        Category::NeighbourConflict => &[
            "楼上每天晚上十一点以后还在拖椅子、跳绳，跟他们说了也没用。",
            "隔壁在公共过道上装了鞋柜，占了一半的路。",
            "邻居家的狗天天在楼下大小便不清理，说了还吵架。",
            "对门装修把垃圾堆在我家门口，沟通不了。",
        ],
        Category::Environment => &[
            "垃圾分类亭满了好几天没人清运，味道很大，苍蝇很多。",
            "河道里漂着很多白色垃圾，还有死鱼。",
            "附近工地晚上还在施工，噪音很大，影响休息。",
            "有人在田边焚烧秸秆和垃圾，烟很大。",
            "小区绿化带被人种上了菜，还浇粪水，很臭。",
        ],
        Category::Infrastructure => &[
            "路灯坏了一个多星期了，晚上整条路都是黑的。",
            "路面有一个大坑，下雨积水，电动车骑过去很容易摔。",
            "自来水这两天发黄，烧开了也有沉淀。",
            "下水道堵了，一下雨就倒灌到一楼。",
            "公交站的遮雨棚破了，下雨天老人没地方躲。",
        ],
        Category::Other => &[
            "想咨询一下老年人高龄补贴怎么申请，需要带哪些材料。",
            "村里的健身器材坏了好几个，能不能换新的。",
            "建议在菜市场门口加一个非机动车停车区。",
            "希望社区能组织一次防诈骗讲座，家里老人总接到奇怪的电话。",
        ],
    }
}

/// Cadre progress notes.
pub const NOTES: &[&str] = &[
    "已电话联系居民，下午到现场查看。",
    "已到现场核实，情况属实，正在协调相关单位。",
    "已联系物业和施工方，约定明天上午处理。",
    "调取了附近的监控，已移交派出所。",
    "材料已报街道城管中队，等待排期。",
    "和双方当事人分别沟通过，约了周末一起调解。",
];

/// Staff-only notes.
pub const INTERNAL_NOTES: &[&str] = &[
    "此户反映过多次，注意沟通方式。",
    "涉及两个网格交界，需与邻近网格员一起处理。",
    "需要街道层面协调经费。",
];

/// Resolutions.
pub const RESOLUTIONS: &[&str] = &[
    "已安排维修，现场已恢复正常，附整改后照片。",
    "已联系环卫公司清运完毕，并加密了清运频次。",
    "经调解双方达成一致，已签调解协议。",
    "已清理楼道堆积物，并张贴了消防安全提示。",
    "失物已归还失主，已当面确认。",
    "已移交派出所立案，并加装了监控探头。",
    "已向居民解释政策并协助提交申请材料。",
];

/// Reasons residents give when reopening.
pub const REOPEN_REASONS: &[&str] = &[
    "只修了一半，晚上路灯还是不亮。",
    "过了两天又堆满了，问题没有根本解决。",
    "对方没有按调解协议做，还是老样子。",
];

/// Reasons for withdrawing.
pub const WITHDRAW_REASONS: &[&str] = &[
    "已经自己找到了。",
    "跟邻居私下沟通好了。",
    "误报，不好意思。",
];

/// Rating tags, good and bad.
pub const GOOD_TAGS: &[&str] = &["响应快", "态度好", "处理专业", "耐心细致", "回访及时"];
/// Tags of a lukewarm rating.
pub const POOR_TAGS: &[&str] = &["处理慢", "沟通少", "只解决了一半"];

/// Rating comments.
pub const COMMENTS: &[&str] = &[
    "网格员当天就来了，非常感谢！",
    "处理得很及时，为社区点赞。",
    "问题解决了，就是等得有点久。",
    "态度很好，下次还找你们。",
];

/// Encouragement posts for cadres.
pub const ENCOURAGEMENTS: &[&str] = &[
    "感谢网格员小{}，大热天帮我们楼道清理杂物，辛苦了！",
    "{}书记半夜还在帮我们协调停水的事，真正为老百姓办事。",
    "给{}点赞！我妈走丢的时候是他第一个找到的。",
    "{}同志每周都来看望独居老人，邻居们都很感动。",
];

/// Comments under encouragements.
pub const ENCOURAGEMENT_COMMENTS: &[&str] = &[
    "说得对，我们楼也是他帮忙的。",
    "点赞！",
    "这样的干部多一些就好了。",
    "感谢社区！",
];
