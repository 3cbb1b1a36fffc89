# terraform test, offline: every optional part of the stack on and off, and every precondition,
# against a mocked AWS provider (tests/mocks). Run by ../check.sh.

mock_provider "aws" {
  source = "./tests/mocks"
}

# terraform test runs before the jars are built: stand-ins whose hash is all that is read.
variables {
  lambda_jar_path = "tests/fixtures/lambda-consumer.jar"
  flink_jar_path  = "tests/fixtures/flink-job.jar"
  ingest_jar_path = "tests/fixtures/ingest.jar"
}

run "defaults" {
  assert {
    condition     = length(aws_kinesisanalyticsv2_application.bars) == 1 && length(aws_cloudwatch_metric_alarm.flink_downtime) == 1
    error_message = "flink_enabled defaults to true"
  }
  assert {
    condition     = length(aws_ecs_service.ingest) == 0 && length(aws_secretsmanager_secret.finnhub) == 0 && length(aws_efs_file_system.journal) == 0
    error_message = "ingest_enabled defaults to false: no ingest resource"
  }
  assert {
    condition     = length(aws_s3_bucket.artifacts) == 1 && aws_s3_bucket.artifacts[0].bucket == "tradelake-artifacts-123456789012-us-east-1"
    error_message = "the Flink jar needs the artifact bucket"
  }
  assert {
    condition     = length(aws_s3_object.ingest_jar) == 0 && output.ingest_service_name == null && output.finnhub_secret_arn == null
    error_message = "no ingest jar or ingest outputs without ingest_enabled"
  }
  assert {
    condition     = aws_kinesis_stream.trades.stream_mode_details[0].stream_mode == "ON_DEMAND" && aws_dynamodb_table.trades.billing_mode == "PAY_PER_REQUEST"
    error_message = "on-demand capacity by default"
  }
  assert {
    condition     = length(aws_lambda_function.trade_storage.snap_start) == 0 && length(aws_iam_role.ingest) == 0
    error_message = "SnapStart and the ingest role are off by default"
  }
  assert {
    condition = [for k in ["stream.poll-interval", "bars.windows", "bars.allowed-lateness", "watermark.out-of-orderness", "bars.close-after-quiet"] :
    one(aws_kinesisanalyticsv2_application.bars[0].application_configuration[0].environment_properties[0].property_group).property_map[k]] == ["1000ms", "1m,1h,1d", "60000ms", "5000ms", "10000ms"]
    error_message = "the Flink job's durations are written in the project's grammar (BarsJobOptions)"
  }
}

run "alarms_notify_the_topic_and_a_silent_stream_fires" {
  variables {
    alarm_actions         = ["arn:aws:sns:us-east-1:123456789012:pager"]
    alarm_email_addresses = ["ops@example.com", "oncall@example.com"]
  }

  assert {
    condition     = output.alarm_topic_arn == aws_sns_topic.alarms.arn
    error_message = "the topic is an output"
  }
  assert {
    condition = alltrue([for alarm in concat(
      aws_cloudwatch_metric_alarm.incoming_records,
      aws_cloudwatch_metric_alarm.flink_downtime,
      values(aws_cloudwatch_metric_alarm.dynamodb_write_throttles),
      [
        aws_cloudwatch_metric_alarm.stream_iterator_age,
        aws_cloudwatch_metric_alarm.lambda_iterator_age,
        aws_cloudwatch_metric_alarm.lambda_errors,
        aws_cloudwatch_metric_alarm.lambda_throttles,
        aws_cloudwatch_metric_alarm.lambda_destination_delivery_failures,
        aws_cloudwatch_metric_alarm.dead_letter_queue,
        aws_cloudwatch_metric_alarm.kinesis_write_throttles,
      ],
      ) : toset(alarm.alarm_actions) == toset([aws_sns_topic.alarms.arn, "arn:aws:sns:us-east-1:123456789012:pager"])
    && toset(alarm.ok_actions) == toset(alarm.alarm_actions)])
    error_message = "every alarm notifies the topic and the extra actions, when it fires and when it clears"
  }
  assert {
    condition     = length(local.alarm_arns) == 11 && length(distinct([for arn in local.alarm_arns : arn])) == length(local.alarm_arns)
    error_message = "every alarm is on the dashboard"
  }
  assert {
    condition = length(distinct(concat(
      aws_cloudwatch_metric_alarm.incoming_records[*].alarm_name,
      aws_cloudwatch_metric_alarm.flink_downtime[*].alarm_name,
      [for alarm in aws_cloudwatch_metric_alarm.dynamodb_write_throttles : alarm.alarm_name],
      [
        aws_cloudwatch_metric_alarm.stream_iterator_age.alarm_name,
        aws_cloudwatch_metric_alarm.lambda_iterator_age.alarm_name,
        aws_cloudwatch_metric_alarm.lambda_errors.alarm_name,
        aws_cloudwatch_metric_alarm.lambda_throttles.alarm_name,
        aws_cloudwatch_metric_alarm.lambda_destination_delivery_failures.alarm_name,
        aws_cloudwatch_metric_alarm.dead_letter_queue.alarm_name,
        aws_cloudwatch_metric_alarm.kinesis_write_throttles.alarm_name,
      ],
    ))) == 11
    error_message = "alarm names are unique in an account and region"
  }
  assert {
    condition     = length(aws_sns_topic_subscription.alarm_email) == 2
    error_message = "one email subscription per address"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.incoming_records[0].treat_missing_data == "breaching" && aws_cloudwatch_metric_alarm.incoming_records[0].comparison_operator == "LessThanThreshold"
    error_message = "no records at all must fire the incoming-records alarm"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.stream_iterator_age.metric_name == "GetRecords.IteratorAgeMilliseconds"
    error_message = "the stream-level iterator age covers the Flink job"
  }
  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.dynamodb_write_throttles)) == toset(["trades", "bars"])
    error_message = "both tables have a write-throttle alarm"
  }
}

