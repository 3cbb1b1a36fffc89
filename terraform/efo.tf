################################################################################
# Enhanced fan-out for the Flink job (off by default): a stream consumer of its own, so the job
# gets 2 MB/s per shard pushed to it (SubscribeToShard) instead of sharing each shard's 2 MB/s and
# 5 reads/s with the Lambda. Terraform owns the consumer: the job never deregisters it, and it
# registers one only if it finds none of this name (which, here, it always finds).
# Billed per consumer-shard hour and per GB delivered: see README.md ("Enhanced fan-out").
################################################################################

variable "flink_enhanced_fan_out" {
  description = "Read the stream in the Flink job with enhanced fan-out through a registered stream consumer (stream.reader = efo) instead of polling. Costs per consumer-shard hour and per GB read; worth it when the job must not share a shard's read throughput or needs ~70 ms propagation."
  type        = bool
  default     = false
}

locals {
  flink_efo_count    = var.flink_enabled && var.flink_enhanced_fan_out ? 1 : 0
  flink_efo_consumer = local.flink_app_name
}

resource "aws_kinesis_stream_consumer" "flink" {
  count = local.flink_efo_count

  name       = local.flink_efo_consumer
  stream_arn = aws_kinesis_stream.trades.arn
}

data "aws_iam_policy_document" "flink_efo" {
  count = local.flink_efo_count

  # Registering is authorized on the stream; the job only does it if the consumer were missing.
  statement {
    sid       = "RegisterConsumer"
    effect    = "Allow"
    actions   = ["kinesis:RegisterStreamConsumer"]
    resources = [aws_kinesis_stream.trades.arn]
  }

  statement {
    sid       = "ReadThroughConsumer"
    effect    = "Allow"
    actions   = ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"]
    resources = [aws_kinesis_stream_consumer.flink[0].arn]
  }
}

resource "aws_iam_role_policy" "flink_efo" {
  count = local.flink_efo_count

  name   = "enhanced-fan-out"
  role   = aws_iam_role.flink[0].id
  policy = data.aws_iam_policy_document.flink_efo[0].json
}

# With fan-out the job no longer shows in GetRecords.IteratorAgeMilliseconds (the stream's
# iterator-age alarm): its lag is the consumer's SubscribeToShard.MillisBehindLatest.
resource "aws_cloudwatch_metric_alarm" "flink_efo_lag" {
  count = local.flink_efo_count

  alarm_name        = "${local.flink_efo_consumer}-efo-millis-behind-latest"
  alarm_description = "The Flink job, reading ${local.stream_name} through the consumer ${local.flink_efo_consumer}, is more than ${var.alarm_stream_iterator_age_ms} ms behind: bars lag behind."
  namespace         = "AWS/Kinesis"
  metric_name       = "SubscribeToShard.MillisBehindLatest"
  dimensions = {
    StreamName   = aws_kinesis_stream.trades.name
    ConsumerName = aws_kinesis_stream_consumer.flink[0].name
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
