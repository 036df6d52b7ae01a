-- one row per institution × year × unit_type: means and rates over units (each unit counts once), grade counts
create or replace view type_year as select * from mart_type_year;
