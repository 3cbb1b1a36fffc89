################################################################################
# Managed Service for Apache Flink: computes OHLCV bars into the bars table.
# Optional: flink_enabled = false leaves out every resource in this file. Its jar goes to the
# artifact bucket (artifacts.tf).
################################################################################

locals {
  flink_count = var.flink_enabled ? 1 : 0
}

resource "aws_s3_object" "flink_jar" {
  count = local.flink_count

  bucket = aws_s3_bucket.artifacts[0].id
  key    = local.flink_jar_key
  source = var.flink_jar_path
  # A jar with new bytes uploads a new object version, which in turn updates the application. The
  # build is reproducible, so rebuilding the same sources changes nothing here.
  source_hash = filemd5(var.flink_jar_path)

  depends_on = [
    aws_s3_bucket_versioning.artifacts,
    aws_s3_bucket_server_side_encryption_configuration.artifacts,
  ]
}

resource "aws_cloudwatch_log_group" "flink" {
  count = local.flink_count

  name              = local.flink_log_group
  retention_in_days = var.flink_log_retention_days
}

resource "aws_cloudwatch_log_stream" "flink" {
  count = local.flink_count

  name           = local.flink_log_stream
  log_group_name = aws_cloudwatch_log_group.flink[0].name
}

resource "aws_kinesisanalyticsv2_application" "bars" {
  count = local.flink_count

  name                   = local.flink_app_name
  description            = "Computes OHLCV bars of the ${local.stream_name} stream into the ${local.bars_table_name} table"
  runtime_environment    = "FLINK-1_19"
  service_execution_role = aws_iam_role.flink[0].arn
  start_application      = var.flink_start_application

  application_configuration {
    application_code_configuration {
      # ZIPFILE is the content type of a jar as well.
      code_content_type = "ZIPFILE"

      code_content {
        s3_content_location {
          bucket_arn     = aws_s3_bucket.artifacts[0].arn
          file_key       = aws_s3_object.flink_jar[0].key
          object_version = aws_s3_object.flink_jar[0].version_id
        }
      }
    }

    application_snapshot_configuration {
      snapshots_enabled = var.flink_snapshots_enabled
    }

    # Keys from dev.tradelake.flink.BarsJobOptions (main class dev.tradelake.flink.BarsJob, set in the
    # jar's manifest); the job refuses a key it does not know. Durations are written as the project
    # writes them everywhere (500ms, 10s, 1m). The *.endpoint overrides are for local runs only and
    # must stay unset here; checkpointing is the application's (flink_application_configuration).
    environment_properties {
      property_group {
        property_group_id = "TradeLake"
        property_map = {
          "stream.arn"                 = aws_kinesis_stream.trades.arn
          "stream.initial-position"    = var.flink_initial_position
          "stream.initial-timestamp"   = var.flink_initial_timestamp
          "stream.poll-interval"       = "${var.flink_stream_poll_interval_ms}ms"
          "stream.reader"              = var.flink_enhanced_fan_out ? "efo" : "polling"
          "stream.efo-consumer"        = local.flink_efo_consumer
          "bars.table"                 = aws_dynamodb_table.bars.name
          "bars.windows"               = join(",", var.flink_bar_windows)
          "bars.allowed-lateness"      = "${var.flink_allowed_lateness_ms}ms"
          "watermark.out-of-orderness" = "${var.flink_watermark_out_of_orderness_ms}ms"
          "bars.close-after-quiet"     = "${var.flink_close_after_quiet_ms}ms"
          "aws.region"                 = local.region
          # Empty without the lake: the job then writes no Parquet.
          "lake.path" = local.lake_count == 1 ? local.lake_path : ""
        }
      }
    }

    flink_application_configuration {
      checkpoint_configuration {
        configuration_type            = "CUSTOM"
        checkpointing_enabled         = true
        checkpoint_interval           = var.flink_checkpoint_interval_ms
        min_pause_between_checkpoints = var.flink_min_pause_between_checkpoints_ms
      }

      monitoring_configuration {
        configuration_type = "CUSTOM"
        log_level          = var.flink_log_level
        metrics_level      = var.flink_metrics_level
      }

      parallelism_configuration {
        configuration_type   = "CUSTOM"
        parallelism          = var.flink_parallelism
        parallelism_per_kpu  = var.flink_parallelism_per_kpu
        auto_scaling_enabled = var.flink_autoscaling_enabled
      }
    }

    run_configuration {
      application_restore_configuration {
        # Falls back to a fresh start when there is no snapshot yet.
        application_restore_type = var.flink_snapshots_enabled ? "RESTORE_FROM_LATEST_SNAPSHOT" : "SKIP_RESTORE_FROM_SNAPSHOT"
      }

      flink_run_configuration {
        allow_non_restored_state = false
      }
    }
  }

  cloudwatch_logging_options {
    log_stream_arn = aws_cloudwatch_log_stream.flink[0].arn
  }

  # The service checks the role's access to the stream, bucket and log stream when the
  # application is created and started.
  depends_on = [aws_iam_role_policy.flink]
}
