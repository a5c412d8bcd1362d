"""Default content of the on-site management standards handbook (《现场管理标准化手册》).

Plain data, no Django: a loader (``hallkeeper.standards.defaults``) turns it into a handbook version.

- ``CLAUSES``: the GB/T 36112-2018 clauses (headings only) that rules map to.
- ``HANDBOOK``: 4 parts → sections → rules. A rule's ``key`` is a stable slug that survives revisions;
  ``code`` is the display number. ``points`` is what the rule is worth on the 100-point sheet (分值) and
  ``deduction`` what one occurrence costs, both as decimal strings; a failed rule loses at most its points.
  Calibrated: a minor rule is worth 2 (1 an occurrence), a major rule 4 (2 an occurrence; 5 and 2.5 for the
  few that weigh most: seals, case files, aisles, fire equipment, forbidden phrases, rectification,
  complaints), a veto rule 8, lost at the first occurrence. ``area_kinds`` / ``position_kinds``
  empty means "any". Severity ``veto`` fails the check whatever the score.
- ``QUANTITY_STANDARDS``: the standard quantity table (Annex B style), item × position kind.
- ``LAYOUTS``: layout standards (定置图) in millimetres, origin at the top-left corner of the surface,
  the bottom edge facing the person using it; slots lie inside the surface and do not overlap.

The wording is original to Hallkeeper; it follows the clause structure of GB/T 36112-2018 but does not
reproduce its text. Halls adapt it through handbook revisions.
"""

CLAUSES: list[dict] = [
    {"code": "4", "title": "管理主体和职责"},
    {"code": "5", "title": "人员服务管理"},
    {"code": "5.1", "title": "仪容仪表"},
    {"code": "5.2", "title": "举止行为"},
    {"code": "5.3", "title": "服务用语"},
    {"code": "6", "title": "空间管理"},
    {"code": "6.1", "title": "划分要求"},
    {"code": "6.2", "title": "管理要求"},
    {"code": "7", "title": "秩序管理"},
    {"code": "7.1", "title": "管理内容"},
    {"code": "7.2", "title": "管理要求"},
    {"code": "8", "title": "物品管理"},
    {"code": "8.1", "title": "管理内容"},
    {"code": "8.2", "title": "管理要求"},
    {"code": "9", "title": "设施设备管理"},
    {"code": "9.1", "title": "管理内容"},
    {"code": "9.2", "title": "管理要求"},
    {"code": "10", "title": "文档管理"},
    {"code": "10.1", "title": "管理内容"},
    {"code": "10.2", "title": "管理要求"},
    {"code": "11", "title": "监督考核"},
    {"code": "A", "title": "附录A 空间平面示意图"},
    {"code": "B", "title": "附录B 办公物品存放数量表"},
]

