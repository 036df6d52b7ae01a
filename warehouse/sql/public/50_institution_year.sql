-- one row per institution × year (from ratings, or from meeting facts alone): units, modes, means over units, 口径
create or replace view institution_year as select * from mart_institution_year;
