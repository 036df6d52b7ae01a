-- one row per unit: its latest name, type and level, and the years it was appraised (from mart_unit_years, rebuilt
-- with the other marts), else from the registry's name history
create or replace view units as
with registered as (
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
    left join mart_unit_years as o on o.unit_id = u.unit_id and o.institution_id = u.institution_id
    left join registered as r on r.unit_id = u.unit_id
)
select * from final;
