#include "pipeline/config.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace juesuan {
namespace {

// One table of known keys per section: key → setter. Unknown keys are errors.
using Setter = std::function<void(const YAML::Node&)>;
using Section = std::map<std::string, Setter>;

template <typename T>
Setter set(T& field) {
    return [&field](const YAML::Node& n) { field = n.as<T>(); };
}

std::map<std::string, Section> sections(Options& o) {
    return {
        {"extract",
         {{"glyph_gap_split", set(o.extract.glyph_gap_split)},
          {"ocr",
           [&o](const YAML::Node& n) {
               const auto mode = ocr_mode_from_string(n.as<std::string>());
               if (!mode) throw YAML::Exception(n.Mark(), "ocr: expected auto, always or never");
               o.extract.ocr = *mode;
           }},
          {"ocr_dpi", set(o.extract.ocr_dpi)},
          {"ocr_languages", set(o.extract.ocr_languages)},
          {"ocr_psm", set(o.extract.ocr_psm)},
          {"ocr_digit_languages", set(o.extract.ocr_digit_languages)},
          {"ocr_join_gap", set(o.extract.ocr_join_gap)},
          {"jobs", set(o.extract.jobs)},
          {"garbage_share", set(o.extract.garbage_share)},
          {"ocr_glyph_map", set(o.extract.ocr_glyph_map)},
          {"glyph_map_min_decoded", set(o.extract.glyph_map_min_decoded)}}},
        {"normalize", {{"nfkc", set(o.normalize.nfkc)}}},
        {"layout",
         {{"line_overlap", set(o.layout.line_overlap)},
          {"cell_gap", set(o.layout.cell_gap)},
          {"number_gap", set(o.layout.number_gap)},
          {"mixed_gap", set(o.layout.mixed_gap)},
          {"column_gap", set(o.layout.column_gap)},
          {"max_row_gap", set(o.layout.max_row_gap)},
          {"wrap_distance", set(o.layout.wrap_distance)},
          {"wrap_pitch", set(o.layout.wrap_pitch)},
          {"column_tolerance", set(o.layout.column_tolerance)}}},
        {"schemas", {{"emit_generic", set(o.schemas.emit_generic)}}},
        {"emit",
         {{"csv", set(o.emit.csv)}, {"json", set(o.emit.json)}, {"json_indent", set(o.emit.json_indent)}}},
    };
}

}  // namespace

Status parse_config(const std::string& yaml_text, const std::string& origin, Options& options) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception& e) {
        return Status::failure(ErrorCode::usage, origin + ": invalid YAML: " + e.what());
    }
    if (root.IsNull()) return Status::success();
    if (!root.IsMap()) return Status::failure(ErrorCode::usage, origin + ": top level must be a mapping");
    Options parsed = options;
    auto known = sections(parsed);
    for (const auto& sec : root) {
        const auto name = sec.first.as<std::string>();
        auto it = known.find(name);
        if (it == known.end())
            return Status::failure(ErrorCode::usage, origin + ": unknown section '" + name + "'");
        if (sec.second.IsNull()) continue;
        if (!sec.second.IsMap())
            return Status::failure(ErrorCode::usage, origin + ": section '" + name + "' must be a mapping");
        for (const auto& kv : sec.second) {
            const auto key = kv.first.as<std::string>();
            auto setter = it->second.find(key);
            if (setter == it->second.end())
                return Status::failure(ErrorCode::usage,
                                       origin + ": unknown key '" + name + "." + key + "'");
            try {
                setter->second(kv.second);
            } catch (const YAML::Exception&) {
                return Status::failure(ErrorCode::usage,
                                       origin + ": bad value for '" + name + "." + key + "'");
            }
        }
    }
    options = parsed;
    return Status::success();
}

Status load_config(const std::string& path, Options& options) {
    std::ifstream in(path);
    if (!in) return Status::failure(ErrorCode::usage, path + ": cannot read configuration file");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_config(ss.str(), path, options);
}

}  // namespace juesuan
