// schemas/: kind recognition and the mapping of printed grids to canonical
// records, on the table shapes the seed reports print (codes in one column or
// split over 类|款|项, 2 or 3 basic-detail groups, summaries with and without
// 行次, vertical / wide 三公 tables, empty tables), plus the agreement of
// record_fields with schemas/<kind>.schema.json and schema validity of the
// stage's output.
#include "schemas/grid.h"
#include "schemas/kinds.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace juesuan;
using namespace juesuan::test;

namespace {

using Rows = std::vector<std::vector<std::string>>;

std::vector<CellRow> cells(const Rows& rows) {
    std::vector<CellRow> out;
    for (const auto& r : rows) {
        CellRow row;
        for (const auto& t : r) row.push_back(Cell{t, Box{}, 3});
        out.push_back(std::move(row));
    }
    return out;
}

Table make_table(const std::string& title, const Rows& header, const Rows& body) {
    Table t;
    t.title = title;
    t.amount_unit = "万元";
    t.pages = {3};
    t.header = cells(header);
    t.body = cells(body);
    return t;
}

// Runs the schema stage on a document holding this one table.
Table convert(const Table& table, Document* out = nullptr) {
    Document doc;
    doc.source = "sample.pdf";
    doc.tables.push_back(table);
    const Status st = make_schema_stage()->run(doc, Options{});
    REQUIRE(st.ok());
    if (out) *out = doc;
    return doc.tables.front();
}

// Records compared as indented JSON text, so a failure shows both sides.
void check_records(const Table& table, const char* expected) {
    CHECK(table.records.dump(1) == Json::parse(expected).dump(1));
}

const Rows kIncomeHeader{
    {"项 目", "", "", "", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
     "附属单位上缴收入", "其他收入"},
    {"支出功能分类科目编码", "", "", "科目名称", "", "", "", "", "", "", ""},
    {"类", "款", "项", "栏次", "1", "2", "3", "4", "5", "6", "7"},
};

}  // namespace

TEST_CASE("schemas: kinds are identified from the title, the header telling look-alikes apart") {
    const Rows by_subject{{"项目", "", "本年收入合计", "财政拨款收入"}, {"科目代码", "科目名称", "", ""}};
    const Rows by_unit{{"单位名称", "本年收入合计", "财政拨款收入"}};
    CHECK(identify_kind("收入决算表", by_subject) == TableKind::income_by_function);
    CHECK(identify_kind("收入决算表", by_unit) == TableKind::income_by_unit);
    CHECK(identify_kind("收入决算表(分科目)", {}) == TableKind::income_by_function);
    CHECK(identify_kind("收入决算表(分单位)", {}) == TableKind::income_by_unit);
    CHECK(identify_kind("支出决算表(分单位)", {}) == TableKind::expenditure_by_unit);
    CHECK(identify_kind("支出决算表", {{"项目", "", "本年支出合计"}, {"科目代码", "科目名称", ""}}) ==
          TableKind::expenditure_by_function);
    CHECK(identify_kind("支出决算表", {{"单位名称", "本年支出合计", "基本支出"}}) ==
          TableKind::expenditure_by_unit);
    CHECK(identify_kind("收入支出决算总表", {}) == TableKind::income_expenditure_summary);
    CHECK(identify_kind("财政拨款收入支出决算总表", {}) == TableKind::fiscal_grant_summary);
    CHECK(identify_kind("收入支出决算总表",
                        {{"收入", "", "支出", "", "", "", ""},
                         {"项目", "金额", "项目", "合计", "一般公共预算财政拨款",
                          "政府性基金预算财政拨款", "国有资本经营预算财政拨款"}}) ==
          TableKind::fiscal_grant_summary);
    CHECK(identify_kind("一般公共预算财政拨款支出决算表", {}) ==
          TableKind::general_budget_expenditure);
    CHECK(identify_kind("一般公共预算财政拨款基本支出决算明细表", {}) ==
          TableKind::general_budget_basic_detail);
    CHECK(identify_kind("一般公共预算财政拨款基本支出决算表", {}) ==
          TableKind::general_budget_basic_detail);
    CHECK(identify_kind("政府性基金预算财政拨款收入支出决算表", {}) == TableKind::gov_fund);
    CHECK(identify_kind("国有资本经营预算财政拨款支出决算表", {{"项目", "", "本年支出"}}) ==
          TableKind::state_capital_expenditure);
    CHECK(identify_kind("国有资本经营预算财政拨款收入支出决算表", {}) ==
          TableKind::state_capital_income_expenditure);
    CHECK(identify_kind("国有资本经营预算财政拨款支出决算表",
                        {{"项目", "", "年初结转和结余", "本年收入", "本年支出"}}) ==
          TableKind::state_capital_income_expenditure);
    CHECK(identify_kind("财政拨款“三公”经费支出决算表", {}) == TableKind::three_public);
    CHECK(identify_kind("财政拨款“三公”经费及会议费、培训费支出决算表", {}) ==
          TableKind::three_public);
    CHECK(identify_kind("项目支出绩效自评表", {}) == TableKind::performance_self_evaluation);
    CHECK(identify_kind("某某中心单位整体支出绩效自评表", {}) ==
          TableKind::performance_self_evaluation);
    CHECK(identify_kind("部门整体支出绩效评价基础数据表", {}) == TableKind::generic);
    // budget (预算) reports print look-alike titles: not final-account tables
    CHECK(identify_kind("“三公”经费、会议费、培训费支出预算表", {}) == TableKind::generic);
    CHECK(identify_kind("财政拨款收支预算总表", {}) == TableKind::generic);
    CHECK(identify_kind("一般公共预算基本支出预算表(经济科目)", {}) == TableKind::generic);
    CHECK(identify_kind("目录", {{"序号", "内容"}}) == TableKind::generic);
    CHECK(identify_kind("", {}) == TableKind::generic);
}

