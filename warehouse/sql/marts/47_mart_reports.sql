-- one row per report: calc_reports materialised when a batch loads, so that the 会议 page's questions read one
-- table (the view's joins to institutions and units were not pruned when only year and keywords are read:
-- report_keywords cost 1.4–1.7× its floor over raw_reports); institution and year order
create or replace table mart_reports as select * from calc_reports order by institution_id, year, report_id;
