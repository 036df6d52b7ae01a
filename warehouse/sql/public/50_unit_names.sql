-- one row per unit × name: the names a unit was known by and the years of each
create or replace view unit_names as
with observed as (
    select unit_id, unit_name as name, min(year) as first_year, max(year) as last_year
    from (
        select unit_id, unit_name, year from raw_ratings
        union all
        select unit_id, unit_name, year from raw_roster  -- a name on a roster was carried that year too
    )
    group by unit_id, unit_name
),
registered as (
    select n.unit_id, n.name, n.first_year, n.last_year
    from raw_unit_names as n
    where not exists (
        select 1 from observed as o where o.unit_id = n.unit_id and o.name = n.name
    )
),
final as (
    select * from observed
    union all
    select * from registered
)
select * from final;