run "flink_and_the_incoming_records_alarm_off" {
  variables {
    flink_enabled              = false
    alarm_incoming_records_min = 0
  }

  assert {
    condition     = length(aws_kinesisanalyticsv2_application.bars) == 0 && length(aws_iam_role.flink) == 0 && length(aws_cloudwatch_metric_alarm.flink_downtime) == 0
    error_message = "flink_enabled = false leaves the application, its role and its alarm out"
  }
  assert {
    condition     = length(aws_s3_bucket.artifacts) == 0 && output.artifact_bucket == null
    error_message = "no artifact bucket when nothing runs from it"
  }
  assert {
    condition     = !strcontains(aws_cloudwatch_dashboard.this.dashboard_body, "AWS/KinesisAnalytics")
    error_message = "no Flink widgets on the dashboard"
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.incoming_records) == 0
    error_message = "alarm_incoming_records_min = 0 leaves the alarm out"
  }
}

run "ingest_on_with_its_journal_on_efs" {
  variables {
    flink_enabled     = false
    ingest_enabled    = true
    ingest_subnet_ids = ["subnet-0a", "subnet-0b"]
  }

  override_data {
    target = data.aws_subnet.ingest["subnet-0b"]
    values = {
      vpc_id            = "vpc-0123456789abcdef0"
      availability_zone = "us-east-1b"
    }
  }

  assert {
    condition     = length(aws_ecs_service.ingest) == 1 && aws_ecs_service.ingest[0].desired_count == 1
    error_message = "one supervised ingest task"
  }
  assert {
    condition     = aws_ecs_service.ingest[0].deployment_maximum_percent == 100 && aws_ecs_service.ingest[0].deployment_minimum_healthy_percent == 0
    error_message = "never two ingest tasks at once"
  }
  assert {
    condition     = length(aws_s3_bucket.artifacts) == 1 && length(aws_s3_object.ingest_jar) == 1
    error_message = "the ingest jar goes to the artifact bucket, even without Flink"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.ingest[0].container_definitions)[1].secrets == [{ name = "FINNHUB_API_KEY", valueFrom = aws_secretsmanager_secret.finnhub[0].arn }]
    error_message = "the token comes from Secrets Manager, by ARN"
  }
  assert {
    condition     = !strcontains(aws_ecs_task_definition.ingest[0].container_definitions, "\"FINNHUB_API_KEY\",\"value\"")
    error_message = "the token is never a plain environment value"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.ingest[0].container_definitions)[1].stopTimeout == 120 && contains(jsondecode(aws_ecs_task_definition.ingest[0].container_definitions)[1].command, "90s")
    error_message = "ECS waits longer than the ingest's own shutdown timeout"
  }
  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.ingest[0].container_definitions)[0].command, aws_s3_object.ingest_jar[0].version_id)
    error_message = "the task fetches the exact jar version this apply uploaded"
  }
  assert {
    condition     = length(aws_efs_file_system.journal) == 1 && length(aws_efs_mount_target.journal) == 2 && length(aws_iam_role_policy.ingest_journal) == 1
    error_message = "the journal is on EFS, mounted in each subnet's zone"
  }
  assert {
    condition     = one([for v in aws_ecs_task_definition.ingest[0].volume : v if v.name == "journal"]).efs_volume_configuration[0].transit_encryption == "ENABLED"
    error_message = "the journal volume is the EFS file system, encrypted in transit"
  }
  assert {
    condition     = length(aws_cloudwatch_log_group.ingest) == 1 && output.ingest_log_group == "/ecs/tradelake-ingest"
    error_message = "the ingest logs to CloudWatch"
  }
  assert {
    condition     = strcontains(aws_cloudwatch_dashboard.this.dashboard_body, "AWS/ECS")
    error_message = "the dashboard shows the ingest"
  }
}

