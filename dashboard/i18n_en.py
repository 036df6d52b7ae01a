"""English for every app-owned string of the dashboard, keyed by the Chinese source string (dashboard.i18n).

Placeholders ({name}, {year}, …) are the same in both languages. Numbers read the English way: "percentage points"
for 百分点, "units" for 个 (单位). Data values (institution, unit and scheme names) are never translated.
"""

from __future__ import annotations

EN: dict[str, str] = {
    # ---------------------------------------------------------------- router and sidebar
    "评议 Pingyi": "Pingyi",
    "### 评议 Pingyi": "### Pingyi",
    "语言 / Language": "Language",
    "没有找到数据仓库:{pointer}。请先运行 `pingyi demo` 或 `pingyi ingest`。\n\nNo warehouse at {pointer}: run "
    "`pingyi demo` or `pingyi ingest` first.": "No warehouse at {pointer}: run `pingyi demo` or `pingyi ingest` first.",
    "数据仓库中还没有评议结果或会议记录,请先用 `pingyi ingest` 载入。 / The warehouse holds no ratings or meetings yet: "
    "load some with `pingyi ingest`.": "The warehouse holds no ratings or meetings yet: load some with `pingyi ingest`.",
    "链接中的语言“{v}”无效,已忽略。": "The link's language “{v}” is not valid and was ignored.",
    "链接中的院校“{v}”不在数据中,已忽略。": "The link's institution “{v}” is not in the data and was ignored.",
    "链接中的年度范围“{v}”无效(可选 {low}–{high}),已忽略。": "The link's year range “{v}” is not valid ({low}–{high} available) and was ignored.",
    "链接中的单位类型“{v}”无效,已忽略。": "The link's unit type “{v}” is not valid and was ignored.",
    "链接中的指标“{v}”无效,已忽略。": "The link's metric “{v}” is not valid and was ignored.",
    "链接中的院校“{v}”不在所选院校中,已忽略。": "The link's institution “{v}” is not among the selected ones and was ignored.",
    "链接中的年度“{v}”无效,已忽略。": "The link's year “{v}” is not valid and was ignored.",
    "院校": "Institution",
    "选择院校": "Choose institutions",
    "年度范围": "Years",
    "年度范围:{low}": "Years: {low}",
    "单位类型": "Unit types",
    "选择单位类型": "Choose unit types",
    "指标": "Metric",
    "演示数据:院校与人员均为虚构 / Demo data: fictional institutions and people": "Demo data: fictional institutions and people",
    "总览": "Overview",
    "单位类型趋势": "Unit-type trends",
    "院校对比": "Compare institutions",
    "会议与报告": "Meetings and reports",
    "单位档案": "Unit profile",
    "口径说明": "Schemes and definitions",
    "数据载入": "Data loading",
    "{page} · 评议 Pingyi": "{page} · Pingyi",
    "本页不按{what}筛选。": "This page is not filtered by {what}.",
    # ---------------------------------------------------------------- 数据载入 (dashboard/app_pages/admin.py,
    # dashboard/load_tables.py, dashboard/mapping.py)
    "只有管理员可以载入数据": "Only administrators can load data",
    "每个文件不超过 {per} MB,合计不超过 {total} MB;允许的类型:{types}。先试运行查看将载入与被拒绝的行,确认后再载入。"
    "未确认的上传在 {keep} 分钟后删除。": "Up to {per} MB per file and {total} MB in total; allowed types: {types}. Preview first (what would load "
    "and what is rejected), then confirm. Unconfirmed uploads are deleted after {keep} minutes.",
    "您的账号只能载入、查看和撤销这些院校的数据:{names}": "Your account may load, view and undo data of these institutions only: {names}",
    "选择文件": "Choose files",
    "院校(文件未注明时)": "Institution, when the files do not say",
    "年度(文件未注明时)": "Year, when the files do not say",
    "试运行": "Preview",
    "载入": "Loading",
    "{title}:{n} 个文件 …": "{title}: {n} file(s) …",
    "{title}:已处理 {done}/{total}": "{title}: processed {done}/{total}",
    "{title}:完成": "{title}: done",
    "{n} 个文件被拒绝,未保存": "{n} file(s) refused and not saved",
    "试运行失败": "The dry run failed",
    "试运行结果(尚未写入)": "Dry run (nothing written yet)",
    "列与字段对应:{name}": "Columns and fields: {name}",
    "已采用为相同表头保存的对应关系,可在下面修改": "The mapping saved for these headers was applied; change it below if needed",
    "未找到这些字段:{fields}。请为相应的列选择字段。": "These fields were not found: {fields}. Choose a field for the "
    "columns that hold them.",
    "(无表头)": "(no header)",
    "(未指定)": "(not mapped)",
    "记住此对应关系(下次相同表头的文件自动采用)": "Remember this mapping (offered for the next file with the same headers)",
    "按所选字段重新试运行": "Preview again with these fields",
    "这些表头在不同文件中对应不同字段,请分开上传这些文件:{headers}": "These headers map to different fields in different files; upload those files separately: {headers}",
    "对已有数据的影响(按院校年度)": "What this changes in the data already loaded (per institution and year)",
    "{institution} {year}:新增 {a}、变更 {c}、移除 {r}": "{institution} {year}: {a} added, {c} changed, {r} removed",
    "{title}:与先前载入的数据不同的单位不会载入,除非选择“替换”": "{title}: units that differ from what was loaded before will not load unless you choose 'replace'",
    "{title}:将移除该院校年度已有单位的 {share},超过设定的上限": "{title}: removes {share} of the units already loaded for that year, more than the set limit",
    "我确认移除上面列出的单位": "I confirm removing the units listed above",
    "您的账号不能载入这些院校的数据:{names}": "Your account may not load data of these institutions: {names}",
    " 或 ": " or ",
    "单位明细:{title}": "Units: {title}",
    "新增": "added",
    "变更": "changed",
    "移除": "removed",
    "以本次文件替换所涉院校年度的已有数据": "Replace the data already loaded for these institutions and years",
    "不勾选时,与先前载入的数据重复的单位被拒绝;勾选后,本次文件取代所涉院校年度的已有数据。": "Unticked, units already loaded by an earlier batch are rejected as conflicts; ticked, these files replace "
    "what was loaded for the institutions and years they name.",
    "将载入的行(前 20 行)": "Rows that would load (first 20)",
    "被拒绝的行 {n} 行及原因": "{n} rejected rows and why",
    "确认载入": "Confirm load",
    "上传已过期(超过 {keep} 分钟未确认),请重新上传并试运行": "The upload expired (not confirmed within {keep} minutes): upload the files again and preview",
    "已保存列与字段的对应关系,相同表头的文件下次自动采用": "The column mapping was saved: files with the same headers get it automatically next time",
    "对应关系未能保存:{err}": "The mapping could not be saved: {err}",
    "载入失败": "The load failed",
    "有文件未能载入,见下表": "Some files could not load, see below",
    "已载入": "loaded",
    "载入完成": "Loaded",
    "载入记录": "Batch history",
    "还没有数据仓库": "No warehouse yet",
    "当前版本:{name}": "current version: {name}",
    "没有可回滚的更早版本": "No earlier version to roll back to",
    "最近一次载入涉及您无权管理的院校,不能由您回滚": "The last load touched institutions you do not manage: you cannot roll it back",
    "回滚到上一版本": "Roll back to the previous version",
    "将撤销最近一次载入,上一版本重新成为当前版本。撤销的批次:": "This undoes the last load: the previous version becomes current again. Batches undone:",
    "确认回滚": "Confirm rollback",
    "取消": "Cancel",
    "回滚中 …": "rolling back …",
    "已回到版本 {name};撤销了 {n} 个批次": "Back at version {name}; {n} batch(es) undone",
    "已回滚": "Rolled back",
    "回滚失败": "Rollback failed",
    "操作记录(审计日志,最近 {n} 条)": "Audit log (latest {n} entries)",
    "还没有操作记录": "Nothing recorded yet",
    # the page's tables: headers, kinds, statuses, events
    "文件": "File",
    "状态": "Status",
    "读入行数": "Rows read",
    "载入行数": "Rows loaded",
    "拒绝行数": "Rows rejected",
    "批次": "Batch",
    "工作表": "Sheet",
    "行": "Row",
    "列": "Column",
    "值": "Value",
    "原因": "Reason",
    "记录": "Records",
    "新增单位": "Units added",
    "变更单位": "Units changed",
    "移除单位": "Units removed",
    "不变单位": "Units unchanged",
    "表头": "Header",
    "示例值": "Sample values",
    "识别为": "Read as",
    "载入时间(UTC)": "Loaded at (UTC)",
    "载入人": "Loaded by",
    "时间(UTC)": "Time (UTC)",
    "事件": "Event",
    "用户": "User",
    "角色": "Role",
    "结果": "Outcome",
    "客户端": "Client",
    "详情": "Details",
    "无变化(已载入过)": "unchanged (loaded before)",
    "未能载入": "failed",
    "可载入(试运行)": "would load (dry run)",
    "已被替换": "replaced",
    "已被新数据取代": "superseded",
    "被拒绝": "refused",
    "评议结果": "results",
    "单位名录": "units registry",
    "评分口径": "scheme",
    "新闻与通知": "news items and notices",
    "述职名单": "roster",
    "自动识别": "detected",
    "登录": "login",
    "登录失败": "failed login",
    "退出登录": "logout",
    "账号锁定": "lockout",
    "导出": "export",
    "上传": "upload",
    "回滚": "rollback",
    "回滚被拒绝": "rollback refused",
    "载入被拒绝": "load refused",
    "成功": "ok",
    "失败": "failed",
    "票种": "Rater group",
    "测评项目": "Item",
    "好": "Good",
    "较好": "Fairly good",
    "一般": "Average",
    "差": "Poor",
    "评定等次": "Official grade",
    "排名": "Rank",
    "备注": "Remarks",
    "源文件行号": "Source row",
    "单位(党组织)名称": "unit (Party organisation) name",
    "书记(述职人)": "secretary (who reported)",
    "票种(评议主体)": "rater group",
    "“好”票数": "'good' votes",
    "“较好”票数": "'fairly good' votes",
    "“一般”票数": "'average' votes",
    "“差”票数": "'poor' votes",
    "弃权票数": "abstentions",
    "评定等次(评议结果)": "official grade (published result)",
    "等次(长表:本行所计等次)": "grade (long layout: the grade this row counts)",
    "票数(长表:本行票数)": "votes (long layout: this row's count)",
    "不载入此列": "ignore this column",
    "被拒绝的文件": "files refused",
    "试运行(未写入)": "dry run",
    "版本": "version",
    "当前版本": "current version",
    "撤销的版本": "version undone",
    "错误": "error",
    # ---------------------------------------------------------------- shared words
    "、": ", ",
    "。": ".",
    ",": ", ",
    ";": "; ",
    ":": ": ",
    "等": " and more",
    "年度": "Year",
    "单位": "Unit",
    "单位数": "Units",
    "名次": "Rank",
    "说明": "Note",
    "口径": "Scheme",
    "口径:": "Scheme: ",
    "等次": "Grade",
    "得分": "Score",
    "类型": "Type",
    "占比": "Share",
    "未知": "unknown",
    "无": "none",
    "百分点": "percentage points",
    "分": "points",
    "不显著": "not significant",
    "{n} 个": "{n} units",
    "{d} 个": "{d} units",
    "{pp} 个百分点": "{pp} percentage points",
    "{d} 分": "{d} points",
    "{y}年度": "{y}",
    "持平": "unchanged",
    "导出需分析员或管理员角色 / Exports need the analyst or admin role": "Exports need the analyst or admin role",
    # the login gate (dashboard/auth.py) and roles (warehouse.access.ROLE_ZH), ready for t()
    "退出登录 {name} / Log out": "Log out {name}",
    "请先登录 / Please log in": "Please log in",
    "使用单位统一身份认证登录 / Log in with single sign-on": "Log in with single sign-on",
    "用户名 / User name": "User name",
    "密码 / Password": "Password",
    "登录 / Log in": "Log in",
    "用户名或密码不正确 / Wrong user name or password": "Wrong user name or password",
    "演示模式:已自动以演示用户(只读)登录 / Demo mode: logged in automatically as a read-only demo user": "Demo mode: logged in automatically as a read-only demo user",
    "账号登录 / Log in with an account": "Log in with an account",
    "返回演示 / Back to the demo": "Back to the demo",
    "退出单点登录 / Sign out of single sign-on": "Sign out of single sign-on",
    "登录失败次数过多,已暂时锁定,{minutes} 分钟后(UTC {until})解除。 / Too many failed logins: locked for "
    "{minutes} more minutes, until {until} UTC.": "Too many failed logins: locked for {minutes} more minutes, until "
    "{until} UTC.",
    "登录请求过多,请稍后再试。 / Too many login attempts right now: try again in a moment.": "Too many login attempts right now: try again in a moment.",
    "登录已结束(已退出或已过期),请重新登录。 / Your login has ended (logged out or expired): log in again.": "Your login has ended (logged out or expired): log in again.",
    "账号 {name} 已被删除,登录已结束。{contact}。 / The account {name} no longer exists: you have been logged out.": "The account {name} no longer exists: you have been logged out ({contact}).",
    "此演示服务器的数据仓库中已有真实数据,自动演示登录已关闭;请用账号登录。 / This demo server's warehouse now holds "
    "real data, so the automatic demo login is off: log in with an account.": "This demo server's warehouse now holds "
    "real data, so the automatic demo login is off: log in with an account.",
    "页面出错,已记录。请把参考编号 {ref} 告诉数据管理员。 / Something went wrong on this page and it was logged: give the "
    "data administrator the reference {ref}.": "Something went wrong on this page and it was logged: give the data "
    "administrator the reference {ref}.",
    "演示模式:退出后可刷新页面重新以演示用户登录 / Demo mode: reload the page to log in as the demo user": "Demo mode: after logging out, reload the page to log in as the demo user again",
    "请联系数据管理员用 `pingyi users add` 添加账号 / ask the data administrator to add you with `pingyi users add`": "ask the data administrator to add you with `pingyi users add`",
    "没有账号?{contact}": "No account? Then {contact}.",
    "账号 {email} 没有访问权限。{contact}。 / {email} has no access.": "{email} has no access: {contact}.",
    "(无邮箱 / no e-mail)": "(no e-mail)",
    "查看": "viewer",
    "分析(可导出)": "analyst (may export)",
    "管理(载入、用户)": "admin (loading, users)",
    # ---------------------------------------------------------------- captions
    "口径:所选范围内没有评议结果。": "Scheme: no ratings in the selection.",
    "口径:{label}(所选院校与年度均用此口径)。": "Scheme: {label} (used by every selected institution and year).",
    " 等 {n} 处": " and {n} in all",
    "口径不一:{parts}。": "Schemes differ: {parts}.",
    "参评人数较少时,几票之差属于正常波动,不宜解读为变化。": "With few raters, a difference of a few votes is ordinary noise, not a change.",
    "每个单位约 {voters} 人参评,一票约合单个单位 {step} 个百分点;几票之差属于正常波动(噪声),不宜解读为变化。": "About {voters} raters per unit: one vote is about {step} percentage points of one unit; a difference of a few "
    "votes is ordinary noise, not a change.",
    ";一个单位等次变化即占 {pp} 个百分点": "; one unit changing grade moves it by {pp} percentage points",
    "每个单位约 {voters} 人参评,几票之差可改变等次{unit},属于正常波动,不宜解读为变化。": "About {voters} raters per unit: a few votes can change a grade{unit}; that is ordinary noise, not a change.",
    "每个单位约 {voters} 人参评,几票之差可使单位得分变动数分,属于正常波动,不宜解读为变化。": "About {voters} raters per unit: a few votes move a unit's score by several points; that is ordinary noise, "
    "not a change.",
    "n 为参与计算的单位数。": "n is the number of units counted.",
    "口径:直接按票数计算(各票种合并,弃权不计),不受各院校分值、门槛与权重影响;所选范围含 {n} 种评分口径。": "Scheme: computed straight from the votes (rater groups pooled, abstentions excluded), unaffected by each "
    "institution's points, thresholds and weights; the selection spans {n} scoring scheme(s).",
    "等次为综合评价等次:有党委评定等次时用评定等次,否则按口径阈值由得分计算;柱内数字(年度不多时)与悬停提示为单位数。": "Grades are final grades: the official grade where the Party committee gave one, else computed from the score "
    "and the scheme's thresholds; the numbers in the bars (when there are few years) and the hover give units.",
    "名次按{metric}在所选院校中逐年排列,1 为最高,数值相同者名次并列。": "Ranks order the selected institutions by {metric} each year, 1 = highest; equal values share a rank.",
    " 名次相邻的院校相差往往只有几票,属于正常波动。": " Neighbouring ranks are often only a few votes apart: ordinary noise.",
    "“不显著”:把该院校所选单位的票合并(好票或好+较好票 ÷ 有效票),本年与上年的 95% 置信区间(Wilson 区间)"
    "重叠,几票之差不足以说明有变化。": "“not significant”: with the votes of the institution's selected units pooled ('good' or 'good' + 'fairly "
    "good' votes ÷ graded votes), this year's and last year's 95% confidence intervals (Wilson) overlap: a few "
    "votes do not show a change.",
    "上年为前一个年度(可早于所选年度范围);变化 = 本年 − 上年。": "Previous = the year before (it may lie before the selected years); change = this year − previous.",
    "未选择院校:请在左侧边栏选择至少一所院校。 / No institution selected: choose at least one in the sidebar.": "No institution selected: choose at least one in the sidebar.",
    "未选择单位类型:请在左侧边栏选择至少一种单位类型。 / No unit type selected: choose at least one.": "No unit type selected: choose at least one in the sidebar.",
    "所选院校在 {years} 年没有{types}单位的“{metric}”数据,请放宽年度范围、院校或单位类型。"
    " / No ratings match these filters: widen the years, institutions or unit types.": "No “{metric}” for {types} units of the selected institutions in {years}: widen the years, institutions or "
    "unit types.",
    # ---------------------------------------------------------------- tables
    "{metric}(分)": "{metric} (points)",
    "上年(分)": "previous (points)",
    "变化(分)": "change (points)",
    "上年(%)": "previous (%)",
    "变化(百分点)": "change (percentage points)",
    "无上年数据": "no previous year",
    "{ns}:两年 95% 置信区间(Wilson)重叠,属随机波动": "{ns}: the two years' 95% confidence intervals (Wilson) overlap, chance variation",
    "±{pp} 个百分点内:几票之差,属随机波动": "within ±{pp} percentage points: a few votes, chance variation",
    # ---------------------------------------------------------------- charts
    "各类单位的{metric}(按年度)": "{metric} by unit type and year",
    "各类单位{metric}的分布(每点一个单位)": "Spread of {metric} within each unit type (one point per unit)",
    "各类单位的综合评价等次构成": "Final grades by unit type",
    "单位占比": "share of units",
    ":{n} 个单位({share})": ": {n} units ({share})",
    "各院校的{metric}(按年度)": "{metric} by institution and year",
    "各院校{metric}的名次(1 = 所选院校中最高)": "Rank by {metric} (1 = highest of the selected)",
    ":第 {rank} 名(共 {n} 所)": ": rank {rank} of {n}",
    "述职方式轮换(每格一个单位一年;⚠ = 周期内未现场述职)": "Reporting mode by unit and year (⚠ = no on-site report within the cycle)",
    "{unit}({type})": "{unit} ({type})",
    "述职报告关键词(提及该词的报告占比)": "Report keywords (share of reports naming the word)",
    ":{share}({n}/{total} 份)": ": {share} ({n}/{total} reports)",
    "报告占比": "share of reports",
    "综合评价等次": "final grade",
    "{name}:得分与综合评价等次(按年度)": "{name}: score and final grade by year",
    "{name}:各等次票数占比(按年度与票种)": "{name}: votes by grade (by year and rater group)",
    "{name}:各等次票数占比(按年度)": "{name}: votes by grade (by year)",
    ":{n}/{total} 票({share})": ": {n}/{total} votes ({share})",
    "票数占比": "share of votes",
    "各类单位的{metric}(按年度,分类型小图)": "{metric} by unit type and year (one panel per type)",
    "各院校的{metric}相对本院校首年的变化({unit})": "{metric}: change since each institution's first year ({unit})",
    "比 {base} 年 {change} {unit}": "{change} {unit} on {base}",
    "相对首年({unit})": "change since first year ({unit})",
    "各院校的{metric}:{a} 与 {b} 年": "{metric}: {a} and {b}",
    # ---------------------------------------------------------------- grade lists and rosters (dashboard/coverage.py)
    "{name}({years}年度)": "{name} ({years})",
    "该校仅公布等次 / this institution published grades only:{names} 只公布了各单位的评议等次,没有票数和"
    "得分,无法计算{metric};此处显示评为“好”的单位占比。": "This institution published grades only: {names} published each unit's grade, with no votes and no score, "
    "so the {metric} cannot be computed; shown here instead: the share of units graded 'good'.",
    "该校仅公布等次 / this institution published grades only:{names} 只公布了各单位的评议等次,没有票数和得分,"
    "无法计算{metric}。请在侧栏“指标”中选择“评为“好”的单位占比”。": "This institution published grades only: {names} published each unit's grade, with no votes and no score, "
    "so the {metric} cannot be computed. Choose “share of units graded 'good'” under Metric in the sidebar.",
    "{names} 仅公布等次,没有{metric},未计入此图;在侧栏“指标”中选择“评为“好”的单位占比”可一并比较。": "{names} published grades only and have no {metric}: not in this chart. Choose “share of units graded "
    "'good'” under Metric in the sidebar to compare them too.",
    "评为“好”的单位占比": "Share of units graded 'good'",
    "该校仅公布等次 / this institution published grades only:{name} {year}年度只公布了各单位的评议等次,"
    "没有票数和得分,平均得分、好评率与满意率无从计算;此处按等次统计单位数与评为“好”的单位占比。": "This institution published grades only: for {year} {name} published each unit's grade, with no votes and "
    "no score, so there is no mean score, good rate or positive rate; units are counted by grade here, with the "
    "share of units graded 'good'.",
    "{name} {year}年度只有述职名单(各单位的述职方式与书记),没有评议结果;现场述职轮换见“会议与报告”页。"
    "载入评议结果后,此处显示等次与得分。": "For {year} only a roster of {name} is known (each unit's reporting mode and secretary), no results; the "
    "on-site rotation is on the Meetings and reports page. Once results are loaded, grades and scores show here.",
    ",评为“好”的单位 {n} 个,占有等次单位的 {rate}%": ", {n} units graded 'good', {rate}% of the units with a grade",
    "该校仅公布等次,没有得分:列出评为一般或差的单位。点“查看档案”打开该单位的逐年档案。": "This institution published grades only, no scores: the units graded average or poor are listed. Click "
    "“open profile” to see a unit year by year.",
    "等次为党委公布的评议等次,不涉及计分口径。": "Grades as published by the Party committee; no scoring scheme applies.",
    "该单位只有评议等次(所在院校仅公布等次),没有票数与得分:{grades}。逐年情况见下表。": "This unit has grades only (its institution published grades only), no votes and no score: {grades}. "
    "Year by year in the table below.",
    "{year}年度 {grade}": "{year}: {grade}",
    "该校仅公布等次 / this institution published grades only:{names} 只公布了各单位的评议等次,没有票数和得分,"
    "上表的分值、门槛与权重对其不适用;其综合评价等次即公布的等次。": "This institution published grades only: {names} published each unit's grade, with no votes and no score; "
    "the points, thresholds and weights above do not apply, and the final grade is the published one.",
    "- **只公布等次的院校**:院校只公布各单位的评议等次(好、较好、一般、差)而没有票数和得分时,平均得分、好评率、满意率"
    "均为空(不记为 0),按等次统计单位数与评为“好”的单位占比。\n"
    "- **述职名单**:只有各单位述职方式(现场、书面等)与书记的名单,计入单位数与现场、书面述职数,不计入等次统计。": "- **Institutions that publish grades only**: when an institution publishes each unit's grade (good, fairly "
    "good, average, poor) with no votes and no score, the mean score, good rate and positive rate are empty (never "
    "0); units are counted by grade, with the share of units graded 'good'.\n"
    "- **Rosters**: a list of units with their reporting mode (on site, written, …) and secretary counts in the "
    "units and the on-site and written counts, not in the grade counts.",
    "{year}年度 {type}类 评为“好”的单位占比 {moved}。": "{year}, {type} units: share graded 'good' {moved}.",
    "{names} 在所选年度只有述职名单(各单位的述职方式与书记),没有评议结果;现场述职轮换见“会议与报告”页。"
    " / Only rosters (reporting modes and secretaries) are known for these years, no results.": "Only rosters are known for {names} in these years (each unit's reporting mode and secretary), no results; "
    "the on-site rotation is on the Meetings and reports page.",
    # ---------------------------------------------------------------- 单位类型趋势
    "各类单位逐年变化": "Each unit type over the years",
    "分类型小图": "One panel per type",
    "每种单位类型一个小图,纵轴相同 / one panel per unit type": "One panel per unit type, same vertical axis",
    "每个小图一种单位类型,各小图纵轴相同,可直接比较高低。": "One panel per unit type on the same vertical axis, so levels compare directly.",
    "类内分布": "Spread within each type",
    "每个点是一个单位一年的值,箱体为四分位范围,横线为中位数。": "Each point is one unit in one year; the box is the interquartile range, the line the median.",
    "等次构成": "Grade mix",
    "所选范围内的单位没有综合评价等次。 / No final grades in this selection.": "No final grades in this selection.",
    # ---------------------------------------------------------------- 院校对比
    "所选院校或年度的得分来自不同口径(等次折分、权重或阈值不同),不宜直接比较;"
    "建议改用好评率、满意率或“好”单位占比。 / Scores come from different schemes and are not comparable: "
    "prefer the shares.": "Scores of the selected institutions or years come from different schemes (grade points, weights or "
    "thresholds) and are not comparable: prefer the good rate, the positive rate or the share of 'good' units.",
    "逐年对比": "Year by year",
    "以各院校首年为基准": "Relative to each institution's first year",
    "每所院校减去自己在所选范围内第一个有数据年度的值,比较各自的变化而非高低": "Each institution minus its own value in its first year with data in the range: compares changes, not levels",
    "纵轴 = 当年值 − 该院校在所选年度范围内第一个有数据年度的值(单位:{unit}),每条线从 0 开始;"
    "比较的是各自的变化,不是高低。": "Vertical axis = the year's value − the institution's value in its first year with data in the range (in "
    "{unit}); every line starts at 0, so it compares changes, not levels.",
    "同比变化": "Change on the year before",
    "{metric}同比变化": "{metric}: change on the year before",
    "两年对比": "Two years compared",
    "所选范围只有 {year} 年的数据,需要至少两个年度才能画两年对比;请在侧栏放宽年度范围。": "The selection has data for {year} only; two years are needed: widen the years in the sidebar.",
    "起始年度": "From",
    "结束年度": "To",
    "请选择两个不同的年度。": "Choose two different years.",
    "没有院校在 {a} 年与 {b} 年都有数据,请换两个年度。": "No institution has data in both {a} and {b}: choose other years.",
    "每条线连接一所院校 {a} 年与 {b} 年的值,只画两年都有数据的院校": "Each line joins an institution's values in {a} and {b}; only institutions with data in both years are drawn",
    "(未画:{names})": " (not drawn: {names})",
    ";线越陡变化越大。": "; the steeper the line, the larger the change.",
    # ---------------------------------------------------------------- 会议与报告
    "评议会议": "Appraisal meetings",
    "所选院校在 {a}–{b} 年度没有会议记录。会议来自新闻稿与通知:`pingyi ingest 新闻稿.txt`。": "No meetings recorded for the selected institutions in {a}–{b}. Meetings come from news items and notices: "
    "`pingyi ingest news.txt`.",
    "会议日期": "Meeting date",
    "层级": "Level",
    "主持": "Chair",
    "现场述职": "On site",
    "书面述职": "Written",
    "单位总数": "Units in all",
    "来源": "Source",
    "会议日期、人数等取自新闻稿与通知原文(每项的出处句子存于 meetings.evidence);原文未写明的项留空,不作推测。": "Meeting dates and counts are taken from the news items and notices (each with its source sentence in "
    "meetings.evidence); what the text does not say is left empty, not guessed.",
    " 其中 {n} 次会议原文只写月日,年份由年度或发布日期推定。": " For {n} meeting(s) the text gives only month and day; the year was inferred from the appraisal year or the "
    "publication date.",
    "另有 {n} 所院校有会议记录,在侧栏“院校”中加入即可查看:": "{n} more institution(s) have meeting records; add them under “Institutions” in the sidebar to see them: ",
    "现场述职轮换": "On-site rotation",
    "轮换周期(年)": "Rotation cycle (years)",
    "在此年数内至少现场述职一次;超过即标注 ⚠": "Each unit should report on site once within this many years; beyond it ⚠",
    "{name} 在所选年度没有记录各单位的述职方式。": "{name} has no reporting modes recorded in the selected years.",
    "{n} 个单位在最近 {cycle} 个年度内没有现场述职:": "{n} unit(s) did not report on site in the last {cycle} years: ",
    "每个单位在最近 {cycle} 个年度内都至少现场述职过一次。": "Every unit reported on site at least once in the last {cycle} years.",
    "每格为一个单位一个年度的述职方式;{onsite}标为橙色。周期内未现场述职 = 截至所选最后年度的 {cycle} 个"
    "年度中没有一次现场述职(设立不足一个周期的单位不计)。": "Each cell is one unit's reporting mode in one year; {onsite} is orange. No on-site report within the cycle = "
    "none in the {cycle} years up to the last selected year (units younger than one cycle are not counted).",
    "{name} 述职方式轮换": "{name}: reporting-mode rotation",
    "述职报告": "Secretaries' reports",
    "搜索(标题、单位、书记、关键词)": "Search (title, unit, secretary, keyword)",
    "例如:整改、支部": "e.g. rectification, branch",
    "没有标题、单位、书记或关键词含“{q}”的述职报告。": "No report has “{q}” in its title, unit, secretary or keywords.",
    "所选范围内没有述职报告。报告可由元数据表或 Word/PDF 文档载入:`pingyi ingest 报告目录/`。": "No reports in the selection. Reports load from a metadata table or Word/PDF documents: "
    "`pingyi ingest reports/`.",
    "书记": "Secretary",
    "述职方式": "Reporting mode",
    "标题": "Title",
    "字数": "Characters",
    "问题条数": "Problems",
    "措施条数": "Measures",
    "关键词": "Keywords",
    "问题条数与措施条数按报告中“问题/不足”与“整改措施/下一步”部分的分条(一是…二是…、(一)(二)、1. 2.)计数;"
    "关键词由 jieba 提取。": "Problems and measures count the numbered points of the reports' “problems” and “measures / next steps” "
    "sections; keywords are extracted with jieba.",
    "每条线为一个高频关键词:当年提及该词的报告数 ÷ 当年报告数。报告份数少时比例波动大。": "Each line is a frequent keyword: reports naming it that year ÷ reports that year. With few reports the "
    "shares swing widely.",
    # ---------------------------------------------------------------- 总览
    "主要指标": "Headline figures",
    "全部 {n} 个单位:明细、院内名次与导出": "All {n} units: details, ranks and exports",
    "**{reason}**(共 {n} 个单位):{units}": "**{reason}** (of {n} units): {units}",
    "**{reason}**(与 {prev} 年度相比):{units}": "**{reason}** (against {prev}): {units}",
    "**{reason}**:{units}": "**{reason}**: {units}",
    "{score} 分": "{score}",
    "{change} 分": "{change} points",
    "({grade})": " ({grade})",
    "等 {n} 个": " and others ({n} in all)",
    "请在侧栏选择院校。": "Choose institutions in the sidebar.",
    "{name} 只有会议记录(述职评议会的日期、人数等),没有载入各单位的评议结果,无法给出总览;"
    "会议记录见“会议与报告”页。载入评议结果:`pingyi ingest 评议结果.xlsx`。 / Only meeting facts are known for "
    "this institution: load its ratings to see the overview.": "Only meeting facts are known for {name}: load its ratings (`pingyi ingest ratings.xlsx`) to see the "
    "overview; the meetings are on the “Meetings and reports” page.",
    "{name} 在所选年度范围 {range} 内没有评议结果;有评议结果的年度:{years}。请在侧栏放宽年度范围。": "{name} has no ratings in {range}; years with ratings: {years}. Widen the years in the sidebar.",
    "{name} {year}年度": "{name}, {year}",
    "评议单位": "Units rated",
    "现场 / 书面述职": "On site / written",
    "平均得分": "Mean score",
    "好评率": "Good rate",
    "满意率(好+较好)": "Positive rate (good + fairly good)",
    "一般或差的单位": "Units graded average or poor",
    "现场 {a},书面 {b}": "on site {a}, written {b}",
    "{name} 在 {year} 年度之前没有评议结果,无法计算同比变化。": "{name} has no ratings before {year}: no change on the year before.",
    "变化为与 {prev} 年度(该院校上一个有评议结果的年度)相比;好评率、满意率的变化以百分点计。": "Changes are against {prev} (the institution's previous year with ratings); rate changes are in percentage "
    "points.",
    " 标“不显著”的变化:把全院校的票合并计算,两年的 95% 置信区间(Wilson 区间)重叠,几票之差不足以说明有变化。": " “not significant”: with all the institution's votes pooled, the two years' 95% confidence intervals "
    "(Wilson) overlap: a few votes do not show a change.",
    " 两年评分口径不同({a} → {b}),平均得分不宜直接比较。": " The two years use different schemes ({a} → {b}): mean scores are not directly comparable.",
    "{year}年度 {name} 共评议 {n} 个单位": "In {year}, {name} rated {n} units",
    ",好评率 {rate}%": ", good rate {rate}%",
    "与上年持平": "unchanged on the year before",
    "与{prev}年度持平": "unchanged on {prev}",
    "比上年提高 {pp} 个百分点": "up {pp} percentage points on the year before",
    "比{prev}年度提高 {pp} 个百分点": "up {pp} percentage points on {prev}",
    "比上年下降 {pp} 个百分点": "down {pp} percentage points on the year before",
    "比{prev}年度下降 {pp} 个百分点": "down {pp} percentage points on {prev}",
    "{year}年度 {type}类 好评率 {moved}。": "{year}, {type} units: good rate {moved}.",
    "评为一般或差的单位 {n} 个。": "{n} unit(s) graded average or poor.",
    "没有评为一般或差的单位。": "No unit graded average or poor.",
    "等次分布": "Grade distribution",
    "{name} {year} 年度没有综合评价等次。": "{name} has no final grades in {year}.",
    "{name} {year}年度 各等次单位数": "{name}, {year}: units by grade",
    "{name} {year}年度 综合评价等次(党委评定等次优先)。": "{name}, {year}: final grades (official grades first).",
    "需要关注的单位": "Units needing attention",
    "没有需要特别关注的单位。": "No unit needs particular attention.",
    "得分居后": "score near the bottom",
    "得分较上年下降": "score down on the year before",
    "等次为一般或差": "graded average or poor",
    "院内名次": "Rank in institution",
    "上年得分": "Previous score",
    "关注原因": "Why",
    "档案": "Profile",
    "查看档案": "open profile",
    "{name} {year}年度 需要关注的单位": "{name}, {year}: units needing attention",
    "得分居后、得分较上年下降、等次为一般或差的单位。": "Units whose score is near the bottom or fell on the year before, or graded average or poor.",
    "得分居后 = 得分最低的 5 个单位(至多半数单位,分数相同者并列);得分较上年下降 = 与上一个有评议结果的年度相比降幅"
    "最大的 5 个单位;另列出所有评为一般或差的单位。点“查看档案”打开该单位的逐年档案。": "Score near the bottom = the 5 lowest scores (at most half the units, ties included); score down = the 5 "
    "largest falls against the previous year with ratings; every unit graded average or poor is listed too. "
    "“open profile” shows the unit year by year.",
    " 总览按该院校全部单位统计,不受侧栏单位类型筛选影响。": " The overview counts all the institution's units, whatever unit types the sidebar selects.",
    # ---------------------------------------------------------------- 单位档案
    "没有找到编号为“{unit}”的单位,或您无权查看;请在下方选择单位。 / Unit “{unit}” was not found "
    "or is not accessible: choose a unit below.": "Unit “{unit}” was not found or is not accessible: choose a unit below.",
    "没有编号为“{unit}”的单位,请在下方选择单位。 / Unknown unit id “{unit}”: choose a unit below.": "Unknown unit id “{unit}”: choose a unit below.",
    "所选院校没有单位记录;请在侧栏选择有评议结果的院校。 / No units for the selected institutions.": "No units for the selected institutions: choose institutions with ratings in the sidebar.",
    "{name}({institution})": "{name} ({institution})",
    "类型:{v}": "Type: {v}",
    "层级:{v}": "Level: {v}",
    "评议年度:{v}": "Years rated: {v}",
    "曾用名:": "Former names: ",
    "{name}({years})": "{name} ({years})",
    "{name} 没有评议结果。": "{name} has no ratings.",
    "得分与等次": "Score and grade",
    "该单位没有得分。": "This unit has no scores.",
    "得分按当年口径计算;等次为综合评价等次。": "Scores under each year's scheme; grades are final grades.",
    "当年名称": "Name that year",
    "{years} 年度参评人数少于 {n} 人,不显示各等次票数的构成,以免推知个人投票(阈值可用环境变量 PINGYI_MIN_VOTERS 设置)。": "In {years} fewer than {n} people rated this unit: the votes by grade are not shown, so that no one's vote "
    "can be inferred (the threshold is set with the PINGYI_MIN_VOTERS environment variable).",
    "等次为综合评价等次(有党委评定等次时用评定等次,否则按当年口径由得分计算);柱内数字为票数,弃权不计。": "Grades are final grades (the official grade where given, else computed from the score under that year's "
    "scheme); the numbers in the bars are votes, abstentions excluded.",
    "逐年情况": "Year by year",
    "参评人数": "Raters",
    "好评率(%)": "Good rate (%)",
    "满意率(%)": "Positive rate (%)",
    "同类名次": "Rank in type",
    "{name} 逐年情况": "{name}: year by year",
    "名次:院内与同类单位中按得分排列,分数相同者并列。": "Ranks by score within the institution and within the unit type; ties share a rank.",
    "院内名次 = 在本院校当年全部单位中按得分排列(1 为最高,分数相同者并列);同类名次 = 在本院校当年同类型单位中的名次。": "Rank in institution = by score among all the institution's units that year (1 = highest, ties share a "
    "rank); rank in type = among the institution's units of the same type that year.",
    " {year} 年度等次为党委评定的“{official}”,按得分计算应为“{computed}”。": " In {year} the Party committee graded it “{official}”; its score alone would give “{computed}”.",
    " 各年度评分口径不同,得分跨年比较时请留意口径列。": " The years use different schemes: mind the scheme column when comparing scores across years.",
    "本院校评议会议": "The institution's appraisal meetings",
    "档案显示该单位的全部年度,不受侧栏年度范围与单位类型筛选影响。": "The profile shows every year of the unit, whatever years and unit types the sidebar selects.",
    # ---------------------------------------------------------------- 口径说明
    "各院校所用口径": "Schemes used by each institution",
    "所选院校在 {a}–{b} 年度没有评议结果,因而没有评分口径可说明。": "The selected institutions have no ratings in {a}–{b}, so there is no scheme to describe.",
    "分值 好/较好/一般/差": "Points good/fairly good/average/poor",
    "等次门槛 好/较好/一般": "Thresholds good/fairly good/average",
    "票种权重": "Rater-group weights",
    "指标权重": "Item weights",
    "票数合并(无权重)": "votes pooled (no weights)",
    "各指标平均": "mean of items",
    "评分口径按院校与年度载入(口径文件),未载入者用默认口径。": "Schemes are loaded per institution and years (scheme files); where none was loaded the default applies.",
    "所选范围共用 {n} 种口径。": "The selection uses {n} scheme(s).",
    " 口径不同的院校或年度之间,平均得分与按得分计算的等次不宜直接比较;好评率、满意率直接按票数计算,不受口径影响。": " Between institutions or years with different schemes, mean scores and computed grades are not directly "
    "comparable; the good and positive rates come straight from the votes and do not depend on the scheme.",
    "各项数字的含义": "What each number means",
    "\n- **单位得分**:每个票种、每个测评指标先算平均分 = Σ(等次分值 × 票数) ÷ 有效票数(弃权不计);多个指标取平均\n"
    "  (口径给出指标权重时加权);口径给出票种权重时,按出现的票种加权平均(权重按出现的票种重新归一),否则各票种票数合并计算。\n"
    "  只有得分而无票数的行直接使用该得分。\n"
    "- **计算等次**:按当年口径的门槛由单位得分确定(好、较好、一般,低于一般门槛为差)。\n"
    "- **综合评价等次**:有党委评定等次时用评定等次(可能与计算等次不同,例如结合日常考核),否则用计算等次。\n"
    "- **院内名次**:本院校当年按单位得分从高到低排列,1 为最高,分数相同者并列(1、2、2、4)。\n"
    "- **每个单位计一次**:按单位类型或院校汇总时,先算出每个单位的数值,再对单位取平均,参评人数多的单位不多占权重。\n"
    "- **小样本**:一个单位的参评人数通常只有 10–60 人,一票即可使比例变动数个百分点;几票之差属于正常波动,不宜解读为变化。\n"
    "- **数据来源**:评议结果来自载入的测评汇总表(只存各等次票数,不存个人选票);会议日期与现场、书面述职人数来自新闻稿与通知,\n"
    "  原文未写明的项留空。\n": """
- **Unit score**: for each rater group and each item, mean points = Σ(grade points × votes) ÷ graded votes
  (abstentions excluded); several items are averaged (weighted when the scheme gives item weights); where the scheme
  gives rater-group weights, the groups present are averaged with those weights (renormalised to the groups
  present), else the votes of all groups are pooled. Rows with a score but no votes use that score.
- **Computed grade**: from the unit score and that year's thresholds (good, fairly good, average; below the
  average threshold: poor).
- **Final grade**: the official grade where the Party committee gave one (it may differ from the computed grade,
  e.g. when day-to-day appraisal is taken into account), else the computed grade.
- **Rank in institution**: the institution's units that year by score, highest first, 1 = highest; equal scores
  share a rank (1, 2, 2, 4).
- **Each unit counts once**: totals by unit type or institution first compute each unit's value, then average over
  units, so units with many raters do not weigh more.
- **Small samples**: a unit usually has only 10–60 raters, so one vote moves a share by several percentage points;
  a difference of a few votes is ordinary noise, not a change.
- **Sources**: ratings come from the loaded tally sheets (votes per grade only, never individual ballots); meeting
  dates and the numbers reporting on site or in writing come from news items and notices, and what they do not say
  is left empty.
""",
    # ---------------------------------------------------------------- downloads
    "下载{fmt} / download {fmt}": "Download {fmt}",
    "简报 / briefing pack": "Briefing pack",
    "{name} 没有评议结果,无法生成简报。": "{name} has no ratings: no briefing pack can be made.",
    "对比院校": "Peer institutions",
    "简报 {fmt}": "Briefing pack {fmt}",
    "总体情况、各类单位趋势、与对比院校比较、需关注单位、口径与数据来源(生成约需 10 秒)": "Headline figures, unit-type trends, comparison with peers, units needing attention, schemes and sources "
    "(takes about 10 s)",
    "简报含:标题页、总体指标、各类单位趋势、与对比院校比较、需关注单位、口径与数据来源;PPTX 与 PDF 内容相同。": "The pack holds a title page, headline figures, unit-type trends, a comparison with peers, units needing "
    "attention, schemes and sources; PPTX and PDF have the same content.",
    # ---- dashboard/views: provenance, file names, the 说明 sheet, the overview's sentences (h-views)
    "点“查看档案”打开该单位的逐年档案。": "Click 'profile' to open the unit's year-by-year profile.",
    "{first}等{n}所": "{first} and others ({n})",
    "全部院校": "all institutions",
    "全部年度": "all years",
    "{y}起": "from {y}",
    "至{y}": "to {y}",
    "评议 Pingyi 数据仓库": "Pingyi warehouse",
    " 版本 {v}": " version {v}",
    ";视图:{q}": "; view: {q}",
    "内容": "Contents",
    "数据范围": "Data shown",
    "数据来源": "Source",
    "(共 {n} 批数据,最近一次载入 {d})": " ({n} loads, the latest on {d})",
    "单位:{v}": "Unit: {v}",
    "院校:{v}": "Institutions: {v}",
    "年度:{v}": "Years: {v}",
    "单位类型:{v}": "Unit types: {v}",
    "指标:{v}": "Metric: {v}",
    "口径与说明": "Scheme and notes",
    "未列入": "Not shown",
    "所选院校中 {names} 在所选范围内没有{metric},未列入。": "Of the institutions selected, {names} have no {metric} "
    "in the range selected and are not shown.",
    "变化({unit})": "Change ({unit})",
    "基准年{value}": "Base-year {value}",
    "相对基准年({unit})": "Against the base year ({unit})",
    "{y}年{value}": "{value} {y}",
    "参与排名院校数": "Institutions ranked",
    "每单位参评人数(中位数)": "Raters per unit (median)",
    "基准年度": "Base year",
    "最近现场述职年度": "Last on-site report",
    "周期内未现场述职": "No on-site report within the cycle",
    "提及报告数": "Reports mentioning it",
    "当年报告数": "Reports that year",
    "会议日期、人数等取自新闻稿与通知原文;原文未写明的项留空,不作推测。": "Meeting dates and counts come from the news "
    "items and notices; what they do not say is left empty, not guessed.",
    "是": "yes",
    "得分居后 = 得分最低的 5 个单位(至多半数单位,分数相同者并列);得分较上年下降 = 与上一个有评议结果的年度相比降幅"
    "最大的 5 个单位;另列出所有评为一般或差的单位。": "Score near the bottom = the 5 lowest scores (at most half the "
    "units, ties included); score down = the 5 largest falls since the previous year with results; every unit graded "
    "average or poor is listed too.",
    "该校仅公布等次,没有得分:列出评为一般或差的单位。": "This institution published grades only, no scores: the units "
    "graded average or poor are listed.",
    "院内单位数": "Units in the institution",
    "同类单位数": "Units of the type",
    "({s})": " ({s})",
    "(每个单位约 {v} 人参评)": " (about {v} raters per unit)",
    "{types}类单位各不足 {k} 个,单位数太少,不作逐年比较。": "{types}: fewer than {k} units each, too few to compare "
    "from year to year.",
    "{n} 个单位,{v} 票": "{n} units, {v} votes",
    "{n} 个单位": "{n} units",
    "{year}年度 {type}类({n})好评率 {moved}。": "{year}, {type} units ({n}): good rate {moved}.",
    "{year}年度 {type}类({n} 个单位)评为“好”的单位占比 {moved}。": "{year}, {type} units ({n} units): share graded "
    "'good' {moved}.",
    "{years} 年度参评人数少于 {n} 人,不列各等次票数。": "In {years} fewer than {n} raters: votes by grade not shown.",
    "{grade}(票)": "{grade} (votes)",
    # the questions the views answer (dashboard/views/*: View.question), in 数据来源 and `pingyi export chart --list`
    "各类单位的指标逐年怎样变化": "How each unit type's figure changed over the years",
    "各类单位的指标逐年怎样变化(每种类型一个小图)": "How each unit type's figure changed over the years (one panel "
    "per type)",
    "同类单位之间的指标相差多少": "How far apart units of one type are",
    "各类单位评为好、较好、一般、差的各有多少": "How many units of each type were graded good, fairly good, average, "
    "poor",
    "各院校的指标逐年怎样变化": "How each institution's figure changed over the years",
    "各院校与自己的首年相比变化了多少": "How much each institution changed against its own first year",
    "各院校在所选院校中逐年排第几": "Where each institution ranked among those selected, year by year",
    "各院校比上一年变化了多少,是否超出正常波动": "How much each institution changed on the year before, and whether "
    "beyond chance",
    "两个年度之间各院校升降了多少": "How much each institution rose or fell between two years",
    "一所院校一年中评为好、较好、一般、差的单位各有几个": "How many units of one institution were graded good, fairly "
    "good, average, poor in one year",
    "一所院校一年中哪些单位需要关注,为什么": "Which units of one institution need attention in one year, and why",
    "一个单位的得分与等次逐年怎样变化": "How one unit's score and grade changed over the years",
    "一个单位每年得到的好、较好、一般、差票各占多少": "What share of one unit's votes each grade had, year by year",
    "一个单位逐年的书记、述职方式、得分、等次与名次": "One unit's secretary, reporting mode, score, grade and rank, "
    "year by year",
    "各院校的述职评议会议何时召开、多少单位现场述职": "When each institution's appraisal meeting took place and how "
    "many units reported on site",
    "一所院校的各单位多久现场述职一次,谁超过了轮换周期": "How often each unit of one institution reported on site, "
    "and which are past the cycle",
    "各单位书记的述职报告:标题、问题条数、整改措施与关键词": "The secretaries' reports: titles, problems, measures and "
    "keywords",
    "述职报告里哪些词逐年多了或少了": "Which words became more or less frequent in the reports",
    "各院校各年度用的是哪种评分口径": "Which scoring scheme each institution used in which years",
    # ---- the briefing pack (dashboard/pack.py)
    "{year} 年度述职评议结果简报": "Appraisal results briefing, {year}",
    "生成日期:{d} · 评议 Pingyi": "Generated {d} · Pingyi",
    "述职评议简报": "appraisal briefing",
    "对比院校:{names}": "Peers: {names}",
    "演示数据:院校与人员均为虚构": "Demo data: fictional institutions and people",
    "{name} 述职评议简报": "{name}: appraisal briefing",
    "总体情况": "Overview",
    "口径:{label}": "Scheme: {label}",
    "各类单位趋势": "Trends by unit type",
    "需关注单位": "Units needing attention",
    "{kind} {n} 批(最近载入 {d})": "{kind}: {n} loads (latest {d})",
    "口径与数据来源": "Schemes and sources",
    "{y} 年": "{y}",
    "变化": "Change",
    "{year} 年 {name} {metric}在 {n} 所院校中列第 {rank} 位。": "In {year} {name} ranked {rank} of {n} "
    "institutions by {metric}.",
    "{name} {year} 年无可比数据。": "{name}: nothing to compare in {year}.",
    "与对比院校比较": "Against peers",
    "本年度没有需要特别关注的单位。": "No unit needs particular attention this year.",
    "等次为综合评价等次:有党委评定等次时用评定等次,否则按口径阈值由得分计算。": "Grades are final grades: the "
    "Party committee's grade where given, else computed from the score with the scheme's thresholds.",
    "上年": "Year before",
    "无上一评议年度可比。": "No earlier appraisal year to compare with.",
    "较上年": "On the year before",
    "{names} 仅公布等次,没有{metric},未列入比较。": "{names} published grades only, no {metric}: left out of the "
    "comparison.",
    "需关注单位 {n} 个:": "{n} units need attention: ",
    "(表中列出前 {n} 个)": " (the first {n} are listed)",
    "数据来源:评议 Pingyi 数据仓库": "Source: the Pingyi warehouse",
    "。演示数据,纯属虚构。": ". Demo data, fictional.",
    "({source})": " ({source})",
    "该校仅公布等次:{name} 只公布了各单位的评议等次,没有票数和得分,平均得分、好评率与满意率无从计算;"
    "按等次统计单位数与评为“好”的单位占比。": "Grades only: {name} published each unit's grade, no votes and no "
    "scores, so there is no mean score, good rate or satisfaction rate; units are counted by grade and by the share "
    "graded 'good'.",
    # ---------------------------------------------------------------- gaps in figures (dashboard/chart_base.py)
    "折线断开处:该年无数据": "A break in a line: no data that year",
    "空白格:该年无数据": "Blank cell: no data that year",
    "口径与说明:指标含义、单位数、评分口径与正常波动": "Method: what the figure means, units counted, scheme, chance "
    "variation",
}