HANDBOOK: dict = {
    "title": "政务服务大厅现场管理标准化手册",
    "preface": (
        "为规范政务服务大厅的现场管理，使大厅环境整洁、秩序井然、管理精细、服务高效，"
        "依据GB/T 36112-2018《政务服务中心服务现场管理规范》，结合本大厅的布局和业务实际，编制本手册。\n\n"
        "本手册适用于大厅内各科室窗口、派驻单位窗口，以及咨询引导、自助服务、帮办代办、"
        "综合办公等区域的全体工作人员，也适用于承担保洁、安保和设备维护的物业服务人员。进驻大厅的银行、司法、"
        "创业就业等服务机构参照执行。\n\n"
        "手册分为四个部分：物品定置与文档管理，空间区域与秩序管理，设施设备与标识标牌管理，人员行为、"
        "岗位职责与监督考核。每条细则写明具体要求、检查方法、扣分标准和对应的国家标准条款，"
        "并配有标准样例和错误示例。手册所附的窗口办公桌面、窗口台面、抽屉和文件柜层板定置图以及办公物品存放数量表，"
        "对应国家标准附录A、附录B的做法，各大厅可结合实际调整后使用。\n\n"
        "使用方法：窗口工作人员对照标准样例，每天开门前和下班前整理本岗位；责任区责任人每天组织本区自查，"
        "发现问题立行立改；督查考核人员按检查方法逐条检查，问题拍照留存并注明细则编号，下发整改通知后跟踪复查，"
        "直至问题关闭。\n\n"
        "计分原则：每次检查按百分制评分，每条细则有其分值，本次检查适用的细则分值合计折算为100分，"
        "不适用的细则不计入；按细则规定的扣分标准逐处（逐件、逐人次）扣分，同一细则的扣分以该细则分值为限，"
        "扣完为止、不计负分。标为否决项的细则一经查实，无论得分多少，该次检查均判定为不合格。复查仍不合格的问题加倍扣分。检查结果纳入月度排名和年度考核。"
    ),
    "parts": [
        {
            "code": "1",
            "title": "物品定置与文档管理",
            "intro": (
                "本部分对应GB/T 36112-2018第8章物品管理、第10章文档管理和附录B，规定窗口台面、办公桌面、抽屉、"
                "柜体、便民物品和文件资料放在哪里、放多少、怎样标识。总的要求是：每件物品有固定位置，"
                "每个位置有名称标识，数量不超过存放数量表，做到图物相符、取用顺手、一眼可查。"
            ),
            "sections": [
                {
                    "code": "1.1",
                    "title": "窗口台面",
                    "rules": [
                        {
                            "key": "counter-whitelist",
                            "code": "1.1.1",
                            "title": "台面物品白名单",
                            "requirement": (
                                "窗口台面只允许摆放评价器、暂停服务牌、便民笔、老花镜、岗位牌和告知单架六类物品，"
                                "并放在台面定置图标明的位置。除此之外的任何物品，包括办件材料、水杯和手机，"
                                "都不得放上台面。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["counter"],
                            "clauses": ["8.2", "B"],
                            "example": (
                                "台面按定置图依次摆放暂停服务牌、便民笔与老花镜、告知单架、岗位牌和评价器，"
                                "台面干净，没有其他物品。"
                            ),
                            "counter_example": (
                                "台面上放着手机、保温杯和一摞尚未录入的申请材料，评价器被材料挡住了一半。"
                            ),
                        },
                        {
                            "key": "counter-forms-rack",
                            "code": "1.1.2",
                            "title": "告知单统一插放",
                            "requirement": (
                                "一次性告知单、办事指南等纸质资料统一插入告知单架，按事项分格放置，格口标签朝外；"
                                "资料平整无卷角，每格存放量不超过格深的三分之二，不得在台面上散放或相互叠压。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["counter"],
                            "clauses": ["8.2"],
                            "example": "告知单架分为四格，每格贴有事项名称，资料整齐竖插，群众伸手即可取用。",
                            "counter_example": "告知单直接平摊在台面上，几种资料相互叠压，边角卷起并沾有水渍。",
                        },
                        {
                            "key": "counter-no-clutter",
                            "code": "1.1.3",
                            "title": "台面隔断无私贴私摆",
                            "requirement": (
                                "台面、窗口玻璃隔断和显示器边框上不得张贴便利贴、手写纸条和胶带，不得摆放绿植、"
                                "鱼缸、摆件和照片。确需向群众提示的内容，由中心统一制作标识后张贴。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["counter"],
                            "clauses": ["8.2"],
                            "example": "玻璃隔断上只有中心统一制作的窗口号和事项牌，边框干净，没有任何手写纸条。",
                            "counter_example": "隔断玻璃上贴满便利贴和手写的“材料请复印两份”，台角还摆着一盆绿萝。",
                        },
                        {
                            "key": "counter-pause-sign",
                            "code": "1.1.4",
                            "title": "暂停服务牌定位",
                            "requirement": (
                                "工作人员在岗时，暂停服务牌放在台面定置框内，牌面朝内；"
                                "离开座位时将牌面翻转朝向群众并注明预计返回时间，回到座位后立即放回原位。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["counter"],
                            "clauses": ["8.2"],
                            "example": "在岗时暂停服务牌平放在台面左侧定位框内；离座时牌面立起朝外，写有“10:30返回”。",
                            "counter_example": (
                                "暂停服务牌被压在告知单架后面，工作人员离座时找不到，窗口空着且无任何提示。"
                            ),
                        },
                    ],
                },
                {
                    "code": "1.2",
                    "title": "办公桌面",
                    "rules": [
                        {
                            "key": "desk-layout",
                            "code": "1.2.1",
                            "title": "桌面布局符合定置图",
                            "requirement": (
                                "办公桌面物品按《窗口办公桌面定置图》摆放。检查时从桌面正上方拍照并与定置图比对，"
                                "物品缺位、错位或出现定置图以外的物品，每处计一次。"
                            ),
                            "check_method": "photo",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["desk"],
                            "clauses": ["8.2", "B"],
                            "example": (
                                "俯拍照片与定置图一致：资料架在左后，显示器居中，电话和笔筒在右后，高拍仪在右前，"
                                "键盘和鼠标在正前方。"
                            ),
                            "counter_example": "高拍仪被挪到显示器左侧，原位置堆着两本台账，桌面还多出一盏私人台灯。",
                        },
                        {
                            "key": "desk-position-marks",
                            "code": "1.2.2",
                            "title": "物品不出定位线",
                            "requirement": (
                                "贴有定位线或定位角的物品必须整体落在定位范围内，不得压线、越线，"
                                "也不得把定位框挪作他用。定位标识翘边、破损或褪色的，窗口应在三个工作日内报请更换。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["desk", "counter"],
                            "clauses": ["8.2"],
                            "example": "电话、笔筒、水杯各自位于黄色定位角之内，四角标识完整清晰。",
                            "counter_example": "电话一半压在定位线上，电话的定位框内却放着一叠便签纸，定位角翘起一边。",
                        },
                        {
                            "key": "desk-quantity",
                            "code": "1.2.3",
                            "title": "物品数量符合数量表",
                            "requirement": (
                                "台面、桌面和抽屉内各类物品的数量不得超过《办公物品存放数量表》的规定，"
                                "多出的物品收入储物柜或退回库房。清点时每超出一件计一次。"
                            ),
                            "check_method": "count",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["desk", "counter", "drawer"],
                            "clauses": ["8.2", "B"],
                            "example": "文件夹两个、抽屉内便签两本、备用签字笔三支，与数量表完全一致。",
                            "counter_example": "笔筒里插着十几支笔，抽屉里塞了五本便签和三个订书机。",
                        },
                        {
                            "key": "desk-monitor-align",
                            "code": "1.2.4",
                            "title": "显示器与键盘对齐",
                            "requirement": (
                                "显示器放在桌面中线上，屏幕与桌沿平行；键盘位于显示器正前方且中线对齐，"
                                "鼠标放在键盘右侧（习惯用左手的可对称调整）。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["desk"],
                            "clauses": ["8.2"],
                            "example": "显示器与键盘在同一条中线上，鼠标紧挨键盘右侧，整体横平竖直。",
                            "counter_example": "显示器斜向一边，键盘被推到桌角，鼠标压在申请材料上。",
                        },
                        {
                            "key": "desk-cup-spot",
                            "code": "1.2.5",
                            "title": "水杯定点放置",
                            "requirement": (
                                "每人只可在桌面放一个带盖水杯，且只能放在定置图标出的水杯定位点，远离键盘、"
                                "主机和办件材料；窗口台面上一律不放水杯。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["desk"],
                            "clauses": ["8.2"],
                            "example": "带盖水杯放在桌面左前方的圆形定位点内，与材料保持一拳以上的距离。",
                            "counter_example": "无盖茶杯放在键盘旁边，另有一瓶饮料摆在窗口台面上。",
                        },
                    ],
                },
                {
                    "code": "1.3",
                    "title": "抽屉与印章",
                    "rules": [
                        {
                            "key": "drawer-layout",
                            "code": "1.3.1",
                            "title": "抽屉分格定置",
                            "requirement": (
                                "办公抽屉用统一的整理盒和隔板分格，按《抽屉定置图》放置印章、印泥、计算器、订书机、"
                                "回形针、便签和备用签字笔，每格贴物品名称标签。"
                                "抽屉内不得存放食品和与工作无关的物品。"
                            ),
                            "check_method": "spot",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["drawer"],
                            "clauses": ["8.2", "B"],
                            "example": "拉开抽屉，各格物品与标签一一对应，整理盒内没有杂物，伸手就能取到。",
                            "counter_example": "抽屉里文具、零食、充电线和旧表格混在一起，找一枚回形针要翻半天。",
                        },
                        {
                            "key": "seal-locked",
                            "code": "1.3.2",
                            "title": "印章定位加锁",
                            "requirement": (
                                "印章存放在带锁的印章盒内，置于抽屉的印章定位格，用完立即归位。工作人员离开座位时，"
                                "印章盒或抽屉必须上锁，钥匙由保管人随身携带，不得留在锁孔上。"
                            ),
                            "check_method": "look",
                            "points": "5",
                            "deduction": "2.5",
                            "severity": "major",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["drawer"],
                            "clauses": ["8.2", "10.2"],
                            "example": "印章盒放在抽屉左上格，盒盖已锁，钥匙系在保管人的工作牌挂绳上。",
                            "counter_example": "工作人员离座，印章和印泥留在桌面上，抽屉敞开，钥匙插在锁孔里。",
                        },
                        {
                            "key": "seal-register",
                            "code": "1.3.3",
                            "title": "印章专人保管与登记",
                            "requirement": (
                                "每枚印章指定专人保管，交接、停用和外借均在印章登记簿上记录日期、事由和经手人。"
                                "印章遗失或损坏的，当天报告中心并登记处理情况。"
                            ),
                            "check_method": "ledger",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": [],
                            "clauses": ["10.2", "8.2"],
                            "example": "印章登记簿记录完整，最近一次交接有交接双方签字和日期。",
                            "counter_example": "窗口人员轮换时印章直接转手，登记簿的最后一条记录停留在半年以前。",
                        },
                    ],
                },
                {
                    "code": "1.4",
                    "title": "柜体与个人物品",
                    "rules": [
                        {
                            "key": "locker-personal-items",
                            "code": "1.4.1",
                            "title": "个人物品入柜",
                            "requirement": (
                                "包、外套、雨伞、充电器、食品等个人物品一律存放在个人储物柜内，不得放在桌面、台面、"
                                "桌下地面、窗台或椅背上。手机调至静音后放入抽屉或储物柜。每件计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [
                                "window_service",
                                "coaching",
                                "intake",
                                "issuing",
                                "assisted",
                                "guidance",
                                "office",
                            ],
                            "position_kinds": ["locker"],
                            "clauses": ["8.1", "8.2"],
                            "example": "工作区域内看不到个人物品，外套和背包放在储物柜内，柜门关闭。",
                            "counter_example": "椅背上搭着外套，桌下放着背包和外卖袋，手机立在显示器前。",
                        },
                        {
                            "key": "locker-label",
                            "code": "1.4.2",
                            "title": "储物柜标识",
                            "requirement": (
                                "储物柜门外侧贴统一格式的标识卡，写明柜号、使用人和存放物品类别；"
                                "柜内物品与标识相符，不得存放现金等贵重物品和易燃易爆物品。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [
                                "window_service",
                                "coaching",
                                "intake",
                                "issuing",
                                "assisted",
                                "guidance",
                                "office",
                            ],
                            "position_kinds": ["locker"],
                            "clauses": ["8.2", "B"],
                            "example": "柜门标识卡写明“12号柜　使用人：张某　存放：个人衣物、背包”，柜内物品与之相符。",
                            "counter_example": "储物柜没有标识，柜门半开，里面堆着过期宣传册和一箱饮料。",
                        },
                        {
                            "key": "cabinet-shelf-layout",
                            "code": "1.4.3",
                            "title": "文件柜分层定置",
                            "requirement": (
                                "文件柜每层搁板按《文件柜层板定置图》摆放文件盒：同类文件盒相邻，盒脊朝外、"
                                "高度一致、排成一行，搁板前沿贴层位标签。"
                            ),
                            "check_method": "photo",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [
                                "window_service",
                                "coaching",
                                "intake",
                                "issuing",
                                "assisted",
                                "guidance",
                                "office",
                            ],
                            "position_kinds": ["cabinet"],
                            "clauses": ["8.2", "10.2", "B"],
                            "example": (
                                "第二层搁板自左向右依次为办件资料盒、制度文件盒、台账记录盒、"
                                "样表告知单盒和政策法规资料盒，层位标签贴在搁板前沿。"
                            ),
                            "counter_example": "文件盒横七竖八，有的平放有的倒置，盒子之间塞着散页文件。",
                        },
                        {
                            "key": "cabinet-top-clear",
                            "code": "1.4.4",
                            "title": "柜顶窗台无杂物",
                            "requirement": (
                                "文件柜和储物柜顶部，以及窗台、暖气罩上不得堆放纸箱、资料、绿植等物品；"
                                "柜门和抽屉取放物品后随手关闭，营业时间内不得敞开。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": ["cabinet", "locker"],
                            "clauses": ["8.2"],
                            "example": "柜顶和窗台上空无一物，柜门全部关闭，整体视线通透。",
                            "counter_example": "柜顶堆着纸箱和旧展板，窗台上摆着几盆花和一摞旧报纸，柜门大开。",
                        },
                    ],
                },
                {
                    "code": "1.5",
                    "title": "便民与公共物品",
                    "rules": [
                        {
                            "key": "convenience-kit",
                            "code": "1.5.1",
                            "title": "便民物品配置齐全",
                            "requirement": (
                                "咨询引导台按清单配置便民笔、老花镜、放大镜、雨伞、急救药箱、手机充电设备和针线包，"
                                "清单张贴在台侧，让群众知道有哪些物品、怎样借用。每缺一项计一次。"
                            ),
                            "check_method": "count",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["guidance", "waiting"],
                            "position_kinds": [],
                            "clauses": ["8.1"],
                            "example": "咨询台侧面贴有便民物品清单，七类物品齐全，按清单顺序放在台下的定位格内。",
                            "counter_example": "清单上列着雨伞和充电器，现场却找不到，急救药箱是空的。",
                        },
                        {
                            "key": "convenience-replenish",
                            "code": "1.5.2",
                            "title": "便民物品补充与借用登记",
                            "requirement": (
                                "便民物品由咨询引导台责任人每天开门前检查，消耗或损坏的当天补齐；雨伞、"
                                "充电宝等借用物品逐笔登记借还情况，急救药箱内的药品每月核对一次有效期。"
                            ),
                            "check_method": "ledger",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["guidance"],
                            "position_kinds": [],
                            "clauses": ["8.1", "8.2"],
                            "example": "借用登记本逐笔记录借出和归还时间，药箱检查表每月都有签字。",
                            "counter_example": "借用登记本两个月没有记录，药箱里的创可贴已经过期。",
                        },
                        {
                            "key": "form-desk",
                            "code": "1.5.3",
                            "title": "填单台物品定置",
                            "requirement": (
                                "填单台按数量表配置示范样表、空白表格架、便民笔、老花镜、放大镜和填单说明牌；"
                                "表格分类插放、标签清楚，用完及时补充，台面不留废纸和私人物品。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["waiting", "coaching", "intake"],
                            "position_kinds": ["form_desk"],
                            "clauses": ["8.2", "B"],
                            "example": "填单台上示范样表与空白表格一一对应插放，便民笔用防丢绳固定，台面整洁。",
                            "counter_example": "空白表格已经用完，样表被揉皱散在台面上，便民笔写不出字。",
                        },
                        {
                            "key": "unneeded-items",
                            "code": "1.5.4",
                            "title": "无用物品清理",
                            "requirement": (
                                "长期不用、已经损坏或与工作无关的物品贴红色待处理标签后集中清理，每月至少清理一次。"
                                "检查中发现无用物品滞留现场的，每件计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["8.2"],
                            "example": "月末清理后区域内只剩在用物品，待处理物品已移到指定暂存点并登记。",
                            "counter_example": "窗口角落堆着坏掉的打印机、过期的宣传折页和多年前的活动展板。",
                        },
                    ],
                },
                {
                    "code": "1.6",
                    "title": "文件资料与存档",
                    "rules": [
                        {
                            "key": "file-box-labels",
                            "code": "1.6.1",
                            "title": "文件盒统一标签",
                            "requirement": (
                                "文件盒规格统一，盒脊标签按统一模板注明类别、名称、年度、编号和保管人，字体、"
                                "颜色和粘贴高度一致；盒内首页附卷内目录。每只不合格的文件盒计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [
                                "window_service",
                                "coaching",
                                "intake",
                                "issuing",
                                "assisted",
                                "guidance",
                                "office",
                            ],
                            "position_kinds": ["file_box", "cabinet"],
                            "clauses": ["10.2", "B"],
                            "example": "一排文件盒的盒脊标签高度一致，颜色按类别区分，编号连续。",
                            "counter_example": "部分文件盒用手写纸条贴在盒脊上，有的没有标签，编号断档、重复。",
                        },
                        {
                            "key": "filing-index",
                            "code": "1.6.2",
                            "title": "存档表格与位置标识",
                            "requirement": (
                                "每个文件柜和储物柜配有存档表格，逐行列明所存文件盒的名称、编号和所在层位，"
                                "贴在柜门内侧；柜门外侧贴位置标识。检查人员随机指定一份资料，"
                                "应能按表在一分钟内找到。"
                            ),
                            "check_method": "spot",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [
                                "window_service",
                                "coaching",
                                "intake",
                                "issuing",
                                "assisted",
                                "guidance",
                                "office",
                            ],
                            "position_kinds": ["cabinet", "file_box"],
                            "clauses": ["10.1", "10.2"],
                            "example": "柜门内侧的存档表格与柜内文件盒一一对应，检查人员按表半分钟内取出了指定档案。",
                            "counter_example": (
                                "柜门上的存档表格还是去年的，表上的文件盒已经搬走，新放入的盒子没有登记。"
                            ),
                        },
                        {
                            "key": "case-filing",
                            "code": "1.6.3",
                            "title": "办件资料及时归档",
                            "requirement": (
                                "办结件的申请材料和审批文书在五个工作日内整理装盒或按规定移交，"
                                "窗口内不得积压已办结材料，未办结材料放在待办文件夹内。"
                                "抽查时每发现一件逾期未归档计一次。"
                            ),
                            "check_method": "spot",
                            "points": "5",
                            "deduction": "2.5",
                            "severity": "major",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": [],
                            "clauses": ["10.2"],
                            "example": "待办文件夹只放在办件，抽查上月办结的三件均已装盒并登记在存档表格中。",
                            "counter_example": "抽屉和桌下塞着上个月办结的材料，既没有装盒，也没有移交。",
                        },
                        {
                            "key": "clear-desk",
                            "code": "1.6.4",
                            "title": "下班清桌",
                            "requirement": (
                                "下班前把桌面和台面上的办件材料、表格和文件全部收入抽屉或文件柜并上锁，"
                                "座椅推入桌下，桌面只留定置图上的设备和物品。"
                            ),
                            "check_method": "after_hours",
                            "points": "5",
                            "deduction": "2.5",
                            "severity": "major",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["desk", "counter"],
                            "clauses": ["10.2", "8.2"],
                            "example": (
                                "下班巡查时，桌面只剩显示器、键盘、鼠标、电话、高拍仪和清空的资料架，座椅已归位。"
                            ),
                            "counter_example": "下班后桌上摊着几份申请材料，一张身份证复印件压在键盘下面。",
                        },
                        {
                            "key": "confidential-docs",
                            "code": "1.6.5",
                            "title": "涉密及个人信息资料保管",
                            "requirement": (
                                "涉密文件和载有申请人身份证件、证照、个人信息的材料，不得在无人看管时摊放在桌面、"
                                "台面、打印机或复印机上；废弃时须用碎纸机粉碎，不得当作废纸丢弃或再次利用。"
                                "查实泄露风险的，本次验收直接判定不合格。"
                            ),
                            "check_method": "spot",
                            "points": "8",
                            "deduction": "8",
                            "severity": "veto",
                            "area_kinds": [
                                "window_service",
                                "coaching",
                                "intake",
                                "issuing",
                                "assisted",
                                "guidance",
                                "office",
                            ],
                            "position_kinds": [],
                            "clauses": ["10.2"],
                            "example": "打印好的材料随即取走，作废的身份证复印件当场用碎纸机粉碎。",
                            "counter_example": (
                                "工作人员离座后，一整份写有身份证号和住址的申请表留在台面上，背面还被当作草稿纸。"
                            ),
                        },
                        {
                            "key": "forms-current",
                            "code": "1.6.6",
                            "title": "样表告知单现行有效",
                            "requirement": (
                                "窗口和填单台使用的样表、告知单和办事指南必须与现行公布的版本一致；"
                                "事项或材料调整后三个工作日内完成更换，旧版本全部撤下销毁。"
                            ),
                            "check_method": "spot",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "guidance", "waiting"],
                            "position_kinds": [],
                            "clauses": ["10.1"],
                            "example": "告知单页脚印有版本日期，内容与政务服务网公布的办事指南一致。",
                            "counter_example": "材料清单已经精简，台面上的告知单仍要求提交已取消的证明材料。",
                        },
                    ],
                },
            ],
        },
        {
            "code": "2",
            "title": "空间区域与秩序管理",
            "intro": (
                "本部分对应GB/T 36112-2018第6章空间管理、第7章秩序管理和附录A，规定功能区的设置与标识、"
                "责任区的划分、地面标线和通道，以及取号、等候、高峰和应急等服务秩序要求，使群众进门就知道去哪里，"
                "排队有秩序，等候更舒适。"
            ),
            "sections": [
                {
                    "code": "2.1",
                    "title": "功能分区与责任区",
                    "rules": [
                        {
                            "key": "zone-plan-posted",
                            "code": "2.1.1",
                            "title": "功能分区平面图公示",
                            "requirement": (
                                "大厅入口和各楼层电梯厅张贴功能分区平面示意图，标明各功能区名称、窗口号段、出入口、"
                                "卫生间和“您所在位置”。功能区或窗口调整后五个工作日内更新，图上内容须与现场一致。"
                            ),
                            "check_method": "look",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["guidance"],
                            "position_kinds": [],
                            "clauses": ["6.1", "A"],
                            "example": "入口处的平面图用不同颜色区分各功能区，红点标出“您在这里”，窗口号段与实际一致。",
                            "counter_example": "平面图上仍标着已撤并的窗口，新设的帮办代办专区没有出现在图上。",
                        },
                        {
                            "key": "zone-name-signs",
                            "code": "2.1.2",
                            "title": "区域名称标识",
                            "requirement": (
                                "每个功能区设置统一样式的区域名称标识（吊牌或立牌），名称与平面示意图一致，"
                                "安装在进入该区域时一眼能看到的位置，不被立柱、展架遮挡。"
                            ),
                            "check_method": "look",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["6.1", "6.2", "A"],
                            "example": "“综合受理区”吊牌悬挂在区域入口正上方，从大厅入口就能看到。",
                            "counter_example": "自助服务区没有名称标识，群众要问过工作人员才知道自助机在哪里。",
                        },
                        {
                            "key": "zone-owner-sign",
                            "code": "2.1.3",
                            "title": "责任区划界与责任牌",
                            "requirement": (
                                "大厅按部门划分责任区，各责任区的边界在平面图上标清，现场以地面标线或隔断区分；"
                                "每个责任区在醒目位置悬挂责任牌，写明责任区名称、范围、责任人和联系电话。"
                            ),
                            "check_method": "look",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["4", "6.2"],
                            "example": (
                                "责任牌挂在区域入口的立柱上，写明“第5责任区　8—12号窗口　责任人　李某”及联系电话。"
                            ),
                            "counter_example": "两个科室交界处的通道没人认领，责任牌上的责任人已调离半年仍未更新。",
                        },
                    ],
                },
                {
                    "code": "2.2",
                    "title": "服务功能区",
                    "rules": [
                        {
                            "key": "guidance-desk-staffed",
                            "code": "2.2.1",
                            "title": "咨询引导台在岗",
                            "requirement": (
                                "服务时间内咨询引导台至少有一名引导人员在岗，主动询问进门群众办理什么事项，"
                                "指引取号、填表和前往相应区域；引导人员需要暂时离开时，由指定人员顶替。"
                            ),
                            "check_method": "look",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["guidance"],
                            "position_kinds": [],
                            "clauses": ["6.1", "7.2"],
                            "example": "群众进门后，引导员起身问候，问明事项后帮助取号，并指明等候区域。",
                            "counter_example": "上午十点咨询台空无一人，群众在入口处张望，不知道到哪里取号。",
                        },
                        {
                            "key": "self-service-guided",
                            "code": "2.2.2",
                            "title": "自助服务区有人引导",
                            "requirement": (
                                "自助设备按业务类别集中摆放，每台设备旁有操作指引；区内配有引导人员或呼叫按钮，"
                                "群众操作遇到困难时五分钟内有人到场协助。"
                            ),
                            "check_method": "look",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["self_service"],
                            "position_kinds": [],
                            "clauses": ["6.1"],
                            "example": "自助区有一名志愿者值守，老年群众在终端前犹豫时，志愿者上前示范操作。",
                            "counter_example": "自助终端屏幕提示缺纸，旁边无人照看，群众只好回到窗口重新排队。",
                        },
                        {
                            "key": "business-partner-area",
                            "code": "2.2.3",
                            "title": "商务与进驻服务区",
                            "requirement": (
                                "商务服务区（复印、照相、邮寄）和进驻的银行、司法、创业、"
                                "就业等服务在指定区域内经营或办公，醒目公示服务项目、服务时间和收费标准，"
                                "物品不超出区域线，执行大厅统一的作息和现场管理要求。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["business", "partner"],
                            "position_kinds": [],
                            "clauses": ["6.1", "6.2"],
                            "example": "邮寄点柜台上方公示寄递价格，包装材料整齐放在柜内，区域线内干净整洁。",
                            "counter_example": "复印点把纸箱和待寄包裹堆到通道上，收费标准牌被广告遮住。",
                        },
                        {
                            "key": "window-subareas-signed",
                            "code": "2.2.4",
                            "title": "窗口服务区分区标识",
                            "requirement": (
                                "窗口服务区内的咨询辅导区、综合受理区和综合发证区分别设置区域标识；"
                                "每个窗口上方显示窗口号和可办事项，内容与叫号系统和平面示意图一致。"
                            ),
                            "check_method": "look",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing"],
                            "position_kinds": [],
                            "clauses": ["6.1"],
                            "example": "受理区窗口上方的电子屏显示“12号窗口　综合受理　工程建设类”，与叫号屏信息相同。",
                            "counter_example": "发证区与受理区之间没有分区标识，窗口上方的事项牌仍是调整前的内容。",
                        },
                        {
                            "key": "assisted-desk",
                            "code": "2.2.5",
                            "title": "帮办代办专区",
                            "requirement": (
                                "帮办代办服务专区（重点建设项目服务专区）公示帮办代办事项、帮办人员照片和联系方式；"
                                "建立帮办代办台账，逐件记录受理时间、办理进度和办结时间。"
                            ),
                            "check_method": "ledger",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["assisted"],
                            "position_kinds": [],
                            "clauses": ["6.1"],
                            "example": "专区墙上公示帮办人员照片和电话，台账中每个项目的办理节点都有记录。",
                            "counter_example": "专区只有一张桌子和一块牌子，无人值守，台账一片空白。",
                        },
                    ],
                },
                {
                    "code": "2.3",
                    "title": "等候与配套区域",
                    "rules": [
                        {
                            "key": "waiting-seats",
                            "code": "2.3.1",
                            "title": "等候座椅整齐洁净",
                            "requirement": (
                                "等候区座椅按地面定位成排摆放、横平竖直，座面和扶手无污渍、无破损；"
                                "座椅数量与窗口规模相适应，并设有标识清楚的老弱病残孕专座。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["waiting"],
                            "position_kinds": [],
                            "clauses": ["6.2"],
                            "example": "等候座椅沿地面定位线成排摆放，前两排设有爱心专座标识。",
                            "counter_example": "座椅被拖到通道上，有的座面开裂，扶手上留着饮料渍。",
                        },
                        {
                            "key": "nursing-room",
                            "code": "2.3.2",
                            "title": "母婴室设施与状态",
                            "requirement": (
                                "母婴室配备带安全扣的婴儿护理台、哺乳椅、洗手池、垃圾桶和紧急呼叫按钮，"
                                "门能从内部锁闭，门外有“使用中/空闲”提示；每天至少清洁两次并登记。每缺一项计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["nursing"],
                            "position_kinds": [],
                            "clauses": ["6.1"],
                            "example": "母婴室门牌显示“空闲”，室内护理台干净，清洁记录每天有两次签字。",
                            "counter_example": "母婴室被当作临时储物间，护理台上堆着宣传品，门锁已损坏。",
                        },
                        {
                            "key": "reading-room",
                            "code": "2.3.3",
                            "title": "图书室整齐有序",
                            "requirement": (
                                "图书室（阅览角）书刊分类上架、书脊朝外，报刊为近期出版物；桌椅摆放整齐，"
                                "责任人每天把群众阅读后的书刊整理归位。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["reading"],
                            "position_kinds": [],
                            "clauses": ["6.2"],
                            "example": "书架按政策法规、创业指导和文化休闲分类，报刊架上是本周的报纸。",
                            "counter_example": "书刊随意堆在桌上，报刊架上还是三个月前的报纸。",
                        },
                        {
                            "key": "back-office-tidy",
                            "code": "2.3.4",
                            "title": "综合办公区定置管理",
                            "requirement": (
                                "综合办公区参照窗口标准实行桌面和柜体定置管理，公共打印区、会议区的物品定位摆放；"
                                "通往综合办公区的通道设置“工作区域　非请勿入”提示。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["office"],
                            "position_kinds": [],
                            "clauses": ["6.2"],
                            "example": "后台办公桌面执行与窗口相同的定置图，打印区的纸张和耗材各在定位格内。",
                            "counter_example": "后台办公区堆满纸箱和旧设备，与前台窗口形成明显反差。",
                        },
                        {
                            "key": "public-clean",
                            "code": "2.3.5",
                            "title": "公共区域清洁",
                            "requirement": (
                                "公共区域的地面、墙面、座椅和台面无灰尘、水渍和垃圾，卫生间无异味，垃圾桶不满溢；"
                                "保洁人员按规定频次巡回清洁并签记，清洁工具放在工具间或定置位置，不在服务区域外露。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["6.2"],
                            "example": "卫生间门后的清洁记录每小时有签字，拖把和水桶挂放在工具间的挂架上。",
                            "counter_example": "等候区地面有纸屑和水渍，拖把靠在楼梯间的墙边。",
                        },
                    ],
                },
                {
                    "code": "2.4",
                    "title": "地面标线与通道",
                    "rules": [
                        {
                            "key": "floor-lines",
                            "code": "2.4.1",
                            "title": "地面区域线完好",
                            "requirement": (
                                "区域分界线、通道线和定位线按统一颜色和宽度粘贴：区域线一般为50毫米黄色实线，"
                                "主通道边线为100毫米黄色实线，消火栓和配电箱前为红白相间斑马线。标线无翘边、"
                                "断线和褪色，每处缺损计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["6.2"],
                            "example": "地面黄色区域线连续平整，消火栓前方的红白斑马线完整清晰。",
                            "counter_example": "通道线中间断了一截，边缘翘起，被踩得发黑。",
                        },
                        {
                            "key": "one-metre-line",
                            "code": "2.4.2",
                            "title": "一米线",
                            "requirement": (
                                "受理和发证窗口前距台面一米处设置黄色一米线，线条完整清晰，并标有“请在一米线外等候”"
                                "字样；前一位群众办理时，后面的群众在线外等候，引导人员和窗口人员主动提醒。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing"],
                            "position_kinds": [],
                            "clauses": ["7.2", "6.2"],
                            "example": "窗口前一米处黄线醒目，后一位群众站在线外，前一位群众的证件信息不会被旁人看到。",
                            "counter_example": "一米线磨损得看不清，三四位群众挤在窗口前，申请人的证件信息被旁人看见。",
                        },
                        {
                            "key": "aisles-clear",
                            "code": "2.4.3",
                            "title": "通道畅通",
                            "requirement": (
                                "主通道和窗口前通道保持畅通，不得摆放桌椅、展架、纸箱、清洁车或快递包裹；"
                                "因活动确需临时占用的，须经中心同意并设置绕行提示。每处占用计一次。"
                            ),
                            "check_method": "look",
                            "points": "5",
                            "deduction": "2.5",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["6.2", "7.2"],
                            "example": "主通道全程没有障碍物，轮椅可以顺畅通过。",
                            "counter_example": "宣传展架和两箱表格放在主通道中间，轮椅无法通过。",
                        },
                    ],
                },
                {
                    "code": "2.5",
                    "title": "服务秩序",
                    "rules": [
                        {
                            "key": "queue-orderly",
                            "code": "2.5.1",
                            "title": "取号叫号有序",
                            "requirement": (
                                "排队叫号系统在服务时间内正常运行，叫号屏、窗口屏和语音播报同步；"
                                "群众能看到排队人数，窗口不得跳号、私下加号或让熟人插队。"
                            ),
                            "check_method": "system",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["waiting", "window_service", "coaching", "intake", "issuing"],
                            "position_kinds": [],
                            "clauses": ["7.1", "7.2"],
                            "example": "叫号系统记录显示号码按顺序呼叫，过号群众按规则重新排序。",
                            "counter_example": "系统记录显示某窗口连续跳过三个号码，先为没有取号的人员办理。",
                        },
                        {
                            "key": "service-hours",
                            "code": "2.5.2",
                            "title": "服务时间公示与执行",
                            "requirement": (
                                "大厅入口公示工作日服务时间、延时服务和预约办理方式；窗口按公示时间准时开窗，"
                                "不得提前停止取号，也不得拒绝受理在服务时间内已取号的群众。"
                            ),
                            "check_method": "system",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["7.1", "7.2"],
                            "example": "下班前已取号的群众全部办完后窗口才关闭，叫号系统中没有拒号记录。",
                            "counter_example": "离下班还有二十分钟，窗口已摆出暂停服务牌，取号机停止出号。",
                        },
                        {
                            "key": "no-smoking-eating",
                            "code": "2.5.3",
                            "title": "禁烟禁食",
                            "requirement": (
                                "大厅全面禁止吸烟；工作人员不得在服务区域吃零食或用餐，外卖和私人快递不得送到窗口。"
                                "发现群众吸烟时，工作人员和安保人员应及时礼貌劝阻。"
                            ),
                            "check_method": "cctv",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["7.2"],
                            "example": "工作人员在指定就餐区用餐，服务区内看不到食物，入口处的“禁止吸烟”标识醒目。",
                            "counter_example": "监控显示午间有窗口人员在工位上吃外卖，快递员把包裹直接送到窗口。",
                        },
                        {
                            "key": "peak-handling",
                            "code": "2.5.4",
                            "title": "高峰分流与增开窗口",
                            "requirement": (
                                "中心制定高峰分流预案，明确预警值（例如同类业务等候超过二十人或等候时间超过三十分钟"
                                "）；达到预警值时按预案增开窗口、启用弹性窗口或引导群众预约错峰，"
                                "并在台账中记录启动时间和处置结果。"
                            ),
                            "check_method": "ledger",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["7.2"],
                            "example": "高峰台账记录：“10:20　等候27人，启用两个弹性窗口；10:55　恢复正常。”",
                            "counter_example": "等候人数长时间超过预警值，既没有增开窗口，也没有任何处置记录。",
                        },
                        {
                            "key": "emergency-plan",
                            "code": "2.5.5",
                            "title": "应急预案与演练",
                            "requirement": (
                                "制定火灾、停电、网络及系统故障、群体性事件和群众突发疾病等应急预案，"
                                "明确各岗位分工；每半年至少组织一次演练，保存演练方案、签到表、照片和总结。"
                            ),
                            "check_method": "ledger",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["7.1", "7.2"],
                            "example": "应急预案文件夹里有本年度两次演练的方案、签到表、照片和讲评记录。",
                            "counter_example": "只有一份几年前的预案，分工名单里还是已经调离的同事，从未演练过。",
                        },
                    ],
                },
            ],
        },
        {
            "code": "3",
            "title": "设施设备与标识标牌管理",
            "intro": (
                "本部分对应GB/T 36112-2018第9章设施设备管理，以及第6.2条中有关标识标牌的要求。办公设备、服务设备、"
                "公共设施和安全设施实行台账管理和统一标识；导向、地面导引、"
                "警示和安全出口等标识按要求设置并经常维护，保证设备好用、标识清楚、通道安全。"
            ),
            "sections": [
                {
                    "code": "3.1",
                    "title": "设备台账与配置",
                    "rules": [
                        {
                            "key": "asset-ledger",
                            "code": "3.1.1",
                            "title": "设施设备台账",
                            "requirement": (
                                "建立设施设备台账，逐台记录编号、名称、型号、存放位置、责任人、启用日期和维修情况；"
                                "新增、调拨或报废的当月更新，做到账、卡、物一致。"
                            ),
                            "check_method": "ledger",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["9.1", "9.2"],
                            "example": "从台账中任取一台设备，都能在现场找到实物，标识卡编号与台账一致。",
                            "counter_example": "台账上有三台高拍仪，现场只找到两台，另有一台打印机不在台账中。",
                        },
                        {
                            "key": "device-tags",
                            "code": "3.1.2",
                            "title": "设备标识卡",
                            "requirement": (
                                "每台设备在统一位置粘贴标识卡，注明设备编号、名称、责任人和报修电话，"
                                "标识卡与台账一致，无脱落、无涂改。每缺一张计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": ["equipment"],
                            "clauses": ["9.2"],
                            "example": "打印机右侧面贴有标识卡，编号、责任人和报修电话清晰可读。",
                            "counter_example": "自助终端上的标识卡已经脱落，只剩一圈胶痕。",
                        },
                        {
                            "key": "window-equipment",
                            "code": "3.1.3",
                            "title": "窗口设备配置",
                            "requirement": (
                                "每个窗口按标准配置电脑、高拍仪、电话和评价器，并能就近使用打印机。"
                                "设备缺失或长期不能使用的，每项计一次。"
                            ),
                            "check_method": "count",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing"],
                            "position_kinds": ["desk", "counter"],
                            "clauses": ["9.1", "B"],
                            "example": "窗口设备齐全，办件时可以当场扫描材料、打印回执。",
                            "counter_example": "窗口没有高拍仪，群众的材料要拿到后台扫描，办理时间明显拉长。",
                        },
                    ],
                },
                {
                    "code": "3.2",
                    "title": "设备使用与维护",
                    "rules": [
                        {
                            "key": "daily-check",
                            "code": "3.2.1",
                            "title": "日常点检",
                            "requirement": (
                                "各责任区每天开门前对本区设备开机点检，叫号机、自助终端、"
                                "信息发布屏和评价器由专人点检，点检记录当天填写，发现异常立即报修。"
                            ),
                            "check_method": "ledger",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": ["equipment"],
                            "clauses": ["9.2"],
                            "example": "点检表逐日签字，其中一天记录“3号自助终端打印卡纸，8:35已报修”。",
                            "counter_example": "点检表一周没有填写，月底一次性补签。",
                        },
                        {
                            "key": "fault-repair",
                            "code": "3.2.2",
                            "title": "故障报修时限",
                            "requirement": (
                                "设备发现故障后三十分钟内通过报修系统报修，并在设备上放置“设备维护中”提示；"
                                "一般故障一个工作日内修复，超时未修复的在系统中说明原因和预计修复时间。"
                            ),
                            "check_method": "system",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": ["equipment"],
                            "clauses": ["9.2"],
                            "example": "报修系统显示故障工单在二十分钟内提交，次日上午修复关闭。",
                            "counter_example": "评价器黑屏三天无人报修，群众办完事无法评价。",
                        },
                        {
                            "key": "cables-tidy",
                            "code": "3.2.3",
                            "title": "线缆整理",
                            "requirement": (
                                "桌面和桌下线缆用线槽或扎带集中收纳，两端贴用途标签，不外露、不拖地、不缠绕；"
                                "插线板固定在桌下，不得放在地面上或串接使用。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": ["desk", "equipment"],
                            "clauses": ["9.2"],
                            "example": "桌下线缆沿线槽走线，插线板固定在桌板下方，每根线都贴有标签。",
                            "counter_example": "桌下电源线和网线缠成一团，插线板躺在地上，还串接着另一个插线板。",
                        },
                        {
                            "key": "evaluator-working",
                            "code": "3.2.4",
                            "title": "评价器在线可用",
                            "requirement": (
                                "评价器在服务时间内保持开机在线，屏幕朝向群众、没有遮挡；"
                                "每次办结后主动邀请群众评价，不得关闭、遮挡评价器或代替群众评价。"
                            ),
                            "check_method": "look",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted"],
                            "position_kinds": ["counter"],
                            "clauses": ["9.2"],
                            "example": "评价器屏幕亮着，办结后工作人员说“请您对这次服务作个评价”。",
                            "counter_example": "评价器被告知单架挡住，而且处于离线状态。",
                        },
                        {
                            "key": "computer-use",
                            "code": "3.2.5",
                            "title": "电脑规范使用",
                            "requirement": (
                                "办公电脑只用于政务服务，不得安装游戏、炒股、视频等无关软件，"
                                "不得私接无线路由器或使用未经登记的移动存储设备；桌面壁纸和屏保使用中心统一样式。"
                            ),
                            "check_method": "spot",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [
                                "window_service",
                                "coaching",
                                "intake",
                                "issuing",
                                "assisted",
                                "guidance",
                                "office",
                            ],
                            "position_kinds": ["desk"],
                            "clauses": ["9.2", "5.2"],
                            "example": "抽查电脑的软件列表，只有业务系统和办公软件，屏保为中心统一图片。",
                            "counter_example": "电脑里装着游戏和视频软件，主机上插着私人无线网卡。",
                        },
                        {
                            "key": "power-off",
                            "code": "3.2.6",
                            "title": "下班断电",
                            "requirement": (
                                "下班后关闭电脑、显示器、打印机、照明和空调等设备；除二十四小时自助设备以及监控、"
                                "消防等必需设备外，切断非必要电源。每处计一次。"
                            ),
                            "check_method": "after_hours",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["9.2"],
                            "example": "下班巡查时窗口区设备指示灯全部熄灭，只有二十四小时自助区照明正常。",
                            "counter_example": "晚上九点巡查，多个窗口的显示器和打印机仍亮着待机灯。",
                        },
                    ],
                },
                {
                    "code": "3.3",
                    "title": "标识标牌与导引",
                    "rules": [
                        {
                            "key": "wayfinding-signs",
                            "code": "3.3.1",
                            "title": "导向标识与楼层索引",
                            "requirement": (
                                "大厅入口、交叉路口、楼梯口和电梯厅设置导向标识和楼层索引，指向各功能区、窗口、"
                                "卫生间、电梯和出口，方向准确、前后连续，功能区调整后同步更新。"
                            ),
                            "check_method": "look",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["6.2", "9.1"],
                            "example": "从入口顺着导向牌可以一路走到任何一个窗口，楼层索引与各层布局一致。",
                            "counter_example": "二楼转角处缺少导向牌，群众走到走廊尽头才发现方向不对。",
                        },
                        {
                            "key": "floor-guidance",
                            "code": "3.3.2",
                            "title": "地面导引标识",
                            "requirement": (
                                "主要动线的地面粘贴导引标识（箭头和区域名称），引导群众从入口依次到取号、等候、"
                                "办理和出件区域；导引标识防滑，无磨损、无起翘。每处缺损计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["6.2"],
                            "example": "入口地面的蓝色箭头一路延伸到取号机和等候区，颜色清晰。",
                            "counter_example": "地面导引箭头磨损严重，有的还指向已经撤销的区域。",
                        },
                        {
                            "key": "warning-signs",
                            "code": "3.3.3",
                            "title": "警示标识",
                            "requirement": (
                                "玻璃门、台阶、坡道、湿滑地面和配电箱等处设置黄色警示标识，如“小心地滑”“小心台阶”"
                                "“当心碰头”；拖地或施工时放置临时警示牌，完工后撤除。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["6.2", "9.2"],
                            "example": "正在拖地的区域前放着“小心地滑”立牌，大玻璃门齐腰高度贴有防撞条。",
                            "counter_example": "刚拖过的地面没有警示牌，大玻璃门上没有任何防撞标识。",
                        },
                        {
                            "key": "entrance-stair-prompts",
                            "code": "3.3.4",
                            "title": "出入口及楼梯间提示语",
                            "requirement": (
                                "大厅出入口、楼梯间和电梯口设置醒目的提示语，如“请靠右通行”“上下楼梯注意安全”"
                                "“禁止吸烟”“请勿倚靠电梯门”，文字清晰、规格统一，设在视线高度。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["6.2"],
                            "example": "楼梯间入口墙面的视线高度处贴有“上下楼梯　注意安全”，字体与大厅标识一致。",
                            "counter_example": "楼梯间没有任何提示，只有一张手写的“小心”纸条。",
                        },
                        {
                            "key": "sign-style",
                            "code": "3.3.5",
                            "title": "标识版式统一",
                            "requirement": (
                                "大厅内标识标牌的颜色、字体和版式统一，需要时中英文对照；"
                                "安全标识颜色符合国家标准（禁止用红色、警告用黄色、指令用蓝色、提示用绿色）。"
                                "不得使用手写、破损或内容过期的标识，每块计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["6.2"],
                            "example": "各区域标识底色和字体统一，安全出口标识为绿色，符合国家标准。",
                            "counter_example": "同一楼层的标识牌风格各异，墙上还贴着打印纸充当指示牌。",
                        },
                    ],
                },
                {
                    "code": "3.4",
                    "title": "消防安全",
                    "rules": [
                        {
                            "key": "exits-clear",
                            "code": "3.4.1",
                            "title": "安全出口与疏散通道畅通",
                            "requirement": (
                                "安全出口和疏散通道任何时候都保持畅通，不得上锁、堵塞或用物品遮挡；"
                                "疏散指示标志和应急照明常亮有效。发现堵塞或锁闭的，本次验收直接判定不合格。"
                            ),
                            "check_method": "look",
                            "points": "8",
                            "deduction": "8",
                            "severity": "veto",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["9.2", "7.2"],
                            "example": "安全出口门一推即开，门前地面没有任何物品，绿色疏散标志常亮。",
                            "counter_example": "安全出口门被链条锁住，门前堆放着桌椅和纸箱。",
                        },
                        {
                            "key": "fire-equipment",
                            "code": "3.4.2",
                            "title": "消防器材定置与月检",
                            "requirement": (
                                "灭火器和消火栓按消防定置位置设置，前方不得遮挡；灭火器压力指针保持在绿区，"
                                "检查卡每月签记一次，过期或失效的当月更换。"
                            ),
                            "check_method": "ledger",
                            "points": "5",
                            "deduction": "2.5",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["9.1", "9.2"],
                            "example": "灭火器箱前没有遮挡，检查卡上逐月有签字，压力表指针在绿区。",
                            "counter_example": "灭火器箱被宣传展板挡住，检查卡停留在三个月前，一具灭火器压力不足。",
                        },
                    ],
                },
                {
                    "code": "3.5",
                    "title": "便民与无障碍设施",
                    "rules": [
                        {
                            "key": "accessibility",
                            "code": "3.5.1",
                            "title": "无障碍设施",
                            "requirement": (
                                "大厅设置无障碍坡道、低位服务台和无障碍卫生间，并备有轮椅；盲道不被占用，"
                                "无障碍设施标识清楚，轮椅等辅具完好，可以随时借用。"
                            ),
                            "check_method": "look",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["9.1"],
                            "example": "入口坡道扶手完好，低位服务台有人接待，轮椅停放点标识清楚。",
                            "counter_example": "低位服务台上堆满宣传资料，无障碍卫生间被当作杂物间。",
                        },
                        {
                            "key": "amenities-working",
                            "code": "3.5.2",
                            "title": "便民设施完好",
                            "requirement": (
                                "饮水机、充电设施、便民复印、空调和照明保持正常运行；饮水机定期更换滤芯、"
                                "清洗消毒并张贴记录，设施损坏时放置提示并报修。每处计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["guidance", "self_service", "business", "waiting"],
                            "position_kinds": [],
                            "clauses": ["9.1", "9.2"],
                            "example": "饮水机旁贴着消毒记录，最近一次就在本周；充电柜每一格都能正常充电。",
                            "counter_example": "饮水机出水口发黄，消毒记录空白；充电桩一半端口失灵，也没有提示。",
                        },
                    ],
                },
            ],
        },
        {
            "code": "4",
            "title": "人员行为、岗位职责与监督考核",
            "intro": (
                "本部分对应GB/T 36112-2018第4章管理主体和职责、第5章人员服务管理和第11章监督考核，规定岗位责任、"
                "仪容仪表、举止行为和服务用语，以及日常巡查、整改闭环、考核运用和手册修订，让现场管理事事有人负责、"
                "处处有人检查、问题持续改进。"
            ),
            "sections": [
                {
                    "code": "4.1",
                    "title": "岗位职责",
                    "rules": [
                        {
                            "key": "post-responsibility",
                            "code": "4.1.1",
                            "title": "岗位责任制与自查",
                            "requirement": (
                                "每个责任区建立岗位责任制，区内每个窗口、每台设备、每块公共区域都落实到具体责任人；"
                                "责任人每天开门前和下班前对照本手册自查，自查记录当天填写，发现的问题立行立改。"
                            ),
                            "check_method": "ledger",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["4"],
                            "example": "责任分工表列明每个窗口和公共区块的责任人，自查记录逐日签字。",
                            "counter_example": "责任分工表里仍是已调离人员的名字，自查记录连续多日空白。",
                        },
                        {
                            "key": "training",
                            "code": "4.1.2",
                            "title": "上岗培训与集中学习",
                            "requirement": (
                                "新上岗人员须学习本手册并考试合格后才能独立上岗；"
                                "全体人员每年参加现场管理集中学习不少于两次，签到表、课件和考试成绩存档备查。"
                                "每缺一人次计一次。"
                            ),
                            "check_method": "ledger",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["4", "5.2"],
                            "example": "培训档案里有新进人员的考试试卷，年度两次集中学习的签到齐全。",
                            "counter_example": "新调入的窗口人员未经培训直接上岗，不知道定置图和暂停服务牌怎么用。",
                        },
                    ],
                },
                {
                    "code": "4.2",
                    "title": "仪容仪表",
                    "rules": [
                        {
                            "key": "dress-code",
                            "code": "4.2.1",
                            "title": "着装规范",
                            "requirement": (
                                "工作时间统一着工装，有制式服装的单位按本系统规定着装，衣着整洁、纽扣扣齐；"
                                "不得穿背心、短裤、拖鞋或奇装异服。每人次计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.1"],
                            "example": "窗口人员统一穿着深色工装，衬衫领口平整干净。",
                            "counter_example": "窗口人员穿着运动短裤和拖鞋上岗。",
                        },
                        {
                            "key": "badge",
                            "code": "4.2.2",
                            "title": "佩戴工作牌",
                            "requirement": (
                                "在岗期间工作牌佩戴在左胸前，照片和姓名朝向群众，不得遮挡、反戴、不戴或由他人代戴。"
                                "每人次计一次。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.1"],
                            "example": "工作牌别在工装左胸口袋上方，照片、姓名和窗口号清晰可见。",
                            "counter_example": "工作牌翻过来挂在胸前，或者揣在衣服口袋里。",
                        },
                        {
                            "key": "grooming",
                            "code": "4.2.3",
                            "title": "发型妆容与饰品",
                            "requirement": (
                                "发型整洁，男士不留长发、不蓄胡须，女士淡妆上岗、长发束起；不涂彩色指甲，"
                                "不戴夸张饰品，不使用气味浓烈的香水，上岗前不吃气味刺激的食物。"
                            ),
                            "check_method": "look",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.1"],
                            "example": "工作人员发型利落，妆容清淡，只佩戴一块手表。",
                            "counter_example": "工作人员涂着彩色长指甲，戴着大耳环，身上香水味很浓。",
                        },
                    ],
                },
                {
                    "code": "4.3",
                    "title": "举止行为",
                    "rules": [
                        {
                            "key": "posture",
                            "code": "4.3.1",
                            "title": "坐姿站姿端正",
                            "requirement": (
                                "服务时坐姿端正，不跷二郎腿、不趴在桌上、不后仰倚靠；站立服务时不叉腰、不抱臂、"
                                "不把手插在口袋里。"
                            ),
                            "check_method": "cctv",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.2"],
                            "example": "监控画面中工作人员上身挺直，双手自然放在桌面，正面朝向群众。",
                            "counter_example": "工作人员靠在椅背上跷着腿，侧着身子对着窗口。",
                        },
                        {
                            "key": "greet-and-hand",
                            "code": "4.3.2",
                            "title": "主动迎送与双手递接",
                            "requirement": (
                                "群众来到窗口时主动问候并示意就座，递接证件和材料时用双手，办结后道别；遇到老年人、"
                                "残疾人或情绪激动的群众，应起身接待。"
                            ),
                            "check_method": "mystery",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted", "guidance"],
                            "position_kinds": [],
                            "clauses": ["5.2"],
                            "example": "暗访人员到窗口时，工作人员微笑说“您好，请坐”，双手接过材料，办完后说“请慢走”。",
                            "counter_example": "工作人员低头盯着屏幕，单手把证件丢回台面，全程没有抬头。",
                        },
                        {
                            "key": "at-post",
                            "code": "4.3.3",
                            "title": "在岗在位与顶岗",
                            "requirement": (
                                "服务时间内不得无故离岗。临时离开须摆出暂停服务牌并告知相邻窗口；"
                                "离开超过十五分钟须安排人员顶岗，离岗半天以上须办理请假手续。"
                            ),
                            "check_method": "look",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing", "assisted", "guidance"],
                            "position_kinds": [],
                            "clauses": ["5.2", "7.2"],
                            "example": "工作人员离座前摆出暂停服务牌，并请相邻窗口代为解释，十分钟后返回。",
                            "counter_example": "窗口空岗二十分钟，没有摆暂停服务牌，也无人顶岗，群众在窗口前干等。",
                        },
                        {
                            "key": "work-discipline",
                            "code": "4.3.4",
                            "title": "工作纪律",
                            "requirement": (
                                "服务时间内不玩手机、不看视频、不闲聊、不吃零食、不串岗，不做与工作无关的事；"
                                "没有群众办事时可以整理材料或学习业务，但要保持随时受理的状态。"
                            ),
                            "check_method": "cctv",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.2"],
                            "example": "没有群众时工作人员在整理待办材料，一看到群众走近就起身接待。",
                            "counter_example": "监控显示窗口人员低头刷手机近二十分钟，期间有群众在窗口前等候。",
                        },
                        {
                            "key": "attendance",
                            "code": "4.3.5",
                            "title": "考勤",
                            "requirement": (
                                "按规定时间考勤打卡（例如上午、下午上下班各打卡一次），迟到、早退每人次计一次；"
                                "未经批准缺勤的按旷岗处理，并通报所在单位。"
                            ),
                            "check_method": "system",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.2"],
                            "example": "考勤系统显示本月全勤，请假均在事前办理了手续。",
                            "counter_example": "考勤记录显示某人本月迟到三次，另有半天既无打卡也无请假单。",
                        },
                        {
                            "key": "no-quarrel",
                            "code": "4.3.6",
                            "title": "严禁与群众争吵",
                            "requirement": (
                                "任何情况下都不得与群众争吵、推搡或使用侮辱性言行。遇到纠纷时，"
                                "应请值班长或窗口负责人出面，把群众请到洽谈室耐心处理。查实发生争吵的，"
                                "本次验收直接判定不合格。"
                            ),
                            "check_method": "cctv",
                            "points": "8",
                            "deduction": "8",
                            "severity": "veto",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.2"],
                            "example": "群众情绪激动时，工作人员起身解释，并请来值班长到洽谈室继续沟通。",
                            "counter_example": "工作人员隔着窗口与群众高声对吵，引来其他群众围观。",
                        },
                    ],
                },
                {
                    "code": "4.4",
                    "title": "服务用语",
                    "rules": [
                        {
                            "key": "courtesy-language",
                            "code": "4.4.1",
                            "title": "文明用语",
                            "requirement": (
                                "使用普通话接待群众（群众需要时可以用方言交流），规范使用“您好”“请”“谢谢”“对不起”"
                                "“再见”等文明用语，语气平和、音量适中、解释耐心。"
                            ),
                            "check_method": "mystery",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.3"],
                            "example": "暗访记录：工作人员开口就说“您好，请问您办理什么业务”，结束时说“再见，您慢走”。",
                            "counter_example": "工作人员只喊一声“下一个”，全程没有一句礼貌用语。",
                        },
                        {
                            "key": "forbidden-phrases",
                            "code": "4.4.2",
                            "title": "禁用服务忌语",
                            "requirement": (
                                "不得使用“不知道”“这不归我管”“下班了，明天再来”“你问我，我问谁”“墙上都写着呢”"
                                "等生硬、推诿的服务忌语。中心公布的忌语清单纳入上岗培训，每发现一次计一次。"
                            ),
                            "check_method": "mystery",
                            "points": "5",
                            "deduction": "2.5",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.3"],
                            "example": "群众问到非本窗口事项时，工作人员说“这个事项在8号窗口办理，我带您过去”。",
                            "counter_example": "群众询问材料要求，工作人员回答“墙上都写着呢，自己看”。",
                        },
                        {
                            "key": "first-contact",
                            "code": "4.4.3",
                            "title": "首问负责与一次性告知",
                            "requirement": (
                                "群众最先问到的工作人员负责解答或引导到位，不得推诿；材料不全的，"
                                "一次性书面告知需要补正的全部内容，不让群众为同一事项反复往返。"
                            ),
                            "check_method": "mystery",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.3"],
                            "example": "窗口开具一次性告知单，列明缺少的两项材料和补交方式，群众补齐后一次办结。",
                            "counter_example": "群众第一次被告知缺营业执照复印件，补交时又被要求提供租赁合同。",
                        },
                        {
                            "key": "phone-manner",
                            "code": "4.4.4",
                            "title": "电话接听",
                            "requirement": (
                                "工作电话铃响三声内接听，先问候并报出窗口名称，答复简明准确；不能当场答复的，"
                                "记下号码并在承诺时间内回复。不得用工作电话长时间谈私事。"
                            ),
                            "check_method": "spot",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["5.3"],
                            "example": "抽查拨打窗口电话，响第二声接起：“您好，企业登记窗口。”",
                            "counter_example": "电话响了七八声无人接听，接起后只说了一句“喂，什么事”。",
                        },
                    ],
                },
                {
                    "code": "4.5",
                    "title": "监督考核与持续改进",
                    "rules": [
                        {
                            "key": "daily-patrol",
                            "code": "4.5.1",
                            "title": "日常巡查",
                            "requirement": (
                                "督查考核组每天上午、下午至少各巡查一次，覆盖全部责任区；发现问题当场拍照，"
                                "注明对应的细则编号后录入系统，当天通知责任区责任人。"
                            ),
                            "check_method": "system",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["11"],
                            "example": "系统显示当天两次巡查覆盖全部责任区，每条问题都有照片和细则编号。",
                            "counter_example": (
                                "巡查记录只写了“卫生较差”，没有照片、位置和细则编号，责任区不知道该改什么。"
                            ),
                        },
                        {
                            "key": "rectification-loop",
                            "code": "4.5.2",
                            "title": "整改闭环",
                            "requirement": (
                                "收到整改通知的责任区按期限完成整改（立行立改的当天完成，其余一般不超过三个工作日）"
                                "，上传整改后照片并申请复查。逾期未整改的计一次；复查仍不合格的，"
                                "重新下发通知并加倍计扣。"
                            ),
                            "check_method": "system",
                            "points": "5",
                            "deduction": "2.5",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["11"],
                            "example": "整改通知在两个工作日内完成，整改前后照片对比清楚，复查人签字后关闭。",
                            "counter_example": "整改通知超期一周仍未签收，现场问题原样未动。",
                        },
                        {
                            "key": "ratings-followup",
                            "code": "4.5.3",
                            "title": "好差评与差评整改",
                            "requirement": (
                                "窗口办结后邀请群众评价，评价数据每月通报；收到差评的，窗口在十五个工作日内核实、"
                                "整改并回访群众。查实的差评每件计一次。"
                            ),
                            "check_method": "system",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["11"],
                            "example": "差评工单附有核实说明、整改措施和回访录音，按期办结。",
                            "counter_example": "差评工单超过十五个工作日无人处理，也没有回访群众。",
                        },
                        {
                            "key": "complaints",
                            "code": "4.5.4",
                            "title": "投诉处置",
                            "requirement": (
                                "群众投诉按GB/T 36113-2018的要求登记、核查、答复和回访，答复时限执行中心规定；"
                                "经查实的有效投诉每件计一次，并抄送被投诉人所在单位。"
                            ),
                            "check_method": "system",
                            "points": "5",
                            "deduction": "2.5",
                            "severity": "major",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["11"],
                            "example": "投诉台账记录了受理时间、核查结论、答复内容和回访结果，环节齐全。",
                            "counter_example": "群众电话投诉后一直没有回音，台账上也没有登记。",
                        },
                        {
                            "key": "media-exposure",
                            "code": "4.5.5",
                            "title": "负面曝光与通报",
                            "requirement": (
                                "因现场管理、服务态度或工作纪律问题被新闻媒体曝光，"
                                "或被上级部门通报批评且查证属实的，该责任区本次考核直接判定不合格，"
                                "并取消当年评先评优资格。"
                            ),
                            "check_method": "ledger",
                            "points": "8",
                            "deduction": "8",
                            "severity": "veto",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["11"],
                            "example": "本考核期内没有媒体曝光和上级通报，相关台账登记为“无”。",
                            "counter_example": "窗口人员上班时间趴在桌上睡觉，被群众拍下发到网上，经核实属实。",
                        },
                        {
                            "key": "results-use",
                            "code": "4.5.6",
                            "title": "考核结果运用",
                            "requirement": (
                                "每周汇总巡查问题并在例会上通报；每月按责任区计分排名并在内部公示，"
                                "第一名授予流动红旗，连续两个月排名末位的约谈责任人；考核结果抄送派驻单位，"
                                "纳入年度考核。"
                            ),
                            "check_method": "ledger",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["11"],
                            "example": "公示栏张贴本月各责任区得分排名，流动红旗挂在第一名的责任区。",
                            "counter_example": "月度得分算出后既未公示，也未抄送派驻单位，考核与评先评优脱节。",
                        },
                        {
                            "key": "model-window",
                            "code": "4.5.7",
                            "title": "示范窗口维护",
                            "requirement": (
                                "示范窗口始终保持手册规定的标准状态，作为各窗口参观学习的样板；"
                                "督查考核组每月拍照复核一次，连续两次不达标的取消示范窗口称号。"
                            ),
                            "check_method": "photo",
                            "points": "4",
                            "deduction": "2",
                            "severity": "major",
                            "area_kinds": ["window_service", "coaching", "intake", "issuing"],
                            "position_kinds": [],
                            "clauses": ["11"],
                            "example": "示范窗口的月度复核照片与标准照片完全一致，窗口挂有示范窗口标牌。",
                            "counter_example": "示范窗口台面上出现私人物品，定位线翘起，与挂牌标准明显不符。",
                        },
                        {
                            "key": "handbook-revision",
                            "code": "4.5.8",
                            "title": "手册年度修订",
                            "requirement": (
                                "每年结合检查中的高发问题、群众意见和事项调整修订本手册，"
                                "修订稿经领导小组审定后以新版本发布，注明版本号和生效日期，旧版本同时收回。"
                            ),
                            "check_method": "ledger",
                            "points": "2",
                            "deduction": "1",
                            "severity": "minor",
                            "area_kinds": [],
                            "position_kinds": [],
                            "clauses": ["11"],
                            "example": "手册封面注明版本号和生效日期，修订说明列出本次新增、修改和删除的细则。",
                            "counter_example": "功能区已调整一年，手册仍是初版，部分细则与现场对不上。",
                        },
                    ],
                },
            ],
        },
    ],
}

QUANTITY_STANDARDS: list[dict] = [
    {"item": "评价器", "position_kind": "counter", "quantity": 1, "unit": "台", "note": "固定在台面右侧，屏幕朝向群众"},
    {
        "item": "暂停服务牌",
        "position_kind": "counter",
        "quantity": 1,
        "unit": "块",
        "note": "在岗时牌面朝内，离座时翻转朝外",
    },
    {"item": "便民笔", "position_kind": "counter", "quantity": 2, "unit": "支", "note": "系防丢绳"},
    {"item": "老花镜", "position_kind": "counter", "quantity": 1, "unit": "副", "note": "配眼镜盒"},
    {"item": "告知单架", "position_kind": "counter", "quantity": 1, "unit": "个", "note": "不超过四格"},
    {"item": "岗位牌", "position_kind": "counter", "quantity": 1, "unit": "块", "note": "注明姓名、照片、岗位和窗口号"},
    {
        "item": "显示器",
        "position_kind": "desk",
        "quantity": 1,
        "unit": "台",
        "note": "需要双屏办理的业务经中心批准可配两台",
    },
    {"item": "键盘", "position_kind": "desk", "quantity": 1, "unit": "个", "note": ""},
    {"item": "鼠标", "position_kind": "desk", "quantity": 1, "unit": "个", "note": "配鼠标垫"},
    {"item": "高拍仪", "position_kind": "desk", "quantity": 1, "unit": "台", "note": ""},
    {"item": "电话", "position_kind": "desk", "quantity": 1, "unit": "部", "note": ""},
    {"item": "笔筒", "position_kind": "desk", "quantity": 1, "unit": "个", "note": "筒内签字笔不超过三支"},
    {"item": "资料架", "position_kind": "desk", "quantity": 1, "unit": "个", "note": "存放当日待用的表格和政策资料"},
    {
        "item": "文件夹",
        "position_kind": "desk",
        "quantity": 2,
        "unit": "个",
        "note": "待办、已办各一个，下班前清空入柜",
    },
    {"item": "水杯", "position_kind": "desk", "quantity": 1, "unit": "个", "note": "带盖，放在水杯定位点"},
    {
        "item": "印章",
        "position_kind": "drawer",
        "quantity": 2,
        "unit": "枚",
        "note": "放入带锁印章盒；按窗口备案的印章数量配置",
    },
    {"item": "印泥", "position_kind": "drawer", "quantity": 1, "unit": "盒", "note": ""},
    {"item": "计算器", "position_kind": "drawer", "quantity": 1, "unit": "台", "note": ""},
    {"item": "订书机", "position_kind": "drawer", "quantity": 1, "unit": "个", "note": ""},
    {"item": "回形针盒", "position_kind": "drawer", "quantity": 1, "unit": "盒", "note": ""},
    {"item": "便签", "position_kind": "drawer", "quantity": 2, "unit": "本", "note": ""},
    {"item": "签字笔", "position_kind": "drawer", "quantity": 3, "unit": "支", "note": "备用，用完以旧换新"},
    {"item": "起钉器", "position_kind": "drawer", "quantity": 1, "unit": "个", "note": ""},
    {"item": "办件资料盒", "position_kind": "cabinet", "quantity": 4, "unit": "个", "note": "按每层搁板计，下同"},
    {"item": "制度文件盒", "position_kind": "cabinet", "quantity": 2, "unit": "个", "note": ""},
    {"item": "台账记录盒", "position_kind": "cabinet", "quantity": 2, "unit": "个", "note": ""},
    {"item": "样表告知单盒", "position_kind": "cabinet", "quantity": 1, "unit": "个", "note": ""},
    {"item": "政策法规资料盒", "position_kind": "cabinet", "quantity": 1, "unit": "个", "note": ""},
    {"item": "层位标签", "position_kind": "cabinet", "quantity": 1, "unit": "张", "note": "贴在搁板前沿"},
    {"item": "存档表格", "position_kind": "cabinet", "quantity": 1, "unit": "份", "note": "每柜一份，贴在柜门内侧"},
    {"item": "盒脊标签", "position_kind": "file_box", "quantity": 1, "unit": "张", "note": "按统一模板打印"},
    {"item": "卷内目录", "position_kind": "file_box", "quantity": 1, "unit": "份", "note": "放在盒内首页"},
    {"item": "储物柜标识卡", "position_kind": "locker", "quantity": 1, "unit": "张", "note": "贴在柜门外侧"},
    {"item": "背包或手提包", "position_kind": "locker", "quantity": 1, "unit": "个", "note": ""},
    {"item": "外套", "position_kind": "locker", "quantity": 1, "unit": "件", "note": ""},
    {"item": "雨伞", "position_kind": "locker", "quantity": 1, "unit": "把", "note": ""},
    {
        "item": "个人物品收纳盒",
        "position_kind": "locker",
        "quantity": 1,
        "unit": "个",
        "note": "存放手机、钥匙、常用药等小件",
    },
    {"item": "示范样表", "position_kind": "form_desk", "quantity": 1, "unit": "套", "note": "按本区域可办事项配置"},
    {"item": "空白表格架", "position_kind": "form_desk", "quantity": 1, "unit": "个", "note": ""},
    {"item": "便民笔", "position_kind": "form_desk", "quantity": 4, "unit": "支", "note": "系防丢绳"},
    {"item": "老花镜", "position_kind": "form_desk", "quantity": 2, "unit": "副", "note": "不同度数各一副"},
    {"item": "放大镜", "position_kind": "form_desk", "quantity": 1, "unit": "个", "note": ""},
    {"item": "填单说明牌", "position_kind": "form_desk", "quantity": 1, "unit": "块", "note": ""},
]

LAYOUTS: list[dict] = [
    {
        "position_kind": "desk",
        "name": "窗口办公桌面定置图",
        "width": 1400,
        "depth": 700,
        "note": (
            "以坐在桌前的工作人员视角绘制，下沿为工作人员一侧，单位为毫米。各物品用黄色定位角标出位置，"
            "水杯定位点为直径100毫米的圆形标识；下班时文件夹清空入柜。"
        ),
        "slots": [
            {"item": "资料架", "x": 60, "y": 60, "width": 300, "depth": 260, "quantity": 1, "colour": "#d1e7dd"},
            {"item": "显示器", "x": 500, "y": 60, "width": 400, "depth": 220, "quantity": 1, "colour": "#cfe2ff"},
            {"item": "电话", "x": 960, "y": 60, "width": 200, "depth": 200, "quantity": 1, "colour": "#cfe2ff"},
            {"item": "笔筒", "x": 1220, "y": 60, "width": 100, "depth": 100, "quantity": 1, "colour": "#fff3cd"},
            {"item": "文件夹", "x": 200, "y": 360, "width": 260, "depth": 300, "quantity": 2, "colour": "#d1e7dd"},
            {"item": "水杯", "x": 60, "y": 380, "width": 100, "depth": 100, "quantity": 1, "colour": "#e2e3e5"},
            {"item": "键盘", "x": 520, "y": 420, "width": 360, "depth": 140, "quantity": 1, "colour": "#cfe2ff"},
            {"item": "鼠标", "x": 900, "y": 440, "width": 80, "depth": 120, "quantity": 1, "colour": "#cfe2ff"},
            {"item": "高拍仪", "x": 1000, "y": 300, "width": 340, "depth": 260, "quantity": 1, "colour": "#cfe2ff"},
        ],
    },
    {
        "position_kind": "counter",
        "name": "窗口台面定置图",
        "width": 1400,
        "depth": 400,
        "note": "以站在窗口前的群众视角绘制，下沿为群众一侧，单位为毫米。台面只放图中六类物品，不得增加其他物品。",
        "slots": [
            {"item": "暂停服务牌", "x": 40, "y": 260, "width": 240, "depth": 100, "quantity": 1, "colour": "#f8d7da"},
            {"item": "老花镜", "x": 320, "y": 160, "width": 160, "depth": 90, "quantity": 1, "colour": "#fff3cd"},
            {"item": "便民笔", "x": 320, "y": 280, "width": 160, "depth": 80, "quantity": 2, "colour": "#fff3cd"},
            {"item": "告知单架", "x": 540, "y": 140, "width": 320, "depth": 220, "quantity": 1, "colour": "#d1e7dd"},
            {"item": "岗位牌", "x": 900, "y": 260, "width": 180, "depth": 100, "quantity": 1, "colour": "#f8d7da"},
            {"item": "评价器", "x": 1120, "y": 160, "width": 240, "depth": 200, "quantity": 1, "colour": "#cfe2ff"},
        ],
    },
    {
        "position_kind": "drawer",
        "name": "办公抽屉定置图",
        "width": 400,
        "depth": 450,
        "note": (
            "抽屉内腔俯视图，下沿为抽屉拉手一侧，单位为毫米。用统一整理盒和隔板分格，每格贴物品名称标签；"
            "印章格放带锁印章盒。"
        ),
        "slots": [
            {"item": "印章", "x": 20, "y": 20, "width": 160, "depth": 120, "quantity": 2, "colour": "#f5c2c7"},
            {"item": "印泥", "x": 200, "y": 20, "width": 90, "depth": 90, "quantity": 1, "colour": "#f5c2c7"},
            {"item": "回形针盒", "x": 300, "y": 20, "width": 80, "depth": 80, "quantity": 1, "colour": "#fff3cd"},
            {"item": "计算器", "x": 20, "y": 160, "width": 110, "depth": 170, "quantity": 1, "colour": "#cfe2ff"},
            {"item": "订书机", "x": 200, "y": 130, "width": 60, "depth": 170, "quantity": 1, "colour": "#fff3cd"},
            {"item": "便签", "x": 280, "y": 130, "width": 100, "depth": 100, "quantity": 2, "colour": "#fff3cd"},
            {"item": "起钉器", "x": 280, "y": 250, "width": 100, "depth": 60, "quantity": 1, "colour": "#fff3cd"},
            {"item": "签字笔", "x": 20, "y": 360, "width": 260, "depth": 60, "quantity": 3, "colour": "#fff3cd"},
        ],
    },
    {
        "position_kind": "cabinet",
        "name": "文件柜层板定置图",
        "width": 900,
        "depth": 400,
        "note": (
            "文件柜一层搁板的俯视图，下沿为柜门一侧，单位为毫米。文件盒盒脊朝外，同类相邻；层位标签贴在搁板前沿，"
            "存档表格贴在柜门内侧。"
        ),
        "slots": [
            {"item": "办件资料盒", "x": 20, "y": 40, "width": 320, "depth": 320, "quantity": 4, "colour": "#d1e7dd"},
            {"item": "制度文件盒", "x": 350, "y": 40, "width": 160, "depth": 320, "quantity": 2, "colour": "#e0cffc"},
            {"item": "台账记录盒", "x": 520, "y": 40, "width": 160, "depth": 320, "quantity": 2, "colour": "#fff3cd"},
            {"item": "样表告知单盒", "x": 690, "y": 40, "width": 80, "depth": 320, "quantity": 1, "colour": "#f8d7da"},
            {
                "item": "政策法规资料盒",
                "x": 780,
                "y": 40,
                "width": 80,
                "depth": 320,
                "quantity": 1,
                "colour": "#cfe2ff",
            },
            {"item": "层位标签", "x": 20, "y": 370, "width": 300, "depth": 20, "quantity": 1, "colour": "#e2e3e5"},
        ],
    },
]
