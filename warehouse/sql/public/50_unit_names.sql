-- one row per unit × name: the names a unit was known by and the years of each (names seen in ratings and rosters,
-- then the registry's names not seen there; both in mart_unit_name_years)
create or replace view unit_names as
select unit_id, name, first_year, last_year from mart_unit_name_years;
