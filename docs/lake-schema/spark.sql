-- Pingyi lake: Spark SQL tables over the lake's `current` path. Generated from the snapshot manifest
-- by `pingyi export lake-schema DIR --dialect spark --location URI` (do not edit by hand).
-- After each export run current/_schema/spark-refresh.sql (MSCK REPAIR TABLE … SYNC PARTITIONS for the
-- partitioned tables, REFRESH TABLE for all: `pingyi export lake-schema DIR --refresh` prints it).
CREATE DATABASE IF NOT EXISTS pingyi;

CREATE TABLE IF NOT EXISTS pingyi.institutions (
  `institution_id` STRING,
  `name` STRING,
  `short_name` STRING,
  `province` STRING,
  `kind` STRING,
  `is_demo` BOOLEAN
) USING parquet
LOCATION '/srv/pingyi-lake/current/institutions';

CREATE TABLE IF NOT EXISTS pingyi.units (
  `unit_id` STRING,
  `institution_id` STRING,
  `name` STRING,
  `unit_type` STRING,
  `org_level` STRING,
  `parent_unit_id` STRING,
  `first_year` INT,
  `last_year` INT
) USING parquet
LOCATION '/srv/pingyi-lake/current/units';

CREATE TABLE IF NOT EXISTS pingyi.unit_names (
  `unit_id` STRING,
  `name` STRING,
  `first_year` INT,
  `last_year` INT
) USING parquet
LOCATION '/srv/pingyi-lake/current/unit_names';

CREATE TABLE IF NOT EXISTS pingyi.appraisal (
  `institution_id` STRING,
  `institution` STRING,
  `unit_id` STRING,
  `unit` STRING,
  `unit_type` STRING,
  `org_level` STRING,
  `secretary` STRING,
  `mode` STRING,
  `voters` INT,
  `votes_good` INT,
  `votes_fairly_good` INT,
  `votes_average` INT,
  `votes_poor` INT,
  `good_rate` DOUBLE,
  `positive_rate` DOUBLE,
  `score` DOUBLE,
  `computed_grade` STRING,
  `official_grade` STRING,
  `final_grade` STRING,
  `rank` BIGINT,
  `units_in_year` BIGINT,
  `scheme_id` STRING,
  `year` INT
) USING parquet
PARTITIONED BY (`year`)
LOCATION '/srv/pingyi-lake/current/appraisal';
MSCK REPAIR TABLE pingyi.appraisal SYNC PARTITIONS;

CREATE TABLE IF NOT EXISTS pingyi.type_year (
  `institution_id` STRING,
  `institution` STRING,
  `unit_type` STRING,
  `n_units` BIGINT,
  `mean_score` DOUBLE,
  `good_rate` DOUBLE,
  `positive_rate` DOUBLE,
  `n_good` BIGINT,
  `n_fairly_good` BIGINT,
  `n_average` BIGINT,
  `n_poor` BIGINT,
  `n_graded` BIGINT,
  `share_good` DOUBLE,
  `year` INT
) USING parquet
PARTITIONED BY (`year`)
LOCATION '/srv/pingyi-lake/current/type_year';
MSCK REPAIR TABLE pingyi.type_year SYNC PARTITIONS;

CREATE TABLE IF NOT EXISTS pingyi.institution_year (
  `institution_id` STRING,
  `institution` STRING,
  `n_units` BIGINT,
  `n_onsite` BIGINT,
  `n_written` BIGINT,
  `mean_score` DOUBLE,
  `good_rate` DOUBLE,
  `positive_rate` DOUBLE,
  `n_good` BIGINT,
  `n_fairly_good` BIGINT,
  `n_average` BIGINT,
  `n_poor` BIGINT,
  `scheme_id` STRING,
  `scheme_label` STRING,
  `meeting_date` DATE,
  `has_ratings` BOOLEAN,
  `n_graded` BIGINT,
  `share_good` DOUBLE,
  `has_results` BOOLEAN,
  `grades_only` BOOLEAN,
  `year` INT
) USING parquet
PARTITIONED BY (`year`)
LOCATION '/srv/pingyi-lake/current/institution_year';
MSCK REPAIR TABLE pingyi.institution_year SYNC PARTITIONS;

