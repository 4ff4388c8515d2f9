// Report vocabulary for OCR correction (declared in extract/ocr.h).
#include "extract/ocr.h"
#include "model/text.h"

#include <string_view>
#include <vector>

namespace juesuan {
namespace {

// Phrases every 决算 report prints: titles, headings, the summary tables' row
// items, the 类 names of the expenditure function classification and the
// items of the economic classification (政府收支分类科目, the national
// standard every report uses). Phrases one character apart are both listed
// (基本支出 / 还本支出, 年初结转 / 年末结转): a window between two of them is
// ambiguous and stays, so a real label is never turned into its neighbour.
constexpr std::u32string_view kLexicon[] = {
    // Titles and headings.
    U"收入支出决算总表", U"收入决算表", U"支出决算表", U"支出决算明细表", U"决算明细表", U"决算总表",
    U"预算总表", U"财政拨款收入支出决算总表", U"一般公共预算财政拨款支出决算表",
    U"一般公共预算财政拨款基本支出决算表", U"政府性基金预算财政拨款收入支出决算表",
    U"国有资本经营预算财政拨款支出决算表", U"国有资本经营预算财政拨款收入支出决算表", U"三公经费支出决算表",
    U"财政拨款", U"收入支出", U"一般公共预算", U"政府性基金", U"国有资本经营", U"绩效自评表", U"绩效评价",
    U"功能分类", U"经济分类", U"科目编码", U"科目名称", U"金额单位", U"部门决算", U"单位决算",
    // Summary items and column headings.
    U"本年收入合计", U"本年支出合计", U"上级补助", U"上级补助收入", U"事业收入", U"经营收入", U"其他收入",
    U"附属单位", U"附属单位上缴收入", U"使用非财政拨款结余", U"年初结转", U"年末结转", U"结转和结余",
    U"年初结转和结余", U"年末结转和结余", U"结余分配", U"基本支出", U"还本支出", U"项目支出",
    U"上缴上级支出", U"经营支出", U"对附属单位补助支出", U"人员经费", U"公用经费", U"人员经费合计",
    U"公用经费合计", U"公务接待", U"公务用车", U"因公出国", U"运行维护", U"机关事业单位", U"行政事业单位",
    U"卫生健康", U"医疗保障", U"医疗保险",
    // 类 of the function classification.
    U"一般公共服务支出", U"外交支出", U"国防支出", U"公共安全支出", U"教育支出", U"科学技术支出",
    U"文化旅游体育与传媒支出", U"社会保障和就业支出", U"社会保险基金支出", U"卫生健康支出", U"节能环保支出",
    U"城乡社区支出", U"农林水支出", U"交通运输支出", U"资源勘探工业信息等支出", U"商业服务业等支出",
    U"金融支出", U"援助其他地区支出", U"自然资源海洋气象等支出", U"住房保障支出", U"粮油物资储备支出",
    U"国有资本经营预算支出", U"灾害防治及应急管理支出", U"其他支出", U"债务还本支出", U"债务付息支出",
    U"债务发行费用支出",
    // Economic classification.
    U"工资福利支出", U"基本工资", U"津贴补贴", U"伙食补助费", U"绩效工资", U"机关事业单位基本养老保险缴费",
    U"职业年金缴费", U"职工基本医疗保险缴费", U"公务员医疗补助缴费", U"其他社会保障缴费", U"住房公积金",
    U"医疗费", U"其他工资福利支出", U"商品和服务", U"商品和服务支出", U"办公费", U"印刷费", U"咨询费",
    U"手续费", U"邮电费", U"取暖费", U"物业管理费", U"差旅费", U"租赁费", U"会议费", U"培训费",
    U"公务接待费", U"专用材料费", U"被装购置费", U"专用燃料费", U"劳务费", U"委托业务费", U"工会经费",
    U"福利费", U"公务用车运行维护费", U"其他交通费用", U"税金及附加费用", U"其他商品和服务支出",
    U"对个人和家庭", U"对个人和家庭的补助", U"离休费", U"退休费", U"抚恤金", U"生活补助", U"救济费",
    U"医疗费补助", U"助学金", U"奖励金", U"个人农业生产补贴", U"代缴社会保险费", U"其他对个人和家庭的补助",
    U"资本性支出", U"房屋建筑物购建", U"办公设备购置", U"专用设备购置", U"基础设施建设", U"大型修缮",
    U"信息网络及软件购置更新", U"物资储备", U"公务用车购置", U"其他交通工具购置", U"无形资产购置",
    U"其他资本性支出",
    // Common 款 and 项 of the function classification.
    U"行政运行", U"一般行政管理事务", U"机关服务", U"事业运行", U"行政事业单位医疗", U"行政单位医疗",
    U"事业单位医疗", U"公务员医疗补助", U"其他行政事业单位医疗支出", U"医疗保障管理事务", U"医疗保障政策管理",
    U"医疗保障经办事务", U"其他医疗保障管理事务支出", U"医疗救助", U"城乡医疗救助", U"其他医疗救助支出",
    U"财政对基本医疗保险基金的补助", U"卫生健康管理事务", U"公共卫生", U"其他卫生健康支出",
    U"行政事业单位养老支出", U"机关事业单位基本养老保险缴费支出", U"机关事业单位职业年金缴费支出",
    U"其他社会保障和就业支出", U"住房改革支出", U"提租补贴", U"购房补贴",
    // Performance self-evaluation forms.
    U"项目名称", U"主管部门", U"实施单位", U"年度资金总额", U"资金来源", U"全年执行率",
    U"预算执行率", U"年度目标", U"绩效目标", U"总体目标", U"绩效指标", U"一级指标", U"二级指标", U"三级指标", U"产出指标",
    U"效益指标", U"满意度指标", U"数量指标", U"质量指标", U"时效指标", U"成本指标", U"经济效益指标",
    U"社会效益指标", U"生态效益指标", U"可持续影响指标", U"服务对象满意度指标", U"全年预算数", U"全年执行数",
    U"年初预算数",
};

// Characters Tesseract takes for one another in these fonts (read → printed):
// they break a tie between two phrases one character away.
constexpr std::pair<char32_t, char32_t> kConfusions[] = {
    {U'未', U'末'}, {U'末', U'未'}, {U'文', U'支'}, {U'人', U'入'}, {U'入', U'人'}, {U'己', U'已'},
};

// Phrases this short are matched against a whole word only: inside longer
// text, three characters are too little to anchor a correction.
constexpr size_t kWholeWordOnly = 3;
// From this length on, two misread characters are corrected.
constexpr size_t kTwoSubstitutionsFrom = 8;
// A label at least this long loses a stray character read before it.
constexpr size_t kStrayBefore = 4;
// From this length on, a character read twice or lost is corrected too.
constexpr size_t kIndelFrom = 6;

enum class Edit { none, substitution, insertion, deletion };

struct Difference {
    Edit edit = Edit::none;
    size_t at = 0;  // position in the read text
};

// How `read` differs from `phrase` by exactly one edit of a CJK character of
// the read text (or a lost character), or two substitutions apart in a long
// phrase, or Edit::none. `at`: the first difference.
Difference one_edit(std::u32string_view read, std::u32string_view phrase) {
    if (read.size() == phrase.size()) {
        const size_t allowed = phrase.size() >= kTwoSubstitutionsFrom ? 2 : 1;
        size_t miss = 0, at = 0, last = 0;
        for (size_t k = 0; k < read.size() && miss <= allowed; ++k) {
            if (read[k] == phrase[k]) continue;
            if (!is_cjk(read[k]) || !is_cjk(phrase[k])) return {};
            if (miss++ == 0) at = k;
            last = k;
        }
        // Two misreads are apart: two characters side by side that differ
        // are another word (行政事业单位养老 / 医疗), not a misreading.
        if (miss == 1 || (allowed == 2 && miss == 2 && last > at + 1)) return {Edit::substitution, at};
        return {};
    }
    const bool inserted = read.size() == phrase.size() + 1;
    if (!inserted && read.size() + 1 != phrase.size()) return {};
    const std::u32string_view longer = inserted ? read : phrase, shorter = inserted ? phrase : read;
    size_t k = 0;
    while (k < shorter.size() && longer[k] == shorter[k]) ++k;
    if (longer.substr(k + 1) != shorter.substr(k)) return {};
    // Inside the phrase only: at its ends the edit would take in or cut off
    // the text around it.
    if (k == 0 || k + 1 >= longer.size() || !is_cjk(longer[k])) return {};
    return {inserted ? Edit::insertion : Edit::deletion, k};
}

bool allowed(std::u32string_view phrase, Edit edit) {
    if (edit == Edit::none) return false;
    if (edit != Edit::substitution) return phrase.size() >= kIndelFrom;
    return true;
}

bool is_confusion(char32_t read, char32_t printed) {
    for (const auto& [r, p] : kConfusions)
        if (r == read && p == printed) return true;
    return false;
}

bool in_lexicon(std::u32string_view window) {
    for (const auto phrase : kLexicon)
        if (phrase == window) return true;
    return false;
}

// The one phrase a window is an edit away from, or nullptr: none, or several
// that no known confusion tells apart.
const std::u32string_view* unique_phrase(std::u32string_view window) {
    const std::u32string_view* found = nullptr;
    int count = 0, confused = 0;
    const std::u32string_view* confused_found = nullptr;
    for (const auto& phrase : kLexicon) {
        if (phrase.size() <= kWholeWordOnly) continue;
        const Difference d = one_edit(window, phrase);
        if (!allowed(phrase, d.edit)) continue;
        ++count;
        found = &phrase;
        if (d.edit == Edit::substitution && is_confusion(window[d.at], phrase[d.at])) {
            ++confused;
            confused_found = &phrase;
        }
    }
    if (count == 1) return found;
    if (confused == 1) return confused_found;
    return nullptr;
}

}  // namespace

std::string correct_with_lexicon(const std::string& text) {
    std::u32string u = utf8_to_u32(text);
    if (u.empty()) return text;
    bool changed = false;
    // A short phrase: the whole word, one character misread.
    if (u.size() <= kWholeWordOnly && !in_lexicon(u)) {
        const std::u32string_view* match = nullptr;
        int count = 0;
        for (const auto& phrase : kLexicon)
            if (phrase.size() == u.size() && one_edit(u, phrase).edit == Edit::substitution) ++count, match = &phrase;
        if (count == 1) return u32_to_utf8(std::u32string(*match));
        return text;
    }
    // A stray character read before a whole label ("十六、人金融支出": a
    // ruling's remnant): the label after its ordinal is a phrase but for its
    // first character.
    for (size_t i = 0; i + 1 < u.size(); ++i) {
        if (i > 0 && std::u32string_view(U"、.)）").find(u[i - 1]) == std::u32string_view::npos) continue;
        const std::u32string_view rest(u.data() + i + 1, u.size() - i - 1);
        if (is_cjk(u[i]) && rest.size() >= kStrayBefore && in_lexicon(rest) &&
            !in_lexicon(std::u32string_view(u.data() + i, u.size() - i))) {
            u.erase(i, 1);
            changed = true;
            break;
        }
    }
    // Longer phrases inside the text, longest window first at each position.
    size_t max_len = 0;
    for (const auto phrase : kLexicon) max_len = std::max(max_len, phrase.size() + 1);
    for (size_t i = 0; i < u.size(); ++i) {
        for (size_t len = std::min(max_len, u.size() - i); len > kWholeWordOnly; --len) {
            const std::u32string_view window(u.data() + i, len);
            if (in_lexicon(window)) {
                i += len - 1;
                break;
            }
            const std::u32string_view* phrase = unique_phrase(window);
            if (!phrase) continue;
            u.replace(i, len, *phrase);
            changed = true;
            i += phrase->size() - 1;
            break;
        }
    }
    return changed ? u32_to_utf8(u) : text;
}

}  // namespace juesuan
