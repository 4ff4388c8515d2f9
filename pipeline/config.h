// pipeline.yaml → Options, parsed once. Unknown keys are rejected with the
// key's path in the message; missing keys keep their documented defaults.
#pragma once

#include "model/options.h"
#include "model/status.h"

#include <string>

namespace juesuan {

Status load_config(const std::string& path, Options& options);
Status parse_config(const std::string& yaml_text, const std::string& origin, Options& options);

}  // namespace juesuan
