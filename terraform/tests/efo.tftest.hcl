# terraform test, offline: enhanced fan-out for the Flink job (efo.tf) against the mocked AWS
# provider. Run by ../check.sh.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  lambda_jar_path = "tests/fixtures/lambda-consumer.jar"
  flink_jar_path  = "tests/fixtures/flink-job.jar"
  ingest_jar_path = "tests/fixtures/ingest.jar"
}

run "polling_by_default" {
  command = plan

  assert {
    condition     = length(aws_kinesis_stream_consumer.flink) == 0 && length(aws_iam_role_policy.flink_efo) == 0
    error_message = "no stream consumer and no fan-out permissions unless asked for"
  }
  assert {
    condition     = one(aws_kinesisanalyticsv2_application.bars[0].application_configuration[0].environment_properties[0].property_group).property_map["stream.reader"] == "polling"
    error_message = "the job polls by default"
  }
}

run "enhanced_fan_out" {
  command = apply

  variables {
    flink_enhanced_fan_out = true
  }

  assert {
    condition     = aws_kinesis_stream_consumer.flink[0].name == "tradelake-bars" && aws_kinesis_stream_consumer.flink[0].stream_arn == aws_kinesis_stream.trades.arn
    error_message = "one consumer of the stream, named after the application"
  }
  assert {
    condition = (
      one(aws_kinesisanalyticsv2_application.bars[0].application_configuration[0].environment_properties[0].property_group).property_map["stream.reader"] == "efo"
      && one(aws_kinesisanalyticsv2_application.bars[0].application_configuration[0].environment_properties[0].property_group).property_map["stream.efo-consumer"] == aws_kinesis_stream_consumer.flink[0].name
    )
    error_message = "the job reads through that consumer"
  }
  assert {
    condition = toset(flatten([for s in data.aws_iam_policy_document.flink_efo[0].statement : tolist(s.actions)])) == toset([
      "kinesis:RegisterStreamConsumer", "kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard",
    ])
    error_message = "the Flink role may register, describe and subscribe through the consumer, and nothing else here"
  }
  assert {
    condition     = aws_iam_role_policy.flink_efo[0].role == aws_iam_role.flink[0].id
    error_message = "the policy is the Flink role's"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.flink_efo_lag[0].metric_name == "SubscribeToShard.MillisBehindLatest" && aws_cloudwatch_metric_alarm.flink_efo_lag[0].dimensions["ConsumerName"] == "tradelake-bars"
    error_message = "the consumer's lag has an alarm (the stream's iterator age no longer sees the job)"
  }
}

run "no_consumer_without_flink" {
  command = plan

  variables {
    flink_enhanced_fan_out = true
    flink_enabled          = false
  }

  assert {
    condition     = length(aws_kinesis_stream_consumer.flink) == 0
    error_message = "no consumer without the Flink application"
  }
}
