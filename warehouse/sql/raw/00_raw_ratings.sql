-- one row per institution × year × unit × rater group × item: a tally of votes (never single ballots) or a score
create table if not exists raw_ratings (
    batch_id varchar not null,
    institution_id varchar not null,
    year integer not null,
    unit_id varchar not null,
    unit_name varchar not null,     -- the name as written in the source for that year
    name_key varchar,               -- normalised name used to match the unit (etl.normalize.name_key)
    org_level varchar,              -- the org level that year (党总支 may become 党委)
    rater_group varchar not null default '',
    item varchar not null default '',
    secretary varchar,
    mode varchar,                   -- onsite · written · oral · field_visit · online
    votes_good integer,
    votes_fairly_good integer,
    votes_average integer,
    votes_poor integer,
    abstain integer,
    voters integer,
    score double,
    official_grade varchar,         -- good · fairly_good · average · poor
    official_rank integer,
    source_row integer
);
