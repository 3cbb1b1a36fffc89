################################################################################
# CloudWatch alarms and dashboard
################################################################################

# Every alarm notifies one SNS topic (and any extra var.alarm_actions) when it fires and when it
# clears. Other files' alarms use local.alarm_actions too.
locals {
  alarm_topic_arn = aws_sns_topic.alarms.arn
  alarm_actions   = concat([local.alarm_topic_arn], var.alarm_actions)
}

# Not encrypted: CloudWatch can publish to an encrypted topic only through a customer managed key
# whose key policy names CloudWatch, and alarm notifications carry no data worth that.
resource "aws_sns_topic" "alarms" {
  name = local.alarm_topic_name
}

resource "aws_sns_topic_subscription" "alarm_email" {
  for_each = toset(var.alarm_email_addresses)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

# The one alarm for which no data is bad news: a dead ingest, a dropped feed connection or a
# revoked token all show up as an empty stream. Crypto pairs trade around the clock, so a stack
# that subscribes one expects records in every period.
resource "aws_cloudwatch_metric_alarm" "incoming_records" {
  count = var.alarm_incoming_records_min > 0 ? 1 : 0

  alarm_name        = "${local.stream_name}-incoming-records"
  alarm_description = "Fewer than ${var.alarm_incoming_records_min} records reached the ${local.stream_name} stream in ${var.alarm_period_seconds} s: the ingest or the feed is down."
  namespace         = "AWS/Kinesis"
  metric_name       = "IncomingRecords"
  dimensions = {
    StreamName = aws_kinesis_stream.trades.name
  }
  statistic           = "Sum"
  comparison_operator = "LessThanThreshold"
  threshold           = var.alarm_incoming_records_min
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# The other alarms stay quiet while there is no data: no traffic means nothing to fall behind on,
# nothing throttled and nothing failed.

# Stream-level, so the slowest of the polling readers: in practice the Flink job, since the Lambda
# has its own alarm below. A stopped Flink application stops reading; its downtime alarm (or, for
# a stop by hand, the dashboard) tells.
resource "aws_cloudwatch_metric_alarm" "stream_iterator_age" {
  alarm_name        = "${local.stream_name}-iterator-age"
  alarm_description = "A reader of the ${local.stream_name} stream (the Flink job, or the Lambda) reads records older than ${var.alarm_stream_iterator_age_ms} ms: bars or trades lag behind."
  namespace         = "AWS/Kinesis"
  metric_name       = "GetRecords.IteratorAgeMilliseconds"
  dimensions = {
    StreamName = aws_kinesis_stream.trades.name
  }
  statistic           = "Maximum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_stream_iterator_age_ms
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# On-demand tables throttle too, when one partition key takes more than about 1,000 writes/s.
resource "aws_cloudwatch_metric_alarm" "dynamodb_write_throttles" {
  for_each = {
    trades = aws_dynamodb_table.trades.name
    bars   = aws_dynamodb_table.bars.name
  }

  alarm_name        = "${each.value}-table-write-throttles"
  alarm_description = "Writes to the ${each.value} table are throttled: storage falls behind and retries pile up."
  namespace         = "AWS/DynamoDB"
  metric_name       = "WriteThrottleEvents"
  dimensions = {
    TableName = each.value
  }
  statistic           = "Sum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_dynamodb_write_throttles
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  alarm_name        = "${local.function_name}-throttles"
  alarm_description = "Invocations of the ${local.function_name} Lambda are throttled (account concurrency): the stream is read late."
  namespace         = "AWS/Lambda"
  metric_name       = "Throttles"
  dimensions = {
    FunctionName = aws_lambda_function.trade_storage.function_name
  }
  statistic           = "Sum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_lambda_throttles
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# A failed batch whose report could not reach the dead-letter queue is skipped without a trace:
# any such failure needs a look.
resource "aws_cloudwatch_metric_alarm" "lambda_destination_delivery_failures" {
  alarm_name        = "${local.function_name}-destination-delivery-failures"
  alarm_description = "The event source mapping of ${local.function_name} could not send a failed batch's report to the dead-letter queue ${local.dead_letter_queue}."
  namespace         = "AWS/Lambda"
  metric_name       = "DestinationDeliveryFailures"
  dimensions = {
    FunctionName = aws_lambda_function.trade_storage.function_name
  }
  statistic           = "Sum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "lambda_iterator_age" {
  alarm_name        = "${local.function_name}-iterator-age"
  alarm_description = "The Lambda falls behind the ${local.stream_name} stream: its oldest unprocessed record is older than ${var.alarm_iterator_age_ms} ms."
  namespace         = "AWS/Lambda"
  metric_name       = "IteratorAge"
  dimensions = {
    FunctionName = aws_lambda_function.trade_storage.function_name
  }
  statistic           = "Maximum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_iterator_age_ms
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# Partial batch failures are reported as batch item failures, not as errors: this alarm
# counts invocations that threw or timed out.
resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  alarm_name        = "${local.function_name}-errors"
  alarm_description = "The ${local.function_name} Lambda failed more than ${var.alarm_lambda_errors} invocations in ${var.alarm_period_seconds} s."
  namespace         = "AWS/Lambda"
  metric_name       = "Errors"
  dimensions = {
    FunctionName = aws_lambda_function.trade_storage.function_name
  }
  statistic           = "Sum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_lambda_errors
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "dead_letter_queue" {
  alarm_name        = "${local.dead_letter_queue}-messages"
  alarm_description = "The dead-letter queue ${local.dead_letter_queue} holds more than ${var.alarm_dlq_messages} messages: invalid records or batches that could not be stored."
  namespace         = "AWS/SQS"
  metric_name       = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.dead_letter.name
  }
  statistic           = "Maximum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_dlq_messages
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "kinesis_write_throttles" {
  alarm_name        = "${local.stream_name}-write-throttles"
  alarm_description = "Writes to the ${local.stream_name} stream are throttled: the ingest is losing or delaying trades. Add shards or switch to ON_DEMAND."
  namespace         = "AWS/Kinesis"
  metric_name       = "WriteProvisionedThroughputExceeded"
  dimensions = {
    StreamName = aws_kinesis_stream.trades.name
  }
  statistic           = "Sum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_kinesis_write_throttles
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# downtime is the time a failing or restarting job has been down; 0 while it runs. A stopped
# application sends no data points, which this alarm treats as fine.
resource "aws_cloudwatch_metric_alarm" "flink_downtime" {
  count = local.flink_count

  alarm_name        = "${local.flink_app_name}-downtime"
  alarm_description = "The ${local.flink_app_name} Flink job has been down for more than ${var.alarm_flink_downtime_ms} ms: bars are not being written."
  namespace         = "AWS/KinesisAnalytics"
  metric_name       = "downtime"
  dimensions = {
    Application = aws_kinesisanalyticsv2_application.bars[0].name
  }
  statistic           = "Maximum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_flink_downtime_ms
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

locals {
  alarm_arns = concat(
    aws_cloudwatch_metric_alarm.incoming_records[*].arn,
    [
      aws_cloudwatch_metric_alarm.stream_iterator_age.arn,
      aws_cloudwatch_metric_alarm.lambda_iterator_age.arn,
      aws_cloudwatch_metric_alarm.lambda_errors.arn,
      aws_cloudwatch_metric_alarm.lambda_throttles.arn,
      aws_cloudwatch_metric_alarm.lambda_destination_delivery_failures.arn,
      aws_cloudwatch_metric_alarm.dead_letter_queue.arn,
      aws_cloudwatch_metric_alarm.kinesis_write_throttles.arn,
    ],
    [for alarm in aws_cloudwatch_metric_alarm.dynamodb_write_throttles : alarm.arn],
    aws_cloudwatch_metric_alarm.flink_downtime[*].arn,
  )

  function_dims = ["FunctionName", local.function_name]

  core_widgets = [
    {
      type   = "alarm"
      width  = 24
      height = 3
      properties = {
        title  = "Alarms"
        alarms = local.alarm_arns
      }
    },
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "Kinesis ${local.stream_name}: records in, throttled writes"
        region = local.region
        view   = "timeSeries"
        stat   = "Sum"
        period = 60
        metrics = [
          ["AWS/Kinesis", "IncomingRecords", "StreamName", local.stream_name],
          ["AWS/Kinesis", "WriteProvisionedThroughputExceeded", "StreamName", local.stream_name],
          ["AWS/Kinesis", "ReadProvisionedThroughputExceeded", "StreamName", local.stream_name],
        ]
      }
    },
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "Kinesis ${local.stream_name}: iterator age of the slowest reader (ms)"
        region = local.region
        view   = "timeSeries"
        stat   = "Maximum"
        period = 60
        metrics = [
          ["AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", "StreamName", local.stream_name],
        ]
        annotations = {
          horizontal = [{ label = "alarm", value = var.alarm_stream_iterator_age_ms }]
        }
      }
    },
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "Lambda ${local.function_name}: iterator age (ms)"
        region = local.region
        view   = "timeSeries"
        stat   = "Maximum"
        period = 60
        metrics = [
          concat(["AWS/Lambda", "IteratorAge"], local.function_dims),
        ]
        annotations = {
          horizontal = [{ label = "alarm", value = var.alarm_iterator_age_ms }]
        }
      }
    },
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "Lambda ${local.function_name}: invocations, errors, throttles"
        region = local.region
        view   = "timeSeries"
        stat   = "Sum"
        period = 60
        metrics = [
          concat(["AWS/Lambda", "Invocations"], local.function_dims),
          concat(["AWS/Lambda", "Errors"], local.function_dims),
          concat(["AWS/Lambda", "Throttles"], local.function_dims),
        ]
      }
    },
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "Lambda ${local.function_name}: duration (ms)"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          concat(["AWS/Lambda", "Duration"], local.function_dims, [{ stat = "Average" }]),
          concat(["AWS/Lambda", "Duration"], local.function_dims, [{ stat = "p99" }]),
        ]
      }
    },
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "Dead-letter queue ${local.dead_letter_queue}"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.dead_letter_queue, { stat = "Maximum" }],
          ["AWS/SQS", "NumberOfMessagesSent", "QueueName", local.dead_letter_queue, { stat = "Sum" }],
        ]
      }
    },
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "DynamoDB: consumed write capacity, throttled writes"
        region = local.region
        view   = "timeSeries"
        stat   = "Sum"
        period = 60
        metrics = [
          ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", local.trades_table_name],
          ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", local.bars_table_name],
          ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", local.trades_table_name],
          ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", local.bars_table_name],
        ]
      }
    },
  ]

  flink_widget_definitions = [
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "Flink ${local.flink_app_name}: downtime (ms), full restarts"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          ["AWS/KinesisAnalytics", "downtime", "Application", local.flink_app_name, { stat = "Maximum" }],
          ["AWS/KinesisAnalytics", "fullRestarts", "Application", local.flink_app_name, { stat = "Maximum" }],
        ]
      }
    },
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "Flink ${local.flink_app_name}: checkpoints"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          ["AWS/KinesisAnalytics", "lastCheckpointDuration", "Application", local.flink_app_name, { stat = "Maximum" }],
          ["AWS/KinesisAnalytics", "numberOfFailedCheckpoints", "Application", local.flink_app_name, { stat = "Maximum" }],
        ]
      }
    },
  ]
  # A for-filter rather than a conditional: the two branches would be tuples of different types.
  flink_widgets = [for widget in local.flink_widget_definitions : widget if var.flink_enabled]

  ingest_widget_definitions = [
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "Ingest ${local.ingest_name}: CPU and memory (% of the task's)"
        region = local.region
        view   = "timeSeries"
        stat   = "Maximum"
        period = 60
        metrics = [
          ["AWS/ECS", "CPUUtilization", "ClusterName", local.ingest_name, "ServiceName", local.ingest_name],
          ["AWS/ECS", "MemoryUtilization", "ClusterName", local.ingest_name, "ServiceName", local.ingest_name],
        ]
      }
    },
  ]
  ingest_widgets = [for widget in local.ingest_widget_definitions : widget if var.ingest_enabled]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = local.dashboard_name
  dashboard_body = jsonencode({ widgets = concat(local.core_widgets, local.flink_widgets, local.ingest_widgets) })
}