run "ingest_on_with_an_ephemeral_journal" {
  variables {
    ingest_enabled        = true
    ingest_subnet_ids     = ["subnet-0a"]
    ingest_journal_on_efs = false
  }

  assert {
    condition     = length(aws_ecs_service.ingest) == 1 && length(aws_efs_file_system.journal) == 0 && length(aws_vpc_security_group_egress_rule.ingest_nfs) == 0
    error_message = "no EFS without ingest_journal_on_efs"
  }
  assert {
    condition     = length(one([for v in aws_ecs_task_definition.ingest[0].volume : v if v.name == "journal"]).efs_volume_configuration) == 0
    error_message = "the journal volume is task storage"
  }
}

run "optional_capacity_and_roles" {
  variables {
    kinesis_stream_mode           = "PROVISIONED"
    kinesis_shard_count           = 2
    dynamodb_billing_mode         = "PROVISIONED"
    lambda_snap_start             = true
    ingest_trusted_principal_arns = ["arn:aws:iam::123456789012:role/ingest-host"]
  }

  assert {
    condition     = aws_kinesis_stream.trades.shard_count == 2 && aws_dynamodb_table.trades.write_capacity == 100
    error_message = "provisioned capacity is set"
  }
  assert {
    condition     = length(aws_lambda_function.trade_storage.snap_start) == 1 && length(aws_iam_role.ingest) == 1
    error_message = "SnapStart and the ingest role are on"
  }
}

run "names_follow_the_partition" {
  override_data {
    target = data.aws_partition.current
    values = {
      partition  = "aws-cn"
      dns_suffix = "amazonaws.com.cn"
    }
  }
  override_data {
    target = data.aws_region.current
    values = {
      name = "cn-north-1"
    }
  }

  variables {
    aws_region = "cn-north-1"
  }

  assert {
    condition     = local.kinesis_service == "kinesis.cn-north-1.amazonaws.com.cn"
    error_message = "the KMS ViaService condition names the partition's Kinesis endpoint"
  }
  assert {
    condition     = startswith(output.dashboard_url, "https://cn-north-1.console.amazonaws.cn/")
    error_message = "the dashboard link uses the partition's console"
  }
}

################################################################################
# Preconditions
################################################################################

run "ingest_needs_subnets" {
  command = plan

  variables {
    ingest_enabled = true
  }

  expect_failures = [aws_security_group.ingest]
}

run "ingest_subnets_in_one_zone_are_refused" {
  command = plan

  variables {
    ingest_enabled    = true
    ingest_subnet_ids = ["subnet-0a", "subnet-0b"]
  }

  expect_failures = [aws_security_group.ingest]
}

run "ingest_stop_timeout_must_exceed_its_shutdown" {
  command = plan

  variables {
    ingest_enabled                  = true
    ingest_subnet_ids               = ["subnet-0a"]
    ingest_shutdown_timeout_seconds = 115
  }

  expect_failures = [aws_ecs_task_definition.ingest]
}

run "ingest_heap_at_most_half_the_memory" {
  command = plan

  variables {
    ingest_enabled    = true
    ingest_subnet_ids = ["subnet-0a"]
    ingest_heap_mb    = 300
  }

  expect_failures = [aws_ecs_task_definition.ingest]
}

run "ingest_memory_must_fit_the_cpu" {
  command = plan

  variables {
    ingest_enabled    = true
    ingest_subnet_ids = ["subnet-0a"]
    ingest_cpu        = 1024
    ingest_memory_mb  = 1024
  }

  expect_failures = [aws_ecs_task_definition.ingest]
}

run "retention_must_cover_the_maximum_record_age" {
  command = plan

  variables {
    kinesis_retention_hours           = 24
    lambda_maximum_record_age_seconds = 86400 - 1800
  }

  expect_failures = [aws_lambda_event_source_mapping.trades]
}

run "retention_covers_the_maximum_record_age_and_the_replay_window" {
  command = plan

  variables {
    kinesis_retention_hours           = 48
    lambda_maximum_record_age_seconds = 86400
    dlq_replay_window_hours           = 24
  }
}

run "retrying_until_records_expire_is_refused" {
  command = plan

  variables {
    lambda_maximum_record_age_seconds = -1
    lambda_maximum_retry_attempts     = -1
  }

  expect_failures = [aws_lambda_event_source_mapping.trades]
}
