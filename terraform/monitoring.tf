################################################################################
# CloudWatch alarms and dashboard
################################################################################

# Every alarm notifies the same targets, and stays quiet while there is no traffic (no data).

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
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
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
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
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
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
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
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
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
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

locals {
  alarm_arns = concat(
    [
      aws_cloudwatch_metric_alarm.lambda_iterator_age.arn,
      aws_cloudwatch_metric_alarm.lambda_errors.arn,
      aws_cloudwatch_metric_alarm.dead_letter_queue.arn,
      aws_cloudwatch_metric_alarm.kinesis_write_throttles.arn,
    ],
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
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = local.dashboard_name
  dashboard_body = jsonencode({ widgets = concat(local.core_widgets, local.flink_widgets) })
}
