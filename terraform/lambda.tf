################################################################################
# Lambda: stores every trade of the stream in the trades table
################################################################################

resource "aws_cloudwatch_log_group" "lambda" {
  name              = local.lambda_log_group
  retention_in_days = var.lambda_log_retention_days
}

resource "aws_lambda_function" "trade_storage" {
  function_name = local.function_name
  description   = "Stores the trades of the ${local.stream_name} stream in the ${local.trades_table_name} table"
  role          = aws_iam_role.lambda.arn

  filename         = var.lambda_jar_path
  source_code_hash = filebase64sha256(var.lambda_jar_path)
  handler          = "dev.tradelake.lambda.TradeStorageHandler::handleRequest"
  runtime          = var.lambda_runtime
  architectures    = [var.lambda_architecture]
  memory_size      = var.lambda_memory_mb
  timeout          = var.lambda_timeout_seconds

  # SnapStart works on published versions only, so every code change publishes one and the
  # event source mapping invokes the alias that follows it.
  publish = true

  dynamic "snap_start" {
    for_each = var.lambda_snap_start ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  # Names from dev.tradelake.lambda.LambdaEnv (DEAD_LETTER_FILE and the *_ENDPOINT overrides are
  # for local runs only and must stay unset here).
  environment {
    variables = {
      TRADES_TABLE          = aws_dynamodb_table.trades.name
      DEAD_LETTER_QUEUE_URL = aws_sqs_queue.dead_letter.url
      TRADE_TTL_DAYS        = tostring(local.trade_ttl_days)
      WRITE_MAX_ATTEMPTS    = tostring(var.lambda_write_max_attempts)
      WRITE_CONCURRENCY     = tostring(var.lambda_write_concurrency)
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.lambda.name
  }

  # The role must be able to write logs before the first invocation.
  depends_on = [aws_iam_role_policy.lambda]
}

resource "aws_lambda_alias" "live" {
  name             = local.function_alias
  description      = "The version the event source mapping invokes"
  function_name    = aws_lambda_function.trade_storage.function_name
  function_version = aws_lambda_function.trade_storage.version
}

resource "aws_lambda_event_source_mapping" "trades" {
  event_source_arn = aws_kinesis_stream.trades.arn
  function_name    = aws_lambda_alias.live.arn

  batch_size                         = var.lambda_batch_size
  maximum_batching_window_in_seconds = var.lambda_batching_window_seconds
  parallelization_factor             = var.lambda_parallelization_factor
  starting_position                  = var.lambda_starting_position

  # The handler reports the records it could not store as batch item failures; without this
  # setting Lambda ignores that answer and checkpoints the whole batch as a success.
  function_response_types = ["ReportBatchItemFailures"]

  bisect_batch_on_function_error = var.lambda_bisect_batch_on_error
  maximum_retry_attempts         = var.lambda_maximum_retry_attempts
  maximum_record_age_in_seconds  = var.lambda_maximum_record_age_seconds

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.dead_letter.arn
    }
  }

  # A batch reported to the dead-letter queue is replayed from the stream (its records are not in
  # the message), so the stream must keep them for a while after the mapping gives up on them.
  lifecycle {
    precondition {
      condition     = var.lambda_maximum_record_age_seconds == -1 || var.lambda_maximum_record_age_seconds + var.dlq_replay_window_hours * 3600 <= var.kinesis_retention_hours * 3600
      error_message = "kinesis_retention_hours must cover lambda_maximum_record_age_seconds plus dlq_replay_window_hours, so that a batch reported to the dead-letter queue can still be replayed from the stream: raise the retention or lower the maximum record age."
    }
    precondition {
      condition     = var.lambda_maximum_record_age_seconds != -1 || var.lambda_maximum_retry_attempts != -1
      error_message = "lambda_maximum_record_age_seconds and lambda_maximum_retry_attempts cannot both be -1: a failing batch would be retried until its records leave the stream, and could never be replayed."
    }
  }

  # Reading the encrypted stream and sending to the queue need the role's policy in place.
  depends_on = [aws_iam_role_policy.lambda]
}
