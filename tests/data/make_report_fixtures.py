"""Writes the 述职报告 fixtures in this folder (fictional institutions and people). Run once; commit the output.

    python tests/data/make_report_fixtures.py

Needs python-docx, and reportlab for the PDF (a dev tool only: the committed PDF is what the tests read).
"""

from pathlib import Path

HERE = Path(__file__).parent

# ---------------------------------------------------------------- .docx: heading styles, 一是…, （一）…（四）

DOCX_TITLE = "化学学院党委书记2023年度抓基层党建工作述职报告"
DOCX = [
    ("p", "述职人：化学学院党委书记 周某甲"),
    ("h1", "一、履行抓基层党建工作第一责任人职责情况"),
    (
        "p",
        "2023年，在青石大学党委的坚强领导下，学院党委围绕立德树人根本任务，把党建工作与学科建设、人才培养统筹谋划。",
    ),
    (
        "p",
        "（一）强化政治引领。全年召开党委理论学习中心组学习会12次，组织教工党员赴红色教育基地开展主题党日活动。",
    ),
    ("p", "（二）夯实支部基础。完成7个教工党支部换届，实现“双带头人”支部书记全覆盖，培育样板党支部1个。"),
    ("p", "（三）抓实师德师风。建立师德考核负面清单，在职称评审、评优评先中落实师德一票否决。"),
    ("h1", "二、存在的问题"),
    ("p", "对照年初确定的目标任务，学院党建工作还存在一些差距："),
    ("p", "一是理论学习的系统性不够，部分教师党员满足于完成规定学习篇目，学用结合不紧。"),
    ("p", "二是个别党支部组织生活形式单一，主题党日与实验室科研任务结合不够，吸引力不强。"),
    ("p", "三是党建与业务融合还不够深，在推动科研团队建设、服务地方化工产业方面办法不多。"),
    ("h1", "三、原因分析"),
    ("p", "一是对党建工作的长期性认识不足；二是对支部书记的培训指导不够经常。"),
    ("h1", "四、下一步工作打算"),
    ("p", "（一）深化理论武装。实施“青年教师理论素养提升计划”，每季度开展一次专题研讨。"),
    ("p", "（二）补齐实验室党支部建设短板"),
    ("p", "依托科研团队设置党小组，一是推行支部书记项目化管理，二是开展组织生活质量评议。"),
    ("p", "（三）推动党建业务深度融合。围绕催化材料等重点方向组建党员攻关小组，服务区域绿色化工。"),
    ("p", "（四）从严抓好作风建设。加强对关键岗位和重点环节的监督，持续纠治形式主义、官僚主义。"),
    ("p", "2024年1月10日"),
]


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.author = "Pingyi fixtures"
    document.add_heading(DOCX_TITLE, level=0)  # style "Title"
    for kind, text in DOCX:
        if kind == "h1":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    document.save(str(path))


# ---------------------------------------------------------------- .pdf: a combined heading, （一）/（二） with 1. 2.

PDF_TITLE = "马克思主义学院党总支书记二〇二三年度抓基层党建工作述职报告"
PDF_PARAGRAPHS = [
    "吴某乙同志",
    "一、主要工作及成效",
    "过去一年，党总支坚持以党的政治建设为统领，推动思政课教学改革与教师党支部建设同向发力，"
    "组织集体备课和教学观摩活动二十余场，教师党员在教学竞赛中获奖5项。",
    "1.建强思政课教师队伍，开展新进教师岗前培训和“老带新”结对。",
    "2.推进“三会一课”规范化，建立组织生活台账月度检查制度。",
    "二、存在的不足和今后努力方向",
    "（一）存在的不足",
    "1.教师党支部研究问题、推动发展的作用发挥不够充分，部分支部活动以传达文件为主，与教学科研结合不紧密，"
    "党员参与的主动性有待提高。",
    "2.发展党员工作中对青年教师的政治引领和培养不够经常。",
    "（二）今后努力方向",
    "1.推动教师党支部与教研室融合设置，把集体备课纳入组织生活内容。",
    "2.实施青年教师政治引领工程，建立党总支委员联系青年教师制度。",
    "3.完善党建工作考核，把支部工作成效与年度评优挂钩。",
]


def _wrap(text: str, width: int = 34) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def write_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a built-in CID font: nothing is embedded
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    page.setTitle(PDF_TITLE)
    y = 790
    page.setFont("STSong-Light", 15)
    for line in _wrap(PDF_TITLE, 28):
        page.drawString(50, y, line)
        y -= 24
    page.setFont("STSong-Light", 11)
    for paragraph in PDF_PARAGRAPHS:
        for line in _wrap(paragraph):  # long paragraphs wrap the way a PDF lays them out: one text line each
            page.drawString(50, y, line)
            y -= 17
        y -= 4
    page.save()


# ---------------------------------------------------------------- .txt in GB18030: 1. 2. 3. and 1、2、…

