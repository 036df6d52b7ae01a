-- one row per unit, per institution: the `units` view's row — its latest name and org level as written, and the
-- years it was appraised (ratings or rosters: a roster alone makes a unit-year appraised, it reported), else from
-- the registry's name history. Every part is keyed by institution, so a refresh of one institution reads only its rows.
create or replace view calc_units as
with observed as (
    select
        institution_id,
        unit_id,
        min(year) as first_year,
        max(year) as last_year,
        arg_max(unit_name, year) as latest_name,
        arg_max(org_level, year) as latest_level
    from (
        select institution_id, unit_id, year, unit_name, org_level from raw_ratings
        union all
        select institution_id, unit_id, year, unit_name, org_level from raw_roster
    )
    group by institution_id, unit_id
),
registered as (
    select u.institution_id, n.unit_id, arg_max(n.name, coalesce(n.last_year, 9999)) as name,
        min(n.first_year) as first_year, max(n.last_year) as last_year
    from raw_unit_names as n
    join raw_units as u using (unit_id)
    group by u.institution_id, n.unit_id
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
    left join observed as o on o.institution_id = u.institution_id and o.unit_id = u.unit_id
    left join registered as r on r.institution_id = u.institution_id and r.unit_id = u.unit_id
)
select * from final;
