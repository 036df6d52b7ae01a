-- one row per unit: its latest name, type and level, and the years it was appraised
create or replace view units as
with observed as (
    -- years with results or on a roster (a roster alone makes a unit-year appraised: it reported)
    select
        unit_id,
        min(year) as first_year,
        max(year) as last_year,
        arg_max(unit_name, year) as latest_name,
        arg_max(org_level, year) as latest_level
    from (
        select unit_id, year, unit_name, org_level from raw_ratings
        union all
        select unit_id, year, unit_name, org_level from raw_roster
    )
    group by unit_id
),
registered as (
    select unit_id, arg_max(name, coalesce(last_year, 9999)) as name,
        min(first_year) as first_year, max(last_year) as last_year
    from raw_unit_names
    group by unit_id
),
final as (
    select
        u.unit_id,
        u.institution_id,
        coalesce(o.latest_name, r.name) as name,
        u.unit_type,
        coalesce(o.latest_level, u.org_level) as org_level,
        u.parent_unit_id,
        coalesce(o.first_year, r.first_year) as first_year,
        coalesce(o.last_year, r.last_year) as last_year
    from raw_units as u
    left join observed as o using (unit_id)
    left join registered as r using (unit_id)
)
select * from final;
