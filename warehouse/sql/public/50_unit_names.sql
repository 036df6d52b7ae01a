-- one row per unit × name: the names a unit was known by and the years of each (names seen in ratings and rosters
-- from mart_unit_name_years, then the registry's names not seen there)
create or replace view unit_names as
with observed as (
    select unit_id, name, first_year, last_year from mart_unit_name_years
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