TEST_CASE("schemas: subject codes split over 类|款|项 columns are joined") {
    const Table t = convert(make_table(
        "收入决算表(分科目)", kIncomeHeader,
        {
            {"", "", "", "合计", "897.41", "897.41", "0.00", "0.00", "0.00", "0.00", "0.00"},
            {"201", "", "", "一般公共服务支出", "2.00", "2.00", "0.00", "0.00", "0.00", "0.00", "0.00"},
            {"201", "36", "", "其他共产党事务支出", "2.00", "2.00", "", "", "", "", ""},
            {"201", "36", "99", "其他共产党 事务支出", "2.00", "2.00", "", "", "", "", "-"},
            {"210", "15", "01", "行政运行", "1,230.76", "1,230.76", "", "", "", "", ""},
        }));
    CHECK(t.kind == TableKind::income_by_function);
    check_records(t, R"J([
 {"code":null,"name":"合计","total":897.41,"fiscal_grant":897.41,"superior_subsidy":0.0,"business_income":0.0,"operating_income":0.0,"affiliated_remittance":0.0,"other_income":0.0},
 {"code":"201","name":"一般公共服务支出","total":2.0,"fiscal_grant":2.0,"superior_subsidy":0.0,"business_income":0.0,"operating_income":0.0,"affiliated_remittance":0.0,"other_income":0.0},
 {"code":"20136","name":"其他共产党事务支出","total":2.0,"fiscal_grant":2.0,"superior_subsidy":null,"business_income":null,"operating_income":null,"affiliated_remittance":null,"other_income":null},
 {"code":"2013699","name":"其他共产党事务支出","total":2.0,"fiscal_grant":2.0,"superior_subsidy":null,"business_income":null,"operating_income":null,"affiliated_remittance":null,"other_income":0.0},
 {"code":"2101501","name":"行政运行","total":1230.76,"fiscal_grant":1230.76,"superior_subsidy":null,"business_income":null,"operating_income":null,"affiliated_remittance":null,"other_income":null}
])J");
}

TEST_CASE("schemas: rows printing only their 款/项 parts take the parents' parts from above") {
    const Table t = convert(make_table(
        "一般公共预算财政拨款支出决算表",
        {{"项目", "", "", "", "本年支出", "", ""},
         {"科目编码", "", "", "科目名称", "小计", "基本支出", "项目支出"},
         {"类", "款", "项", "", "", "", ""}},
        {
            {"", "", "", "合计", "30.00", "10.00", "20.00"},
            {"210", "", "", "卫生健康支出", "30.00", "10.00", "20.00"},
            {"", "15", "", "医疗保障管理事务", "30.00", "10.00", "20.00"},
            {"", "", "01", "行政运行", "10.00", "10.00", ""},
            {"", "", "99", "其他医疗保障管理事务支出", "20.00", "", "20.00"},
        }));
    CHECK(t.kind == TableKind::general_budget_expenditure);
    check_records(t, R"J([
 {"code":null,"name":"合计","total":30.0,"basic":10.0,"project":20.0},
 {"code":"210","name":"卫生健康支出","total":30.0,"basic":10.0,"project":20.0},
 {"code":"21015","name":"医疗保障管理事务","total":30.0,"basic":10.0,"project":20.0},
 {"code":"2101501","name":"行政运行","total":10.0,"basic":10.0,"project":null},
 {"code":"2101599","name":"其他医疗保障管理事务支出","total":20.0,"basic":null,"project":20.0}
])J");
}

