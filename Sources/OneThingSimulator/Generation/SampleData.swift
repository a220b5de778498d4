/// Plausible Guangxi values for generated forms. Only shapes matter to the hub; the
/// words make the demo's output and the stores readable.
enum SampleData {
    /// GB/T 2260 county-level division codes in Guangxi.
    static let regions = ["450102", "450103", "450105", "450107", "450108", "450202", "450203", "450302",
                          "450305", "450403", "450502", "450602", "450702", "450802", "450902", "451002"]
    static let surnames = ["韦", "黄", "李", "覃", "陆", "莫", "梁", "蒙", "农", "蓝", "潘", "陈", "刘", "廖", "卢"]
    static let maleGiven = ["明", "建国", "志强", "永福", "海", "德华", "国平", "春生", "光荣", "进"]
    static let femaleGiven = ["秀英", "桂兰", "丽", "美玲", "玉梅", "春燕", "凤", "小红", "月娥", "静"]
    static let streets = ["南宁市青秀区民族大道", "南宁市兴宁区朝阳路", "柳州市城中区五星街", "桂林市秀峰区中山中路",
                          "梧州市万秀区大东路", "北海市海城区北部湾中路", "玉林市玉州区人民中路", "百色市右江区向阳路"]
    static let employers = ["广西某机械有限公司", "柳州某汽车零部件有限公司", "桂林某电子科技有限公司",
                            "南宁某建筑工程有限公司", "北海某港务有限公司", "广西某糖业集团有限公司",
                            "梧州某中学", "玉林某人民医院", "百色某矿业有限公司"]
    static let formerEmployers = ["南宁市第二机械厂", "柳州钢铁厂", "桂林橡胶厂", "梧州松脂厂", "南宁糖厂", "合山矿务局"]
    static let banks = ["中国工商银行南宁分行", "中国农业银行柳州分行", "中国建设银行桂林分行", "中国银行北海分行",
                        "广西农村信用社", "桂林银行"]
    static let specialWorkTypes = ["井下作业", "高温作业", "高空作业", "繁重体力劳动", "有毒有害作业"]
    static let relations = ["子女", "配偶", "兄弟姐妹", "社区工作人员"]
}