CREATE TABLE IF NOT EXISTS pingyi.meetings (
  `meeting_id` STRING,
  `institution_id` STRING,
  `institution` STRING,
  `institution_name` STRING,
  `appraisal_year` INT,
  `meeting_date` DATE,
  `meeting_date_inferred` BOOLEAN,
  `meeting_level` STRING,
  `onsite_count` INT,
  `written_count` INT,
  `total_units` INT,
  `onsite_units` ARRAY<STRING>,
  `unit_types` ARRAY<STRING>,
  `rating_scale` ARRAY<STRING>,
  `ballot_weights` STRING,
  `rater_groups` ARRAY<STRING>,
  `chair` STRING,
  `publication_date` DATE,
  `source` STRING,
  `sha256` STRING,
  `evidence` STRING
) USING parquet
LOCATION '/srv/pingyi-lake/current/meetings';

CREATE TABLE IF NOT EXISTS pingyi.reports (
  `report_id` STRING,
  `institution_id` STRING,
  `institution` STRING,
  `unit_id` STRING,
  `unit` STRING,
  `unit_type` STRING,
  `secretary` STRING,
  `mode` STRING,
  `title` STRING,
  `report_date` DATE,
  `text_chars` INT,
  `n_problems` INT,
  `n_measures` INT,
  `keywords` ARRAY<STRING>,
  `source` STRING,
  `sha256` STRING,
  `year` INT
) USING parquet
PARTITIONED BY (`year`)
LOCATION '/srv/pingyi-lake/current/reports';
MSCK REPAIR TABLE pingyi.reports SYNC PARTITIONS;

CREATE TABLE IF NOT EXISTS pingyi.etl_batches (
  `batch_id` STRING,
  `kind` STRING,
  `source` STRING,
  `sha256` STRING,
  `loaded_at` TIMESTAMP_NTZ,
  `status` STRING,
  `rows_read` INT,
  `rows_loaded` INT,
  `rows_rejected` INT,
  `loaded_by` STRING,
  `note` STRING
) USING parquet
LOCATION '/srv/pingyi-lake/current/etl_batches';

CREATE TABLE IF NOT EXISTS pingyi.etl_rejects (
  `batch_id` STRING,
  `row_number` INT,
  `column` STRING,
  `value` STRING,
  `reason` STRING,
  `message` STRING,
  `file` STRING,
  `sheet` STRING,
  `message_zh` STRING,
  `message_en` STRING
) USING parquet
LOCATION '/srv/pingyi-lake/current/etl_rejects';

CREATE TABLE IF NOT EXISTS pingyi.schemes (
  `scheme_id` STRING,
  `institution_id` STRING,
  `year_from` INT,
  `year_to` INT,
  `label` STRING,
  `scale` STRING,
  `points_good` DOUBLE,
  `points_fairly_good` DOUBLE,
  `points_average` DOUBLE,
  `points_poor` DOUBLE,
  `min_good` DOUBLE,
  `min_fairly_good` DOUBLE,
  `min_average` DOUBLE
) USING parquet
LOCATION '/srv/pingyi-lake/current/schemes';

CREATE TABLE IF NOT EXISTS pingyi.scheme_groups (
  `scheme_id` STRING,
  `rater_group` STRING,
  `weight` DOUBLE
) USING parquet
LOCATION '/srv/pingyi-lake/current/scheme_groups';

CREATE TABLE IF NOT EXISTS pingyi.scheme_items (
  `scheme_id` STRING,
  `item` STRING,
  `weight` DOUBLE
) USING parquet
LOCATION '/srv/pingyi-lake/current/scheme_items';

CREATE TABLE IF NOT EXISTS pingyi.unit_group_votes (
  `institution_id` STRING,
  `unit_id` STRING,
  `rater_group` STRING,
  `votes_good` BIGINT,
  `votes_fairly_good` BIGINT,
  `votes_average` BIGINT,
  `votes_poor` BIGINT,
  `year` INT
) USING parquet
PARTITIONED BY (`year`)
LOCATION '/srv/pingyi-lake/current/unit_group_votes';
MSCK REPAIR TABLE pingyi.unit_group_votes SYNC PARTITIONS;

CREATE TABLE IF NOT EXISTS pingyi.batch_institutions (
  `batch_id` STRING,
  `institution_id` STRING
) USING parquet
LOCATION '/srv/pingyi-lake/current/batch_institutions';
