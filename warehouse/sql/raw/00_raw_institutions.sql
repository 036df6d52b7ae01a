-- one row per institution (university, medical university, college, …)
create table if not exists raw_institutions (
    institution_id varchar primary key,
    name varchar not null,
    short_name varchar,
    province varchar,
    kind varchar,               -- comprehensive · medical · engineering · normal · vocational · other
    is_demo boolean not null default false,
    batch_id varchar
);
