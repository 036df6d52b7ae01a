-- one row per unit (secondary Party organisation) with a stable id
create table if not exists raw_units (
    unit_id varchar primary key,
    institution_id varchar not null,
    unit_type varchar not null,   -- affiliated_hospital · college · branch · administrative
    org_level varchar,            -- 党委 · 党总支 · 党支部 · 直属党支部 · 分党委 · 党工委
    parent_unit_id varchar,
    batch_id varchar
);
