-- one row per unit × name it was known by (with the years of that name, when known)
create table if not exists raw_unit_names (
    unit_id varchar not null,
    name varchar not null,        -- the name as written, org suffix removed
    name_key varchar not null,    -- normalised key used to match names across files and years
    first_year integer,
    last_year integer,
    batch_id varchar
);