TEST_CASE("schemas: by-unit income and expenditure tables") {
    const Table income = convert(make_table(
        "收入决算表(分单位)",
        {{"单位名称", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
          "附属单位上缴收入", "其他收入"},
         {"栏次", "1", "2", "3", "4", "5", "6", "7"}},
        {{"合计", "897.41", "897.41", "0.00", "0.00", "0.00", "0.00", "0.00"},
         {"绍兴市医疗保障局 柯桥分局", "897.41", "897.41", "0.00", "0.00", "0.00", "0.00", "1.5"}}));
    CHECK(income.kind == TableKind::income_by_unit);
    check_records(income, R"J([
 {"unit":"合计","total":897.41,"fiscal_grant":897.41,"superior_subsidy":0.0,"business_income":0.0,"operating_income":0.0,"affiliated_remittance":0.0,"other_income":0.0},
 {"unit":"绍兴市医疗保障局柯桥分局","total":897.41,"fiscal_grant":897.41,"superior_subsidy":0.0,"business_income":0.0,"operating_income":0.0,"affiliated_remittance":0.0,"other_income":1.5}
])J");

    // 经营支出 and 上缴上级支出 printed in the other order than the standard form.
    const Table spending = convert(make_table(
        "支出决算表(分单位)",
        {{"单位名称", "本年支出合计", "基本支出", "项目支出", "经营支出", "上缴上级支出",
          "对附属单位补助支出"}},
        {{"合计", "897.41", "313.00", "584.42", "1.00", "2.00", "3.00"}}));
    CHECK(spending.kind == TableKind::expenditure_by_unit);
    check_records(spending, R"J([
 {"unit":"合计","total":897.41,"basic":313.0,"project":584.42,"remit_to_superior":2.0,"operating":1.0,"subsidy_to_affiliated":3.0}
])J");
}

TEST_CASE("schemas: a 合计 row carrying the 本年支出 sub-heads is still the 合计 record") {
    const Rows header{{"项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"},
                      {"功能分类科目编码", "科目名称", "", "", "", "", "", ""}};
    const Table t = convert(make_table(
        "国有资本经营预算财政拨款收入支出决算表", header,
        {{"合计", "", "", "", "合计", "基本支出", "项目支出", ""},
         {"2230199", "其他国有资本经营预算支出", "1.00", "5.00", "4.00", "", "4.00", "2.00"}}));
    CHECK(t.kind == TableKind::state_capital_income_expenditure);
    check_records(t, R"J([
 {"code":null,"name":"合计","opening_balance":null,"income":null,"total":null,"basic":null,"project":null,"closing_balance":null},
 {"code":"2230199","name":"其他国有资本经营预算支出","opening_balance":1.0,"income":5.0,"total":4.0,"basic":null,"project":4.0,"closing_balance":2.0}
])J");
}

TEST_CASE("schemas: amount columns found by wrapped headings, else in the standard order") {
    const Table wrapped = convert(make_table(
        "支出决算表",
        {{"项目", "", "本年支出合计", "基本支出", "项目支出", "上缴上级", "经营支出", "对附属单位补"},
         {"科目编码", "科目名称", "", "", "", "支出", "", "助支出"}},
        {{"2013901", "行政运行", "6.00", "1.00", "2.00", "3.00", "", "0.00"}}));
    CHECK(wrapped.kind == TableKind::expenditure_by_function);
    check_records(wrapped, R"J([
 {"code":"2013901","name":"行政运行","total":6.0,"basic":1.0,"project":2.0,"remit_to_superior":3.0,"operating":null,"subsidy_to_affiliated":0.0}
])J");

    // 本年支出 over three columns whose sub-heads are not printed at all
    const Table bare = convert(make_table(
        "政府性基金预算财政拨款收入支出决算表",
        {{"项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"},
         {"科目代码", "科目名称", "", "", "", "", "", ""}},
        {{"2296002", "用于社会福利的彩票公益金支出", "1", "2", "3", "4", "5", "6"}}));
    check_records(bare, R"J([
 {"code":"2296002","name":"用于社会福利的彩票公益金支出","opening_balance":1.0,"income":2.0,"total":3.0,"basic":4.0,"project":5.0,"closing_balance":6.0}
])J");
}

