-- one row per appraisal meeting (述职评议会) known from ratings files, demo data or news items
create table if not exists raw_meetings (
    meeting_id varchar primary key,
    institution_id varchar,
    institution_name varchar,
    appraisal_year integer,
    meeting_date date,
    meeting_level varchar,
    onsite_count integer,
    written_count integer,
    total_units integer,
    chair varchar,
    publication_date date,
    meeting_date_inferred boolean,
    onsite_units varchar[],
    unit_types varchar[],
    rating_scale varchar[],
    ballot_weights json,
    rater_groups varchar[],
    source varchar,
    sha256 varchar,
    evidence json,
    batch_id varchar
);
