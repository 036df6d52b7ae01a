-- one row per rejected source row (or per file that could not be read at all, row_number null)
create table if not exists raw_etl_rejects (
    batch_id varchar not null,
    file varchar,
    sheet varchar,
    row_number integer,
    "column" varchar,
    value varchar,
    reason varchar not null,
    message_zh varchar not null,
    message_en varchar not null
);
