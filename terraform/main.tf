provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.tags
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

# Service principals as the partition names them (lambda.amazonaws.com, ...).
data "aws_service_principal" "this" {
  for_each = toset(["ecs-tasks", "kinesisanalytics", "lambda"])

  service_name = each.key
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  # amazonaws.com, amazonaws.com.cn in China: endpoints are named from the partition, never hard-coded.
  dns_suffix = data.aws_partition.current.dns_suffix
  # The console has its own domain per partition.
  console_host = lookup({
    aws-cn     = "console.amazonaws.cn"
    aws-us-gov = "console.amazonaws-us-gov.com"
  }, local.partition, "console.aws.amazon.com")

  # Every resource name is derived here, once.
  stream_name       = "${var.name}-trades"
  kms_alias         = "alias/${var.name}-stream"
  trades_table_name = "${var.name}-trades"
  bars_table_name   = "${var.name}-bars"
  dead_letter_queue = "${var.name}-trades-dlq"
  function_name     = "${var.name}-trade-storage"
  function_alias    = "live"
  lambda_log_group  = "/aws/lambda/${local.function_name}"
  flink_app_name    = "${var.name}-bars"
  flink_log_group   = "/aws/kinesis-analytics/${local.flink_app_name}"
  flink_log_stream  = "application"
  artifact_bucket   = "${var.name}-artifacts-${local.account_id}-${local.region}"
  flink_jar_key     = "flink-job/${basename(var.flink_jar_path)}"
  ingest_jar_key    = "ingest/${basename(var.ingest_jar_path)}"
  flink_app_arn     = "arn:${local.partition}:kinesisanalytics:${local.region}:${local.account_id}:application/${local.flink_app_name}"
  kinesis_service   = "kinesis.${local.region}.${local.dns_suffix}"
  ingest_name       = "${var.name}-ingest"
  ingest_log_group  = "/ecs/${local.ingest_name}"
  finnhub_secret    = "${var.name}/finnhub-api-key"
  alarm_topic_name  = "${var.name}-alarms"
  dashboard_name    = var.name

  tags = merge(
    {
      Project   = var.name
      ManagedBy = "terraform"
    },
    var.tags,
  )
}
