output "kinesis_stream_name" {
  description = "Name of the Kinesis stream the ingest writes trade records to."
  value       = aws_kinesis_stream.trades.name
}

output "kinesis_stream_arn" {
  description = "ARN of the Kinesis stream."
  value       = aws_kinesis_stream.trades.arn
}

output "kinesis_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the stream."
  value       = aws_kms_key.stream.arn
}

output "trades_table_name" {
  description = "Name of the DynamoDB table of trades (written by the Lambda)."
  value       = aws_dynamodb_table.trades.name
}

output "bars_table_name" {
  description = "Name of the DynamoDB table of bars (written by the Flink application)."
  value       = aws_dynamodb_table.bars.name
}

output "dead_letter_queue_url" {
  description = "URL of the SQS dead-letter queue: invalid records, and batches the Lambda could not store."
  value       = aws_sqs_queue.dead_letter.url
}

output "dead_letter_queue_arn" {
  description = "ARN of the SQS dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}

output "lambda_function_name" {
  description = "Name of the Lambda function that stores trades."
  value       = aws_lambda_function.trade_storage.function_name
}

output "lambda_log_group" {
  description = "CloudWatch log group of the Lambda function."
  value       = aws_cloudwatch_log_group.lambda.name
}

output "flink_application_name" {
  description = "Name of the Managed Flink application, or null when flink_enabled is false."
  value       = one(aws_kinesisanalyticsv2_application.bars[*].name)
}

output "artifact_bucket" {
  description = "S3 bucket holding the Flink and ingest jars, or null when neither flink_enabled nor ingest_enabled."
  value       = one(aws_s3_bucket.artifacts[*].bucket)
}

output "ingest_policy_arn" {
  description = "ARN of the IAM policy that lets the ingest write to the stream; attach it to the user or role that runs the ingest."
  value       = aws_iam_policy.ingest.arn
}

output "ingest_role_arn" {
  description = "ARN of the role the ingest can assume, or null when ingest_trusted_principal_arns is empty."
  value       = one(aws_iam_role.ingest[*].arn)
}

output "dashboard_url" {
  description = "CloudWatch dashboard of the stack."
  value       = "https://${local.region}.${local.console_host}/cloudwatch/home?region=${local.region}#dashboards/dashboard/${aws_cloudwatch_dashboard.this.dashboard_name}"
}

output "ingest_command" {
  description = "Runs the ingest against this stack from a machine of yours (instead of ingest_enabled), from the repository root, with FINNHUB_API_KEY exported and credentials allowed by ingest_policy_arn."
  value       = "java -Xmx128m -jar ingest/target/ingest.jar --stream ${aws_kinesis_stream.trades.name} --region ${local.region} --symbols ${join(",", var.ingest_symbols)}"
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic every alarm notifies when it fires and when it clears; subscribe to it (or set alarm_email_addresses)."
  value       = aws_sns_topic.alarms.arn
}

output "finnhub_secret_arn" {
  description = "ARN of the Secrets Manager secret the ingest service reads the Finnhub token from (its value is set outside Terraform), or null when ingest_enabled is false."
  value       = one(aws_secretsmanager_secret.finnhub[*].arn)
}

output "ingest_cluster_name" {
  description = "ECS cluster of the ingest service, or null when ingest_enabled is false."
  value       = one(aws_ecs_cluster.ingest[*].name)
}

output "ingest_service_name" {
  description = "ECS service that keeps one ingest task running, or null when ingest_enabled is false."
  value       = one(aws_ecs_service.ingest[*].name)
}

output "ingest_log_group" {
  description = "CloudWatch log group of the ingest service, or null when ingest_enabled is false."
  value       = one(aws_cloudwatch_log_group.ingest[*].name)
}

output "lake_path" {
  description = "Where the Flink job writes the lake's Parquet (null without the lake)."
  value       = local.lake_count == 1 ? local.lake_path : null
}

output "lake_glue_database" {
  description = "The Glue database of the lake's trades and bars tables (null without the lake)."
  value       = local.lake_count == 1 ? aws_glue_catalog_database.lake[0].name : null
}

output "lake_athena_workgroup" {
  description = "The Athena workgroup to query the lake with (null without the lake)."
  value       = local.lake_count == 1 ? aws_athena_workgroup.lake[0].name : null
}
