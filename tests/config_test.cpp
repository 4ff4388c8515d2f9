// pipeline/config: pipeline.yaml → Options, unknown keys rejected.
#include "pipeline/config.h"
#include "test_support.h"

#include <doctest/doctest.h>

using namespace juesuan;
using namespace juesuan::test;

TEST_CASE("the repository's pipeline.yaml parses and equals the compiled defaults") {
    Options options;
    const Status st = load_config((source_dir() / "pipeline.yaml").string(), options);
    REQUIRE_MESSAGE(st.ok(), st.message);
    // pipeline.yaml documents the defaults of model/options.h: they must agree.
    CHECK(options == Options{});
}

TEST_CASE("every setting in pipeline.yaml is read") {
    // Parse pipeline.yaml over options that differ from it everywhere the
    // defaults can be perturbed; equality afterwards shows each key was applied.
    Options perturbed;
    perturbed.extract.glyph_gap_split += 1;
    perturbed.normalize.nfkc = !perturbed.normalize.nfkc;
    perturbed.layout.line_overlap += 1;
    perturbed.layout.cell_gap += 1;
    perturbed.layout.column_gap += 1;
    perturbed.layout.max_row_gap += 1;
    perturbed.layout.wrap_distance += 1;
    perturbed.layout.column_tolerance += 1;
    perturbed.schemas.emit_generic = !perturbed.schemas.emit_generic;
    perturbed.emit.csv = !perturbed.emit.csv;
    perturbed.emit.json = !perturbed.emit.json;
    perturbed.emit.json_indent += 1;
    const Status st = load_config((source_dir() / "pipeline.yaml").string(), perturbed);
    REQUIRE_MESSAGE(st.ok(), st.message);
    CHECK(perturbed.extract == ExtractOptions{});
    CHECK(perturbed.normalize == NormalizeOptions{});
    CHECK(perturbed.layout == LayoutOptions{});
    CHECK(perturbed.schemas == SchemaOptions{});
    CHECK(perturbed.emit == EmitOptions{});
}

TEST_CASE("a value in the file overrides only that setting") {
    Options options;
    const Status st = parse_config("layout:\n  cell_gap: 1.25\nemit:\n  csv: false\n", "test.yaml", options);
    REQUIRE_MESSAGE(st.ok(), st.message);
    CHECK(options.layout.cell_gap == doctest::Approx(1.25));
    CHECK_FALSE(options.emit.csv);
    Options expected;
    expected.layout.cell_gap = 1.25;
    expected.emit.csv = false;
    CHECK(options == expected);
}

TEST_CASE("an empty file keeps the defaults") {
    Options options;
    CHECK(parse_config("", "empty.yaml", options).ok());
    CHECK(parse_config("# only a comment\n", "comment.yaml", options).ok());
    CHECK(options == Options{});
}

TEST_CASE("unknown sections and keys are rejected with their name") {
    Options options;
    Status st = parse_config("layuot:\n  cell_gap: 1\n", "bad.yaml", options);
    CHECK(st.code == ErrorCode::usage);
    CHECK(st.message.find("bad.yaml") != std::string::npos);
    CHECK(st.message.find("layuot") != std::string::npos);

    st = parse_config("layout:\n  cell_gapp: 1\n", "bad.yaml", options);
    CHECK(st.code == ErrorCode::usage);
    CHECK(st.message.find("layout.cell_gapp") != std::string::npos);

    // a rejected file changes nothing, even keys that came before the bad one
    st = parse_config("layout:\n  cell_gap: 9\n  bogus: 1\n", "bad.yaml", options);
    CHECK(st.code == ErrorCode::usage);
    CHECK(options == Options{});
}

TEST_CASE("bad values and bad YAML are usage errors naming the key or file") {
    Options options;
    Status st = parse_config("layout:\n  cell_gap: wide\n", "bad.yaml", options);
    CHECK(st.code == ErrorCode::usage);
    CHECK(st.message.find("layout.cell_gap") != std::string::npos);

    st = parse_config("layout: [1, 2\n", "broken.yaml", options);
    CHECK(st.code == ErrorCode::usage);
    CHECK(st.message.find("broken.yaml") != std::string::npos);

    st = parse_config("- a\n- b\n", "list.yaml", options);
    CHECK(st.code == ErrorCode::usage);

    st = load_config((source_dir() / "no-such-config.yaml").string(), options);
    CHECK(st.code == ErrorCode::usage);
    CHECK(st.message.find("no-such-config.yaml") != std::string::npos);
    CHECK(options == Options{});
}
