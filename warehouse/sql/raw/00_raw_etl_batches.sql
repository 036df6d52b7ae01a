-- one row per load attempt of one source file (a batch)
create table if not exists raw_etl_batches (
    batch_id varchar primary key,
    kind varchar not null,
    source varchar not null,
    sha256 varchar,
    loaded_at timestamp not null,
    loaded_by varchar,
    status varchar not null,        -- loaded · failed · replaced · superseded
    rows_read integer not null default 0,
    rows_loaded integer not null default 0,
    rows_rejected integer not null default 0,
    institution_years json,
    options varchar,                -- the command-line values the file was read with (--institution, --year)
    note varchar
);
