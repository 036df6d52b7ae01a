-- one row per secretary's report (述职报告): metadata from a sheet and/or facts read from the document
create table if not exists raw_reports (
    report_id varchar primary key,
    batch_id varchar not null,
    institution_id varchar,
    year integer,
    unit_id varchar,                -- null when the unit name matched no known unit
    unit_name varchar,
    name_key varchar,
    secretary varchar,
    mode varchar,
    title varchar,
    report_date date,
    text_chars integer,
    n_problems integer,
    n_measures integer,
    keywords varchar[],
    source varchar,
    sha256 varchar
);
