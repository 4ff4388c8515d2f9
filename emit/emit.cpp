#include "emit/emit.h"

#include <fstream>

namespace juesuan {
Status emit_document(const Document& doc, const std::filesystem::path& out_dir, const EmitOptions&,
                     EmitResult* result) {
    const auto stem = std::filesystem::path(doc.path).stem().string();
    const auto json_path = out_dir / (stem + ".json");
    std::ofstream(json_path) << to_contract_json(doc).dump(1);
    if (result) result->json_path = json_path;
    return Status::success();
}
std::string table_csv(const Table&) { return {}; }
}  // namespace juesuan