TEST_CASE("schemas: empty tables give records []; a 无 0 0 0 row is a record") {
    const Rows header{{"项 目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"},
                      {"科目代码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""},
                      {"栏次", "", "1", "2", "3", "4", "5", "6"}};
    const std::string title = "政府性基金预算财政拨款收入支出决算表";
    CHECK(convert(make_table(title, header, {})).records == Json::array());
    CHECK(convert(make_table(title, header, {{"", "合计", "", "", "", "", "", ""}})).records ==
          Json::array());
    CHECK(convert(make_table(title, header, {{"合计", "", "", "", "合计", "基本支出", "项目支出", ""}}))
              .records == Json::array());
    const Table none = convert(make_table(
        title, header, {{"合计", "", "", "", "", "", "", ""}, {"无", "", "0", "0", "0", "0", "0", "0"}}));
    CHECK(none.kind == TableKind::gov_fund);
    check_records(none, R"J([
 {"code":null,"name":"合计","opening_balance":null,"income":null,"total":null,"basic":null,"project":null,"closing_balance":null},
 {"code":null,"name":"无","opening_balance":0.0,"income":0.0,"total":0.0,"basic":0.0,"project":0.0,"closing_balance":0.0}
])J");
    const Table zeros = convert(make_table(title, header, {{"", "合计", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"}}));
    check_records(zeros, R"J([
 {"code":null,"name":"合计","opening_balance":0.0,"income":0.0,"total":0.0,"basic":0.0,"project":0.0,"closing_balance":0.0}
])J");
}

TEST_CASE("schemas: income_expenditure_summary with 行次, filler lines and 26 categories") {
    const Table t = convert(make_table(
        "收入支出决算总表",
        {{"收 入", "", "", "支 出", "", ""},
         {"项 目", "行次", "金 额", "项 目", "行次", "金 额"},
         {"栏 次", "", "1", "栏 次", "", "2"}},
        {
            {"一、一般公共预算财政拨款收入", "1", "897.41", "一、一般公共服务支出", "32", "2.00"},
            {"", "9", "", "九、卫生健康支出", "40", "340.83"},
            {"", "26", "", "二十六、抗疫特别国债安排的支出", "57", "0.00"},
            {"本年收入合计", "27", "897.41", "本年支出合计", "58", "897.41"},
            {"使用非财政拨款结余(含专用结余)", "28", "0.00", "结余分配", "59", "0.00"},
            {"", "30", "", "", "61", ""},
            {"总 计", "31", "897.41", "总 计", "62", "897.41"},
        }));
    CHECK(t.kind == TableKind::income_expenditure_summary);
    check_records(t, R"J([
 {"side":"income","item":"一般公共预算财政拨款收入","label":"一、一般公共预算财政拨款收入","line":1,"amount":897.41},
 {"side":"income","item":"本年收入合计","label":"本年收入合计","line":27,"amount":897.41},
 {"side":"income","item":"使用非财政拨款结余(含专用结余)","label":"使用非财政拨款结余(含专用结余)","line":28,"amount":0.0},
 {"side":"income","item":"总计","label":"总计","line":31,"amount":897.41},
 {"side":"expenditure","item":"一般公共服务支出","label":"一、一般公共服务支出","line":32,"amount":2.0},
 {"side":"expenditure","item":"卫生健康支出","label":"九、卫生健康支出","line":40,"amount":340.83},
 {"side":"expenditure","item":"抗疫特别国债安排的支出","label":"二十六、抗疫特别国债安排的支出","line":57,"amount":0.0},
 {"side":"expenditure","item":"本年支出合计","label":"本年支出合计","line":58,"amount":897.41},
 {"side":"expenditure","item":"结余分配","label":"结余分配","line":59,"amount":0.0},
 {"side":"expenditure","item":"总计","label":"总计","line":62,"amount":897.41}
])J");
}

TEST_CASE("schemas: fiscal_grant_summary without 行次: line null, repeated items kept in order") {
    const Table t = convert(make_table(
        "财政拨款收入支出决算总表",
        {{"收入", "", "支出", "", "", "", ""},
         {"项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
          "国有资本经营预算财政拨款"}},
        {
            {"一、一般公共预算财政拨款", "307.82", "一、一般公共服务支出", "264.87", "264.87", "", ""},
            {"", "", "二十四、债务还本支出", "", "", "", ""},
            {"年初财政拨款结转和结余", "5.00", "年末财政拨款结转和结余", "5.00", "5.00", "", ""},
            {"一般公共预算财政拨款", "5.00", "", "", "", "", ""},
            {"总计", "312.82", "总计", "312.82", "312.82", "0", "-"},
        }));
    CHECK(t.kind == TableKind::fiscal_grant_summary);
    check_records(t, R"J([
 {"side":"income","item":"一般公共预算财政拨款","label":"一、一般公共预算财政拨款","line":null,"amount":307.82},
 {"side":"income","item":"年初财政拨款结转和结余","label":"年初财政拨款结转和结余","line":null,"amount":5.0},
 {"side":"income","item":"一般公共预算财政拨款","label":"一般公共预算财政拨款","line":null,"amount":5.0},
 {"side":"income","item":"总计","label":"总计","line":null,"amount":312.82},
 {"side":"expenditure","item":"一般公共服务支出","label":"一、一般公共服务支出","line":null,"total":264.87,"general_budget":264.87,"gov_fund":null,"state_capital":null},
 {"side":"expenditure","item":"债务还本支出","label":"二十四、债务还本支出","line":null,"total":null,"general_budget":null,"gov_fund":null,"state_capital":null},
 {"side":"expenditure","item":"年末财政拨款结转和结余","label":"年末财政拨款结转和结余","line":null,"total":5.0,"general_budget":5.0,"gov_fund":null,"state_capital":null},
 {"side":"expenditure","item":"总计","label":"总计","line":null,"total":312.82,"general_budget":312.82,"gov_fund":0.0,"state_capital":0.0}
])J");
}

TEST_CASE("schemas: basic detail with three groups, codes split over 类|款, totals merged right") {
    const Table t = convert(make_table(
        "一般公共预算财政拨款基本支出决算明细表",
        {{"人员经费", "", "", "", "公用经费", "", "", "", "", "", "", ""},
         {"科目编码", "", "科目名称", "决算数", "科目编码", "", "科目名称", "决算数", "科目编码", "",
          "科目名称", "决算数"},
         {"类", "款", "", "", "类", "款", "", "", "类", "款", "", ""}},
        {
            {"301", "", "工资福利支出", "285.60", "302", "", "商品和服务支出", "27.40", "307", "",
             "债务利息及费用支出", "0.00"},
            {"301", "01", "基本工资", "39.08", "302", "01", "办公费", "2.02", "307", "03",
             "国内债务发行费用", ""},
            {"303", "", "对个人和家庭的补助", "0.00", "302", "99", "其他商品和服务支出", "25.38",
             "310", "", "资本性支出", "0.00"},
            {"303", "01", "离休费", "", "", "", "", "", "310", "02", "办公设备购置", "0"},
            {"人员经费合计", "", "", "285.60", "公用经费合计", "", "", "", "", "", "", "27.40"},
        }));
    CHECK(t.kind == TableKind::general_budget_basic_detail);
    check_records(t, R"J([
 {"code":"301","name":"工资福利支出","amount":285.6,"group":"personnel"},
 {"code":"30101","name":"基本工资","amount":39.08,"group":"personnel"},
 {"code":"303","name":"对个人和家庭的补助","amount":0.0,"group":"personnel"},
 {"code":"30301","name":"离休费","amount":null,"group":"personnel"},
 {"code":"302","name":"商品和服务支出","amount":27.4,"group":"public"},
 {"code":"30201","name":"办公费","amount":2.02,"group":"public"},
 {"code":"30299","name":"其他商品和服务支出","amount":25.38,"group":"public"},
 {"code":"307","name":"债务利息及费用支出","amount":0.0,"group":"public"},
 {"code":"30703","name":"国内债务发行费用","amount":null,"group":"public"},
 {"code":"310","name":"资本性支出","amount":0.0,"group":"public"},
 {"code":"31002","name":"办公设备购置","amount":0.0,"group":"public"},
 {"code":null,"name":"人员经费合计","amount":285.6,"group":"personnel"},
 {"code":null,"name":"公用经费合计","amount":27.4,"group":"public"}
])J");
}

