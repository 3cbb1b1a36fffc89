provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.tags
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

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
  flink_code_bucket = "${var.name}-flink-code-${local.account_id}-${local.region}"
  flink_jar_key     = "flink-job/${basename(var.flink_jar_path)}"
  flink_app_arn     = "arn:${local.partition}:kinesisanalytics:${local.region}:${local.account_id}:application/${local.flink_app_name}"
  kinesis_service   = "kinesis.${local.region}.amazonaws.com"
  ingest_name       = "${var.name}-ingest"
  dashboard_name    = var.name

  tags = merge(
    {
      Project   = var.name
      ManagedBy = "terraform"
    },
    var.tags,
  )
}