TXT = """附属第一医院党委书记2022年度抓基层党建工作述职报告

汇报人：郑某丙

一、2022年度主要工作
全年医院党委在溪山医科大学党委领导下，把党建工作贯穿医疗服务全过程。
1. 推进党支部建在科室上，临床医技科室党支部实现全覆盖。
2. 开展“党员先锋岗”创建活动，评选党员先锋岗二十个。
3. 加强医德医风建设，受理并办结患者意见建议一百余条。
4. 做好新冠疫情防控中的组织动员工作。

二、存在的问题和不足
1. 部分临床党支部书记忙于业务，抓党建的精力投入不足。
2. 党员教育管理方式较为传统，线上学习平台使用率不高。
3. 党建工作考核指标偏重过程，对医疗质量和患者满意度的关联考虑不够。

三、整改措施
1、实施临床党支部书记轮训，每年至少集中培训一次。
2、建设医院党员教育微课堂，按科室推送学习内容。
3、修订党支部工作考核办法，加入医疗质量和患者满意度指标。
4、建立党委委员联系党支部制度，每季度参加一次支部组织生活。
5、把医德医风问题纳入党员民主评议。

2023年1月6日
"""


# ---------------------------------------------------------------- .html: the report inside page furniture

HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>外国语学院党委书记2023年度述职报告-青石大学党委组织部</title>
<style>.nav li { display: inline; }</style>
<script>var menu = ["首页", "党建动态"];</script>
</head>
<body>
<div class="header"><img src="logo.png" alt="青石大学党委组织部">青石大学党委组织部</div>
<nav class="nav">
  <ul>
    <li><a href="/">首页</a></li><li><a href="/dt">党建动态</a></li>
    <li><a href="/sz">述职报告</a></li><li><a href="/zt">专题学习</a></li><li><a href="/xz">下载中心</a></li>
  </ul>
</nav>
<div class="breadcrumb">当前位置：首页 &gt; 述职报告 &gt; 正文</div>
<div class="main">
  <div class="article">
    <h1>外国语学院党委书记2023年度抓基层党建工作述职报告</h1>
    <p class="info">发布时间：2024-01-22&nbsp;&nbsp;来源：组织部</p>
    <p>孙某丁同志</p>
    <h3>一、工作开展情况</h3>
    <p>2023年，学院党委在青石大学党委领导下，围绕外语人才培养和国际传播能力建设，推动党建与业务同频共振。</p>
    <p>（一）抓思想引领。组织师生党员开展读原著学原文活动，编写双语学习材料。<br>（二）抓组织建设。按学科专业调整设置5个教工党支部。</p>
    <h3>二、存在的问题</h3>
    <p>一是对外籍教师和海外学习学生的思想引领办法不多；二是学生党支部在专业学习中的带动作用不够明显；
    三是基层党建品牌培育缺乏长远规划；四是党建经费使用效益有待提高。</p>
    <h3>三、下一步工作打算</h3>
    <ol>
      <li>健全海外学习学生党员联系制度，定期开展线上组织生活。</li>
      <li>在每个学生党支部设立学业帮扶小组。</li>
      <li>制定学院党建品牌三年培育计划。</li>
    </ol>
  </div>
  <div class="sidebar related"><h4>相关新闻</h4><ul><li>化学学院召开述职会</li><li>问题整改推进会召开</li></ul></div>
</div>
<footer><p>版权所有 © 青石大学党委组织部</p><p>地址：青石市学府路1号</p></footer>
</body>
</html>
"""

# ---------------------------------------------------------------- metadata sheet (a title row over the header)

META = """青石大学2023年度二级党组织书记述职安排,,,,,,
学校,年度,单位,述职人,述职方式,报告题目,述职日期
青石大学,2023,化学学院党委,周某甲,现场述职,化学学院党委书记2023年度抓基层党建工作述职报告,2024-01-19
青石大学,2023,马克思主义学院党总支,吴某乙,书面,马克思主义学院党总支书记2023年度抓基层党建工作述职报告,2024/1/19
青石大学,2023,外国语学院党委,孙某丁,线上,外国语学院党委书记2023年度抓基层党建工作述职报告,2024年1月19日
青石大学,2023,物理学院党委,王某戊,视频会议,物理学院党委书记2023年度抓基层党建工作述职报告,2024-01-19
青石大学,2023,,李某己,现场,2023年度抓基层党建工作述职报告,2024-01-19
青石大学,2023,生命科学学院党委,赵某庚,书面,生命科学学院党委书记2023年度抓基层党建工作述职报告,2024-13-05
青石大学,,图书馆直属党支部,钱某辛,书面,图书馆直属党支部书记2023年度抓基层党建工作述职报告,20240119
说明：现场述职单位按轮换安排确定,,,,,,
"""


def main() -> None:
    write_docx(HERE / "report_chemistry.docx")
    write_pdf(HERE / "report_marxism.pdf")
    (HERE / "report_hospital_gb18030.txt").write_bytes(TXT.encode("gb18030"))
    (HERE / "report_foreign_languages.html").write_text(HTML, encoding="utf-8")
    (HERE / "reports_meta.csv").write_text(META, encoding="utf-8")


if __name__ == "__main__":
    main()