TEST_CASE("schemas: basic detail with two groups and no group heading") {
    const Table t = convert(make_table(
        "一般公共预算财政拨款基本支出决算表",
        {{"经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"}},
        {
            {"301", "工资福利支出", "95.36", "302", "商品和服务支出", "10.23"},
            {"30102", "津贴补贴", "39.72", "30213", "维修（护）费", "0.02"},
            {"", "", "", "399", "其他支出", "0.00"},
            {"人员经费合计", "", "95.36", "公用经费合计", "", "10.23"},
        }));
    check_records(t, R"J([
 {"code":"301","name":"工资福利支出","amount":95.36,"group":"personnel"},
 {"code":"30102","name":"津贴补贴","amount":39.72,"group":"personnel"},
 {"code":"302","name":"商品和服务支出","amount":10.23,"group":"public"},
 {"code":"30213","name":"维修（护）费","amount":0.02,"group":"public"},
 {"code":"399","name":"其他支出","amount":0.0,"group":"public"},
 {"code":null,"name":"人员经费合计","amount":95.36,"group":"personnel"},
 {"code":null,"name":"公用经费合计","amount":10.23,"group":"public"}
])J");
}

TEST_CASE("schemas: three_public vertical, wide, transposed and interleaved give the same records") {
    const char* expected = R"J([
 {"item":"total","budget":1.27,"actual":1.5},
 {"item":"overseas_travel","budget":0.0,"actual":0.0},
 {"item":"vehicle_total","budget":0.0,"actual":0.2},
 {"item":"vehicle_purchase","budget":0.0,"actual":null},
 {"item":"vehicle_operation","budget":0.0,"actual":0.2},
 {"item":"reception","budget":1.27,"actual":1.3}
])J";
    const std::string title = "财政拨款“三公”经费支出决算表";
    SUBCASE("vertical") {
        const Table t = convert(make_table(title, {{"项 目", "预算数", "决算数"}},
                                           {{"“三公”经费支出合计", "1.27", "1.50"},
                                            {"1. 因公出国（境）费用", "0.00", "0.00"},
                                            {"2. 公务用车购置及运行维护费小计", "0.00", "0.20"},
                                            {"（1）公务用车购置费", "0.00", ""},
                                            {"（2）公务用车运行维护费", "0.00", "0.20"},
                                            {"3. 公务接待费", "1.27", "1.30"},
                                            {"其中：国内公务接待费", "1.00", "1.10"}}));
        CHECK(t.kind == TableKind::three_public);
        check_records(t, expected);
    }
    SUBCASE("wide: 预算数 over six items, then 决算数") {
        const Table t = convert(make_table(
            title,
            {{"预算数", "", "", "", "", "", "决算数", "", "", "", "", ""},
             {"合计", "因公出国(境)费", "公务用车购置及运行维护费", "", "", "公务接待费", "合计",
              "因公出国(境)费", "公务用车购置及运行维护费", "", "", "公务接待费"},
             {"", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", "", "小计",
              "公务用车购置费", "公务用车运行维护费", ""},
             {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}},
            {{"1.27", "0", "0", "0", "0", "1.27", "1.5", "0", "0.2", "", "0.2", "1.3"}}));
        check_records(t, expected);
    }
    SUBCASE("wide: each item over 预算数 | 决算数") {
        const Table t = convert(make_table(
            title,
            {{"财政拨款“三公”经费", "", "", "", "", "", "", "", "", "", "", ""},
             {"合计", "", "因公出国（境）费", "", "公务用车购置及运行维护费", "", "", "", "", "",
              "公务接待费", ""},
             {"", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行维护费", "", "", ""},
             {"预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数",
              "决算数", "预算数", "决算数"}},
            {{"1.27", "1.5", "0", "0", "0", "0.2", "0", "", "0", "0.2", "1.27", "1.3"}}));
        check_records(t, expected);
    }
    SUBCASE("transposed, with 会议费 and 培训费") {
        const Table t = convert(make_table(
            "财政拨款“三公”经费及会议费、培训费支出决算表",
            {{"项目", "财政拨款“三公”经费", "", "", "", "", "", "会议费", "培训费"},
             {"", "合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费", "", ""},
             {"", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", ""},
             {"栏次", "1", "2", "3", "4", "5", "6", "7", "8"}},
            {{"预算数", "1.27", "0", "0", "0", "0", "1.27", "3", ""},
             {"决算数", "1.5", "0", "0.2", "", "0.2", "1.3", "2.5", "-"}}));
        const Json records = t.records;
        REQUIRE(records.size() == 8);
        Json six = records;
        six.erase(six.begin() + 6, six.end());
        CHECK(six.dump(1) == Json::parse(expected).dump(1));
        CHECK(records[6].dump() == R"J({"item":"meeting","budget":3.0,"actual":2.5})J");
        CHECK(records[7].dump() == R"J({"item":"training","budget":null,"actual":0.0})J");
    }
    SUBCASE("nothing printed: records []") {
        const Table t = convert(make_table(
            title, {{"项目", "预算数", "决算数"}},
            {{"合计", "", ""}, {"因公出国（境）费", "", ""}}));
        CHECK(t.records == Json::array());
    }
}

TEST_CASE("schemas: summary items lose their ordinal, labels keep it") {
    CHECK(grid::strip_ordinal("一、一般公共服务支出") == "一般公共服务支出");
    CHECK(grid::strip_ordinal("二十六、抗疫特别国债安排的支出") == "抗疫特别国债安排的支出");
    CHECK(grid::strip_ordinal("(一)机构设置") == "机构设置");
    CHECK(grid::strip_ordinal("3.公务接待费") == "公务接待费");
    CHECK(grid::strip_ordinal("本年收入合计") == "本年收入合计");
    CHECK(grid::strip_ordinal("2.5") == "2.5");
    CHECK(grid::strip_ordinal("一般公共预算财政拨款") == "一般公共预算财政拨款");
}

TEST_CASE("schemas: performance self-evaluation: header block into fields, merged labels carried down") {
    const Table perf = convert(make_table(
        "项目支出绩效自评表",
        {{"项目支出名称", "离休人员医药费", "", "", "", "", "", "", ""},
         {"主管部门", "某某局", "", "", "实施单位", "某某中心", "", "", ""},
         {"项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""},
         {"", "年度资金总额", "25", "25", "10.44", "10", "41.76%", "5", ""},
         {"年度总体目标", "预期目标", "", "", "实际完成情况", "", "", "", ""},
         {"", "做好保障工作", "", "", "已做好保障工作", "", "", "", ""}},
        {{"绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
          "偏差原因分析及改进措施"},
         {"", "产出指标(50分)", "数量指标(5分)", "服务人员", "≥2", "2", "5", "5", ""},
         {"", "", "成本指标(5分)", "项目资金成本控制", "25万", "10.49万", "5", "0", "支出少于预算"},
         {"", "", "", "另一项成本", "1万", "1万", "5", "5", ""},
         {"", "效益指标(30分)", "", "", "", "", "", "", ""},
         {"", "总分", "", "", "", "", "100", "90", ""}}));
    CHECK(perf.kind == TableKind::performance_self_evaluation);
    CHECK(perf.fields["project"] == "离休人员医药费");
    CHECK(perf.fields["department"] == "某某局");
    CHECK(perf.fields["implementer"] == "某某中心");
    CHECK(perf.fields["budget_initial"] == 25.0);
    CHECK(perf.fields["budget_full_year"] == 25.0);
    CHECK(perf.fields["executed"] == 10.44);
    CHECK(perf.fields["execution_rate"] == 41.76);
    CHECK(perf.fields["budget_weight"] == 10.0);
    CHECK(perf.fields["budget_score"] == 5.0);
    CHECK(perf.fields["total_score"] == 90.0);
    CHECK(perf.fields["goal"] == "做好保障工作");
    CHECK(perf.fields["outcome"] == "已做好保障工作");
    REQUIRE(perf.records.size() == 3);  // the empty 效益指标 row and 总分 are no indicators
    CHECK(perf.records[0].dump() ==
          R"json({"level1":"产出指标(50分)","level2":"数量指标(5分)","indicator":"服务人员","target":"≥2","actual":"2","weight":5.0,"score":5.0,"remark":null})json");
    CHECK(perf.records[1]["remark"] == "支出少于预算");
    CHECK(perf.records[2]["level1"] == "产出指标(50分)");  // merged labels carried down
    CHECK(perf.records[2]["level2"] == "成本指标(5分)");
    CHECK(perf.records[2]["score"] == 5.0);
}

TEST_CASE("schemas: performance self-evaluation: labels as OCR misreads them") {
    // 项目名称 read 科目名称, 总额 read 总寡, 二级 read -级, 实际完成值 read 实际完成什.
    const Table perf = convert(make_table(
        "项目支出绩效自评表",
        {{"科目名称", "某某经费", "", "", "", ""},
         {"项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"},
         {"年度资金总寡", "10", "10", "9", "90%", "9"}},
        {{"一级指标", "-级指标", "三级指标", "年度指标值", "实际完成什", "分值", "得分", "偏差原因分析及改进措施"},
         {"产出指标", "数量指标", "服务人次", "10人", "9人", "10", "9", "略少"}}));
    CHECK(perf.fields["project"] == "某某经费");
    CHECK(perf.fields["executed"] == 9.0);
    REQUIRE(perf.records.size() == 1);
    CHECK(perf.records[0]["level2"] == "数量指标");
    CHECK(perf.records[0]["actual"] == "9人");
    CHECK(perf.records[0]["remark"] == "略少");
}

TEST_CASE("schemas: performance self-evaluation: amounts read in order, two in one cell") {
    // The block's columns came out irregular: 执行率 and 得分 share a cell
    // ("98.52%9"), 全年执行数 sits in a cell with another label.
    Table table = make_table("项目支出绩效自评表",
                             {{"项目名称", "医保工作专项经费", "", "", "", ""},
                              {"", "", "", "实施单位全年执行数", "", "某某局执行率"},
                              {"", "年初预算数", "全年预算数", "", "分值", "得分"},
                              {"", "年度资金总额40", "40", "39.41", "10", "98.52%9"},
                              {"其中:当年财政拨款", "—", "40", "39.41", "10", "9"}},
                             {{"一级指标", "二级指标", "三级指标", "分值", "得分"},
                              {"产出指标", "数量指标", "服务人次", "10", "9"}});
    for (size_t r = 0; r < table.header.size(); ++r)
        for (size_t c = 0; c < table.header[r].size(); ++c)
            table.header[r][c].box = Box{50.0 * c, 10.0 * r, 50.0 * c + 40, 10.0 * r + 8};
    const Table perf = convert(table);
    // Headings left to right (the upper one first where two share a column):
    // 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分.
    CHECK(perf.fields["budget_initial"] == 40.0);
    CHECK(perf.fields["budget_full_year"] == 40.0);
    CHECK(perf.fields["executed"] == 39.41);
    CHECK(perf.fields["budget_weight"] == 10.0);
    CHECK(perf.fields["execution_rate"] == 98.52);
    CHECK(perf.fields["budget_score"] == 9.0);
}

TEST_CASE("schemas: generic tables carry no records") {
    const Table generic = convert(make_table("部门决算单位构成", {{"序号", "单位名称", "备注"}},
                                             {{"1", "某某部（本级）", ""}}));
    CHECK(generic.kind == TableKind::generic);
    CHECK(generic.records == Json::array());

    Document doc;
    doc.tables.push_back(make_table("目录", {}, {{"表1", "收入支出决算总表"}}));
    Options options;
    options.schemas.emit_generic = false;
    REQUIRE(make_schema_stage()->run(doc, options).ok());
    CHECK(doc.tables.empty());
}

TEST_CASE("schemas: record_fields agree with schemas/<kind>.schema.json") {
    for (TableKind kind : all_table_kinds()) {
        const std::string file = std::string(to_string(kind)) + ".schema.json";
        CAPTURE(file);
        const Json schema = Json::parse(read_text(schemas_dir() / file));
        CHECK(schema["properties"]["kind"]["const"] == to_string(kind));
        std::vector<std::string> fields;
        if (schema["properties"]["records"].contains("items"))
            for (const auto& [name, value] : schema["properties"]["records"]["items"]["properties"].items())
                fields.push_back(name);
        CHECK(fields == record_fields(kind));
        CHECK(&driver_for(kind) != nullptr);
        CHECK(driver_for(kind).kind() == kind);
    }
    // every kind is in the document schema's enum
    const Json doc = Json::parse(read_text(schemas_dir() / "document.schema.json"));
    std::vector<std::string> kinds;
    for (TableKind kind : all_table_kinds()) kinds.push_back(to_string(kind));
    CHECK(doc["definitions"]["table"]["properties"]["kind"]["enum"] == Json(kinds));
}

TEST_CASE("schemas: the stage's output validates against the JSON Schemas") {
    Document doc;
    doc.source = "sample.pdf";
    doc.unit = "某某局";
    doc.year = 2023;
    doc.tables.push_back(make_table("收入决算表(分科目)", kIncomeHeader,
                                    {{"", "", "", "合计", "2.00", "2.00", "", "", "", "", ""},
                                     {"201", "", "", "一般公共服务支出", "2.00", "2.00", "", "", "", "", ""}}));
    doc.tables.push_back(make_table(
        "财政拨款收入支出决算总表",
        {{"收入", "", "支出", "", "", "", ""},
         {"项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
          "国有资本经营预算财政拨款"}},
        {{"一、一般公共预算财政拨款", "2.00", "一、一般公共服务支出", "2.00", "2.00", "", ""}}));
    doc.tables.push_back(make_table("一般公共预算财政拨款基本支出决算表",
                                    {{"科目代码", "科目名称", "决算数"}},
                                    {{"301", "工资福利支出", "2.00"}, {"人员经费合计", "", "2.00"}}));
    doc.tables.push_back(make_table("财政拨款“三公”经费支出决算表", {{"项目", "预算数", "决算数"}},
                                    {{"合计", "1", "2"}}));
    doc.tables.push_back(make_table("项目支出绩效自评表", {}, {{"一级指标"}}));
    doc.tables.push_back(make_table("目录", {}, {{"表1", "收入支出决算总表"}}));
    REQUIRE(make_schema_stage()->run(doc, Options{}).ok());
    const nlohmann::json out = nlohmann::json::parse(to_contract_json(doc).dump());
    SchemaSet schemas;
    CHECK(join_lines(validate_contract(schemas, out)) == "");

    // and a wrong record is caught
    nlohmann::json bad = out;
    bad["tables"][0]["records"][0]["total"] = "2.00";
    bad["tables"][2]["records"][0]["group"] = "other";
    CHECK(validate_contract(schemas, bad).size() >= 2);
}

TEST_CASE("schemas: 行次 misread by OCR are restored from the run around them; text-layer ones stay") {
    const Table printed = make_table("收入支出决算总表", {{"项 目", "行次", "金 额", "项 目", "行次", "金 额"}},
                                     {
                                         {"一、甲收入", "1", "1.00", "一、甲支出", "8", "1.00"},
                                         {"二、乙收入", "2", "", "二、乙支出", "", ""},
                                         {"三、丙收入", "", "", "三、丙支出", "10", ""},
                                         {"四、丁收入", "4", "", "四、丁支出", "0", ""},
                                         {"五、戊收入", "5", "", "五、戊支出", "24", ""},
                                         {"本年收入合计", "6", "1.00", "本年支出合计", "13", "1.00"},
                                     });
    auto lines = [](const Table& t, const char* side) {
        std::vector<Json> out;
        for (const auto& r : t.records)
            if (r["side"] == side) out.push_back(r["line"]);
        return out;
    };
    Document doc;
    Page page;
    page.number = 3;
    page.source = WordSource::ocr;
    doc.pages.push_back(page);
    doc.source = "scan.pdf";
    doc.tables.push_back(printed);
    REQUIRE(make_schema_stage()->run(doc, Options{}).ok());
    const Table& scanned = doc.tables.front();
    CHECK(lines(scanned, "income") == std::vector<Json>{1, 2, 3, 4, 5, 6});
    CHECK(lines(scanned, "expenditure") == std::vector<Json>{8, 9, 10, 11, 12, 13});
    // The same grid from a text layer: as printed.
    const Table text = convert(printed);
    CHECK(lines(text, "income") == std::vector<Json>{1, 2, nullptr, 4, 5, 6});
    CHECK(lines(text, "expenditure") == std::vector<Json>{8, nullptr, 10, 0, 24, 13});
}
