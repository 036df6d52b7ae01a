-- one row per institution × year × unit from a roster (名单): who reported and how, without results
create table if not exists raw_roster (
    batch_id varchar not null,
    institution_id varchar not null,
    year integer not null,
    unit_id varchar not null,
    unit_name varchar not null,     -- the name as written in the roster
    name_key varchar,
    org_level varchar,
    secretary varchar,
    mode varchar,                   -- onsite · written · oral · field_visit · online
    source_row integer
);
