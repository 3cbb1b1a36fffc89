################################################################################
# Alarms on the Flink job's own metrics (dev.tradelake.flink.BarsMetrics).
# The job registers them in the metric group "kinesisanalytics", which Managed Flink publishes to
# the AWS/KinesisAnalytics namespace when the application's metrics_level is OPERATOR or finer
# (var.flink_metrics_level). They carry per-operator dimensions, so each alarm sums its metric
# over every operator and subtask of the application with a Metrics Insights query.
################################################################################

variable "alarm_flink_job_metrics" {
  description = "Alarm when the Flink job counts more than this many of each of its own events in one period: lateTrades (after their bar was final), recordsRejected (undecodable records), tradesRejected (refused by the trade rules), duplicateTrades (the same trade id again), barWriteRetries (bar writes the SDK repeated after a throttle or a server error). A metric left out has no alarm."
  type        = map(number)
  default = {
    lateTrades      = 0
    recordsRejected = 0
    tradesRejected  = 0
    duplicateTrades = 1000
    barWriteRetries = 100
  }

  validation {
    condition = alltrue([for name, threshold in var.alarm_flink_job_metrics :
    contains(["lateTrades", "recordsRejected", "tradesRejected", "duplicateTrades", "barWriteRetries"], name) && threshold >= 0])
    error_message = "alarm_flink_job_metrics keys must be lateTrades, recordsRejected, tradesRejected, duplicateTrades or barWriteRetries, each with a threshold of at least 0."
  }
}

resource "aws_cloudwatch_metric_alarm" "flink_job_metric" {
  for_each = var.flink_enabled ? var.alarm_flink_job_metrics : {}

  alarm_name          = "${local.flink_app_name}-${each.key}"
  alarm_description   = "The ${local.flink_app_name} Flink job counted more than ${each.value} ${each.key} in ${var.alarm_period_seconds} s (metric ${each.key} of dev.tradelake.flink.BarsMetrics)."
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value
  evaluation_periods  = var.alarm_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  metric_query {
    id          = "total"
    label       = each.key
    return_data = true
    period      = var.alarm_period_seconds
    expression  = "SELECT SUM(${each.key}) FROM \"AWS/KinesisAnalytics\" WHERE Application = '${local.flink_app_name}'"
  }
}
