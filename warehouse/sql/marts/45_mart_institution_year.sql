-- one row per institution × year: calc_institution_year materialised when a batch loads (institution order)
create or replace table mart_institution_year as select * from calc_institution_year order by institution_id, year;
