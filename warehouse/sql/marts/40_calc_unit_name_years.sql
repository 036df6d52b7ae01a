-- one row per institution × unit × name: the names seen in ratings and rosters (a name on a roster was carried that
-- year too) with the years of that name, then the registry's names of the institution's units not seen there (with
-- the registry's years). Keyed by institution, so a refresh of one institution reads only its rows.
create or replace view calc_unit_name_years as
with observed as (
    select institution_id, unit_id, unit_name, year from raw_ratings
    union all
    select institution_id, unit_id, unit_name, year from raw_roster
),
seen as (
    select institution_id, unit_id, unit_name as name, min(year) as first_year, max(year) as last_year
    from observed
    group by institution_id, unit_id, unit_name
),
registered as (
    select u.institution_id, n.unit_id, n.name, n.first_year, n.last_year
    from raw_unit_names as n
    join raw_units as u using (unit_id)
    where not exists (
        select 1 from seen as s
        where s.institution_id = u.institution_id and s.unit_id = n.unit_id and s.name = n.name
    )
),
final as (
    select * from seen
    union all
    select * from registered
)
select * from final;
