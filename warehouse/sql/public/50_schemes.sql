-- one row per scoring scheme (口径): its scale, the points of each grade and the grade thresholds
create or replace view schemes as
select scheme_id, institution_id, year_from, year_to, label, scale,
    points_good, points_fairly_good, points_average, points_poor, min_good, min_fairly_good, min_average
from raw_schemes;
