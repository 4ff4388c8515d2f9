-- Warehouse tables of juesuan's long format (pipeline run --emit long;
-- pipeline load --postgres URL OUTDIR runs this file, then loads OUTDIR's
-- documents/facts/checks .jsonl with COPY, one transaction per document).
-- doc_id is the FNV-1a 64-bit hash of the input PDF's bytes (16 hex digits):
-- the same report loaded again replaces its rows (delete, then insert).
CREATE TABLE IF NOT EXISTS juesuan_documents (
    doc_id           text PRIMARY KEY,
    source_path      text NOT NULL,     -- input path as given to pipeline run
    source           text,              -- file name
    unit             text,              -- reporting body (单位)
    year             integer,           -- year of the final account (决算年度)
    pages            integer,
    tables           integer,
    records          integer,
    facts            integer,
    checks           integer,
    checks_failed    integer,
    pipeline_version text
);

-- One row per field value of every record of every table.
CREATE TABLE IF NOT EXISTS juesuan_facts (
    doc_id       text NOT NULL REFERENCES juesuan_documents (doc_id) ON DELETE CASCADE,
    source_path  text NOT NULL,
    unit         text,
    year         integer,
    table_index  integer NOT NULL,  -- 1-based position of the table in the report
    table_kind   text NOT NULL,     -- stable table identity (spec/tables.md)
    table_no     text,              -- printed 公开NN表 number
    record_index integer NOT NULL,  -- 1-based position of the record in the table
    record_key   text NOT NULL,     -- e.g. code=2080501, side=income;line=3, name=合计
    name         text,              -- record name or label
    field        text NOT NULL,     -- canonical field name (e.g. total, basic, amount)
    value        text NOT NULL,     -- as printed in the JSON
    value_type   text NOT NULL,     -- number, string, boolean or json
    value_number double precision,  -- value when value_type = number
    amount_unit  text,              -- 元 / 万元 as printed on the table
    page         integer            -- first page of the table
);
CREATE INDEX IF NOT EXISTS juesuan_facts_doc ON juesuan_facts (doc_id);

-- One row per arithmetic check of a table.
CREATE TABLE IF NOT EXISTS juesuan_checks (
    doc_id      text NOT NULL REFERENCES juesuan_documents (doc_id) ON DELETE CASCADE,
    table_index integer NOT NULL,
    table_kind  text NOT NULL,
    table_no    text,
    check_index integer NOT NULL,
    identity    text,
    cells       text,
    expected    double precision,
    found       double precision,
    outcome     text             -- pass, rounding, fail, repaired
);
CREATE INDEX IF NOT EXISTS juesuan_checks_doc ON juesuan_checks (doc_id);
