# terraform test, offline: every variable validation refuses a bad value. Each run sets one bad
# value per variable it lists; terraform test fails if any of them is accepted.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  lambda_jar_path = "tests/fixtures/lambda-consumer.jar"
  flink_jar_path  = "tests/fixtures/flink-job.jar"
  ingest_jar_path = "tests/fixtures/ingest.jar"
}

run "general_kinesis_and_dynamodb" {
  command = plan

  variables {
    aws_region                   = "US East"
    name                         = "TradeLake_Prod"
    kinesis_stream_mode          = "SERVERLESS"
    kinesis_shard_count          = 1.5
    kinesis_retention_hours      = 12
    kms_key_deletion_window_days = 3
    dynamodb_billing_mode        = "ON_DEMAND"
    trades_table_capacity        = { read = 0, write = 100 }
    bars_table_capacity          = { read = 5, write = 0 }
    trade_ttl_days               = -1
  }

  expect_failures = [
    var.aws_region,
    var.name,
    var.kinesis_stream_mode,
    var.kinesis_shard_count,
    var.kinesis_retention_hours,
    var.kms_key_deletion_window_days,
    var.dynamodb_billing_mode,
    var.trades_table_capacity,
    var.bars_table_capacity,
    var.trade_ttl_days,
  ]
}

run "lambda_and_its_event_source_mapping" {
  command = plan

  variables {
    lambda_jar_path                   = "lambda.zip"
    lambda_runtime                    = "java11"
    lambda_architecture               = "arm"
    lambda_memory_mb                  = 64
    lambda_timeout_seconds            = 901
    lambda_write_max_attempts         = -1
    lambda_write_concurrency          = 33
    lambda_log_retention_days         = 10
    lambda_batch_size                 = 10001
    lambda_batching_window_seconds    = 301
    lambda_parallelization_factor     = 11
    lambda_starting_position          = "AT_TIMESTAMP"
    lambda_maximum_retry_attempts     = -2
    lambda_maximum_record_age_seconds = 30
    dlq_replay_window_hours           = -1
    dlq_message_retention_seconds     = 1209601
  }

  expect_failures = [
    var.lambda_jar_path,
    var.lambda_runtime,
    var.lambda_architecture,
    var.lambda_memory_mb,
    var.lambda_timeout_seconds,
    var.lambda_write_max_attempts,
    var.lambda_write_concurrency,
    var.lambda_log_retention_days,
    var.lambda_batch_size,
    var.lambda_batching_window_seconds,
    var.lambda_parallelization_factor,
    var.lambda_starting_position,
    var.lambda_maximum_retry_attempts,
    var.lambda_maximum_record_age_seconds,
    var.dlq_replay_window_hours,
    var.dlq_message_retention_seconds,
  ]
}

run "flink" {
  command = plan

  variables {
    flink_jar_path                         = "flink.zip"
    flink_parallelism                      = 0
    flink_parallelism_per_kpu              = 9
    flink_checkpoint_interval_ms           = 999
    flink_min_pause_between_checkpoints_ms = -1
    flink_log_level                        = "TRACE"
    flink_metrics_level                    = "JOB"
    flink_log_retention_days               = 2
    flink_initial_position                 = "EARLIEST"
    flink_bar_windows                      = ["1m", "90sec"]
    flink_allowed_lateness_ms              = -1
    flink_watermark_out_of_orderness_ms    = -1
    flink_close_after_quiet_ms             = 0
    flink_stream_poll_interval_ms          = 100
  }

  expect_failures = [
    var.flink_jar_path,
    var.flink_parallelism,
    var.flink_parallelism_per_kpu,
    var.flink_checkpoint_interval_ms,
    var.flink_min_pause_between_checkpoints_ms,
    var.flink_log_level,
    var.flink_metrics_level,
    var.flink_log_retention_days,
    var.flink_initial_position,
    var.flink_bar_windows,
    var.flink_allowed_lateness_ms,
    var.flink_watermark_out_of_orderness_ms,
    var.flink_close_after_quiet_ms,
    var.flink_stream_poll_interval_ms,
  ]
}

run "artifacts_and_ingest" {
  command = plan

  variables {
    artifact_noncurrent_version_days  = 0
    artifact_noncurrent_versions_kept = 101
    ingest_symbols                    = []
    ingest_trusted_principal_arns     = ["alice"]
    ingest_subnet_ids                 = ["sg-0123"]
    ingest_jar_path                   = "ingest.war"
    ingest_architecture               = "ARM"
    ingest_cpu                        = 300
    ingest_memory_mb                  = 700
    ingest_heap_mb                    = 32
    ingest_shutdown_timeout_seconds   = 0
    ingest_stop_timeout_seconds       = 300
    ingest_log_retention_days         = 4
    ingest_secret_recovery_days       = 3
  }

  expect_failures = [
    var.artifact_noncurrent_version_days,
    var.artifact_noncurrent_versions_kept,
    var.ingest_symbols,
    var.ingest_trusted_principal_arns,
    var.ingest_subnet_ids,
    var.ingest_jar_path,
    var.ingest_architecture,
    var.ingest_cpu,
    var.ingest_memory_mb,
    var.ingest_heap_mb,
    var.ingest_shutdown_timeout_seconds,
    var.ingest_stop_timeout_seconds,
    var.ingest_log_retention_days,
    var.ingest_secret_recovery_days,
  ]
}

run "alarms" {
  command = plan

  variables {
    alarm_email_addresses          = ["ops"]
    alarm_actions                  = ["sns:tradelake-alarms"]
    alarm_period_seconds           = 90
    alarm_evaluation_periods       = 0
    alarm_incoming_records_min     = -1
    alarm_stream_iterator_age_ms   = 0
    alarm_dynamodb_write_throttles = -1
    alarm_lambda_throttles         = -1
    alarm_iterator_age_ms          = 0
    alarm_lambda_errors            = -1
    alarm_dlq_messages             = -1
    alarm_kinesis_write_throttles  = -1
    alarm_flink_downtime_ms        = -1
  }

  expect_failures = [
    var.alarm_email_addresses,
    var.alarm_actions,
    var.alarm_period_seconds,
    var.alarm_evaluation_periods,
    var.alarm_incoming_records_min,
    var.alarm_stream_iterator_age_ms,
    var.alarm_dynamodb_write_throttles,
    var.alarm_lambda_throttles,
    var.alarm_iterator_age_ms,
    var.alarm_lambda_errors,
    var.alarm_dlq_messages,
    var.alarm_kinesis_write_throttles,
    var.alarm_flink_downtime_ms,
  ]
}
