-- one row per institution × year × unit: the public appraisal fact (scores, rates, grades, rank)
create or replace view appraisal as select * from mart_appraisal;
