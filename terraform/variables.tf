################################################################################
# General
################################################################################

variable "aws_region" {
  description = "AWS region to deploy the stack into."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region code such as us-east-1 or eu-west-1."
  }
}

variable "name" {
  description = "Prefix of every resource name (stream, tables, function, Flink app, bucket). Lowercase, because S3 bucket names must be."
  type        = string
  default     = "tradelake"

  validation {
    # 20 characters keeps the Flink code bucket name (name-flink-code-<account>-<region>) under S3's 63.
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3-20 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags applied to every resource through the provider's default_tags."
  type        = map(string)
  default     = {}
}

################################################################################
# Kinesis
################################################################################

variable "kinesis_stream_mode" {
  description = "ON_DEMAND (scales by itself, default) or PROVISIONED (fixed shard count, see kinesis_shard_count)."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "PROVISIONED"], var.kinesis_stream_mode)
    error_message = "kinesis_stream_mode must be ON_DEMAND or PROVISIONED."
  }
}

variable "kinesis_shard_count" {
  description = "Number of shards when kinesis_stream_mode is PROVISIONED; ignored in ON_DEMAND mode. One shard takes 1 MiB/s or 1000 records/s of writes."
  type        = number
  default     = 1

  validation {
    condition     = var.kinesis_shard_count >= 1 && floor(var.kinesis_shard_count) == var.kinesis_shard_count
    error_message = "kinesis_shard_count must be a whole number of at least 1."
  }
}

variable "kinesis_retention_hours" {
  description = "How long the stream keeps records, in hours (24 to 8760). The Lambda retries a batch it cannot store until its records leave the stream, so this is how long an outage (DynamoDB throttled, the table deleted) can last without losing trades; ./datalake redrive re-reads on-failure ranges from the stream within this time too. The default of 7 days covers a long weekend; beyond 24 h it costs extra: provisioned $0.02 per shard-hour, on-demand $0.10 per GB-month stored (us-east-1, 2025)."
  type        = number
  default     = 168

  validation {
    condition     = var.kinesis_retention_hours >= 24 && var.kinesis_retention_hours <= 8760
    error_message = "kinesis_retention_hours must be between 24 and 8760."
  }
}

variable "kms_key_deletion_window_days" {
  description = "Waiting period before the stream's KMS key is deleted after terraform destroy (7 to 30 days)."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_days >= 7 && var.kms_key_deletion_window_days <= 30
    error_message = "kms_key_deletion_window_days must be between 7 and 30."
  }
}

################################################################################
# DynamoDB
################################################################################

variable "dynamodb_billing_mode" {
  description = "PAY_PER_REQUEST (on-demand, default) or PROVISIONED (then trades_table_capacity and bars_table_capacity apply)."
  type        = string
  default     = "PAY_PER_REQUEST"

  validation {
    condition     = contains(["PAY_PER_REQUEST", "PROVISIONED"], var.dynamodb_billing_mode)
    error_message = "dynamodb_billing_mode must be PAY_PER_REQUEST or PROVISIONED."
  }
}

variable "trades_table_capacity" {
  description = "Read and write capacity units of the trades table when dynamodb_billing_mode is PROVISIONED."
  type = object({
    read  = number
    write = number
  })
  default = {
    read  = 5
    write = 100
  }

  validation {
    condition     = var.trades_table_capacity.read >= 1 && var.trades_table_capacity.write >= 1
    error_message = "trades_table_capacity read and write must be at least 1."
  }
}

variable "bars_table_capacity" {
  description = "Read and write capacity units of the bars table when dynamodb_billing_mode is PROVISIONED."
  type = object({
    read  = number
    write = number
  })
  default = {
    read  = 5
    write = 10
  }

  validation {
    condition     = var.bars_table_capacity.read >= 1 && var.bars_table_capacity.write >= 1
    error_message = "bars_table_capacity read and write must be at least 1."
  }
}

variable "dynamodb_deletion_protection" {
  description = "Protect both tables from deletion (terraform destroy then fails until this is set back to false and applied)."
  type        = bool
  default     = false
}

variable "trade_ttl_days" {
  description = "Days until a stored trade expires through DynamoDB TTL; 0 keeps trades forever."
  type        = number
  default     = 0

  validation {
    condition     = var.trade_ttl_days >= 0 && floor(var.trade_ttl_days) == var.trade_ttl_days
    error_message = "trade_ttl_days must be a whole number of at least 0."
  }
}

################################################################################
# Lambda
################################################################################

variable "lambda_jar_path" {
  description = "Path of the built lambda-consumer jar, relative to this directory (mvn package builds it)."
  type        = string
  default     = "../lambda-consumer/target/lambda-consumer-0.1.0-SNAPSHOT.jar"

  validation {
    condition     = endswith(var.lambda_jar_path, ".jar")
    error_message = "lambda_jar_path must point to a .jar file."
  }
}

variable "lambda_runtime" {
  description = "Java runtime of the Lambda function: java17 or java21."
  type        = string
  default     = "java21"

  validation {
    condition     = contains(["java17", "java21"], var.lambda_runtime)
    error_message = "lambda_runtime must be java17 or java21."
  }
}

variable "lambda_architecture" {
  description = "Instruction set of the Lambda function: arm64 (cheaper per GB-second) or x86_64. The jar runs on both."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.lambda_architecture)
    error_message = "lambda_architecture must be arm64 or x86_64."
  }
}

variable "lambda_memory_mb" {
  description = "Memory of the Lambda function in MB (128 to 10240); CPU grows with it, and the JVM starts faster with more."
  type        = number
  default     = 1024

  validation {
    condition     = var.lambda_memory_mb >= 128 && var.lambda_memory_mb <= 10240
    error_message = "lambda_memory_mb must be between 128 and 10240."
  }
}

variable "lambda_timeout_seconds" {
  description = "Timeout of one Lambda invocation in seconds (1 to 900). It must cover a full batch including DynamoDB retries."
  type        = number
  default     = 60

  validation {
    condition     = var.lambda_timeout_seconds >= 1 && var.lambda_timeout_seconds <= 900
    error_message = "lambda_timeout_seconds must be between 1 and 900."
  }
}

variable "lambda_snap_start" {
  description = "Enable Lambda SnapStart on published versions (shorter cold starts of the JVM)."
  type        = bool
  default     = false
}

variable "lambda_write_max_attempts" {
  description = "Attempts per DynamoDB BatchWriteItem before the Lambda reports a record as failed (and Lambda delivers it again); 0 retries throttling and server errors until the invocation's timeout is nearly up."
  type        = number
  default     = 0

  validation {
    condition     = var.lambda_write_max_attempts >= 0 && var.lambda_write_max_attempts <= 10000 && floor(var.lambda_write_max_attempts) == var.lambda_write_max_attempts
    error_message = "lambda_write_max_attempts must be a whole number from 0 to 10000."
  }
}

variable "lambda_write_concurrency" {
  description = "BatchWriteItem requests of 25 items the Lambda keeps in flight per invocation."
  type        = number
  default     = 4

  validation {
    condition     = var.lambda_write_concurrency >= 1 && var.lambda_write_concurrency <= 32 && floor(var.lambda_write_concurrency) == var.lambda_write_concurrency
    error_message = "lambda_write_concurrency must be a whole number from 1 to 32."
  }
}

variable "lambda_log_retention_days" {
  description = "Retention of the Lambda function's CloudWatch log group, in days."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.lambda_log_retention_days)
    error_message = "lambda_log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

################################################################################
# Event source mapping (Kinesis -> Lambda)
################################################################################

variable "lambda_batch_size" {
  description = "Kinesis records per Lambda invocation (1 to 10000). Each record carries several trades of one symbol."
  type        = number
  default     = 100

  validation {
    condition     = var.lambda_batch_size >= 1 && var.lambda_batch_size <= 10000
    error_message = "lambda_batch_size must be between 1 and 10000."
  }
}

variable "lambda_batching_window_seconds" {
  description = "Longest time Lambda waits to fill a batch before invoking the function (0 to 300 seconds)."
  type        = number
  default     = 1

  validation {
    condition     = var.lambda_batching_window_seconds >= 0 && var.lambda_batching_window_seconds <= 300
    error_message = "lambda_batching_window_seconds must be between 0 and 300."
  }
}

variable "lambda_parallelization_factor" {
  description = "Concurrent batches per shard (1 to 10). Order is still kept per partition key, that is per symbol."
  type        = number
  default     = 1

  validation {
    condition     = var.lambda_parallelization_factor >= 1 && var.lambda_parallelization_factor <= 10
    error_message = "lambda_parallelization_factor must be between 1 and 10."
  }
}

variable "lambda_starting_position" {
  description = "Where the event source mapping starts reading a new stream: LATEST or TRIM_HORIZON."
  type        = string
  default     = "LATEST"

  validation {
    condition     = contains(["LATEST", "TRIM_HORIZON"], var.lambda_starting_position)
    error_message = "lambda_starting_position must be LATEST or TRIM_HORIZON."
  }
}

variable "lambda_bisect_batch_on_error" {
  description = "Split a failing batch in two and retry the halves, so that one bad record does not hold back the others."
  type        = bool
  default     = true
}

variable "lambda_maximum_retry_attempts" {
  description = "Retries of a failing batch before its sequence numbers go to the dead-letter queue (-1 retries until the record leaves the stream, up to 10000). The default never gives up on a valid trade: what the handler cannot store for good (a trade DynamoDB refuses) it dead-letters itself, with the trade's data."
  type        = number
  default     = -1

  validation {
    condition     = var.lambda_maximum_retry_attempts >= -1 && var.lambda_maximum_retry_attempts <= 10000
    error_message = "lambda_maximum_retry_attempts must be between -1 and 10000."
  }
}

variable "lambda_maximum_record_age_seconds" {
  description = "Records older than this are sent to the dead-letter queue instead of the function (-1: retried until they leave the stream, otherwise 60 to 604800). When set, keep it below the stream retention so that ./datalake redrive can still re-read them."
  type        = number
  default     = -1

  validation {
    condition     = var.lambda_maximum_record_age_seconds == -1 || (var.lambda_maximum_record_age_seconds >= 60 && var.lambda_maximum_record_age_seconds <= 604800)
    error_message = "lambda_maximum_record_age_seconds must be -1 or between 60 and 604800."
  }
}

################################################################################
# Dead-letter queue
################################################################################

variable "dlq_message_retention_seconds" {
  description = "How long the dead-letter queue keeps a message (60 seconds to 14 days)."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "dlq_message_retention_seconds must be between 60 and 1209600."
  }
}

################################################################################
# Managed Service for Apache Flink
################################################################################

variable "flink_enabled" {
  description = "Create the Managed Flink application that writes the bars table (and its bucket, role and alarm). The Lambda path works without it."
  type        = bool
  default     = true
}

variable "flink_jar_path" {
  description = "Path of the shaded flink-job jar, relative to this directory (mvn package builds it). Uploaded to the stack's S3 bucket."
  type        = string
  default     = "../flink-job/target/flink-job-0.1.0-SNAPSHOT.jar"

  validation {
    condition     = endswith(var.flink_jar_path, ".jar")
    error_message = "flink_jar_path must point to a .jar file."
  }
}

variable "flink_start_application" {
  description = "Start the Flink application on apply (and keep it running); false leaves it READY to be started by hand."
  type        = bool
  default     = true
}

variable "flink_parallelism" {
  description = "Initial parallelism of the Flink application."
  type        = number
  default     = 1

  validation {
    condition     = var.flink_parallelism >= 1 && floor(var.flink_parallelism) == var.flink_parallelism
    error_message = "flink_parallelism must be a whole number of at least 1."
  }
}

variable "flink_parallelism_per_kpu" {
  description = "Parallel tasks per KPU (1 vCPU, 4 GB) of the Flink application (1 to 8)."
  type        = number
  default     = 1

  validation {
    condition     = var.flink_parallelism_per_kpu >= 1 && var.flink_parallelism_per_kpu <= 8
    error_message = "flink_parallelism_per_kpu must be between 1 and 8."
  }
}

variable "flink_autoscaling_enabled" {
  description = "Let Managed Flink scale the parallelism with CPU use."
  type        = bool
  default     = false
}

variable "flink_checkpoint_interval_ms" {
  description = "Interval between Flink checkpoints in milliseconds."
  type        = number
  default     = 60000

  validation {
    condition     = var.flink_checkpoint_interval_ms >= 1000
    error_message = "flink_checkpoint_interval_ms must be at least 1000."
  }
}

variable "flink_min_pause_between_checkpoints_ms" {
  description = "Shortest pause between the end of one Flink checkpoint and the start of the next, in milliseconds."
  type        = number
  default     = 5000

  validation {
    condition     = var.flink_min_pause_between_checkpoints_ms >= 0
    error_message = "flink_min_pause_between_checkpoints_ms must be at least 0."
  }
}

variable "flink_snapshots_enabled" {
  description = "Take a snapshot when the Flink application stops or is updated, and restore from the latest one on start."
  type        = bool
  default     = true
}

variable "flink_log_level" {
  description = "Log level of the Flink application's CloudWatch logging: ERROR, WARN, INFO or DEBUG."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["ERROR", "WARN", "INFO", "DEBUG"], var.flink_log_level)
    error_message = "flink_log_level must be ERROR, WARN, INFO or DEBUG."
  }
}

variable "flink_metrics_level" {
  description = "Granularity of the Flink metrics in CloudWatch: APPLICATION, OPERATOR, TASK or PARALLELISM."
  type        = string
  default     = "APPLICATION"

  validation {
    condition     = contains(["APPLICATION", "OPERATOR", "TASK", "PARALLELISM"], var.flink_metrics_level)
    error_message = "flink_metrics_level must be APPLICATION, OPERATOR, TASK or PARALLELISM."
  }
}

variable "flink_log_retention_days" {
  description = "Retention of the Flink application's CloudWatch log group, in days."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flink_log_retention_days)
    error_message = "flink_log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "flink_initial_position" {
  description = "Where the Flink job starts reading the stream when it has no snapshot: LATEST or TRIM_HORIZON."
  type        = string
  default     = "LATEST"

  validation {
    condition     = contains(["LATEST", "TRIM_HORIZON"], var.flink_initial_position)
    error_message = "flink_initial_position must be LATEST or TRIM_HORIZON."
  }
}

variable "flink_bar_windows" {
  description = "Bar window sizes the Flink job computes, each a number and a unit (ms, s, m, h, d), such as [\"1m\", \"5m\"]."
  type        = list(string)
  default     = ["1m"]

  validation {
    condition     = length(var.flink_bar_windows) > 0 && alltrue([for w in var.flink_bar_windows : can(regex("^[1-9][0-9]*(ms|s|m|h|d)$", w))])
    error_message = "flink_bar_windows must be a non-empty list of sizes such as 1s, 1m, 5m or 1h."
  }
}

variable "flink_allowed_lateness_ms" {
  description = "How late a trade may arrive, in milliseconds, and still update its bar."
  type        = number
  default     = 60000

  validation {
    condition     = var.flink_allowed_lateness_ms >= 0
    error_message = "flink_allowed_lateness_ms must be at least 0."
  }
}

variable "flink_watermark_out_of_orderness_ms" {
  description = "Bounded out-of-orderness of trade times, in milliseconds."
  type        = number
  default     = 5000

  validation {
    condition     = var.flink_watermark_out_of_orderness_ms >= 0
    error_message = "flink_watermark_out_of_orderness_ms must be at least 0."
  }
}

variable "flink_close_after_quiet_ms" {
  description = "After this many milliseconds without a trade, open windows are closed so that the last bar is written."
  type        = number
  default     = 10000

  validation {
    condition     = var.flink_close_after_quiet_ms >= 1
    error_message = "flink_close_after_quiet_ms must be at least 1."
  }
}

variable "flink_stream_poll_interval_ms" {
  description = "How often the Flink job polls each shard. A shard serves 5 GetRecords calls/s to all its consumers and the Lambda takes about one a second."
  type        = number
  default     = 1000

  validation {
    condition     = var.flink_stream_poll_interval_ms >= 200
    error_message = "flink_stream_poll_interval_ms must be at least 200: faster polling alone exhausts a shard's 5 reads/s."
  }
}

################################################################################
# Ingest
################################################################################

variable "ingest_symbols" {
  description = "Finnhub symbols the ingest subscribes to; used only to print the ingest's run command."
  type        = list(string)
  default     = ["AAPL", "MSFT", "AMZN", "BINANCE:BTCUSDT"]

  validation {
    condition     = length(var.ingest_symbols) > 0 && alltrue([for s in var.ingest_symbols : can(regex("^[A-Za-z0-9.:^_-]+$", s))])
    error_message = "ingest_symbols must be a non-empty list of symbols such as AAPL or BINANCE:BTCUSDT."
  }
}

variable "ingest_trusted_principal_arns" {
  description = "IAM principals (users, roles or accounts) allowed to assume the ingest role. Empty: no role is created; attach the ingest policy to your own user or role instead."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.ingest_trusted_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", arn))])
    error_message = "ingest_trusted_principal_arns must hold IAM ARNs such as arn:aws:iam::123456789012:user/alice."
  }
}

################################################################################
# Alarms
################################################################################

variable "alarm_actions" {
  description = "ARNs notified when an alarm fires or clears, such as an SNS topic. Empty: alarms only show in the console and on the dashboard."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.alarm_actions : startswith(arn, "arn:")])
    error_message = "alarm_actions must hold ARNs."
  }
}

variable "alarm_period_seconds" {
  description = "Period over which each alarm's statistic is computed, in seconds (a multiple of 60)."
  type        = number
  default     = 300

  validation {
    condition     = var.alarm_period_seconds >= 60 && var.alarm_period_seconds % 60 == 0
    error_message = "alarm_period_seconds must be a multiple of 60."
  }
}

variable "alarm_evaluation_periods" {
  description = "Consecutive periods over the threshold before an alarm fires."
  type        = number
  default     = 1

  validation {
    condition     = var.alarm_evaluation_periods >= 1 && floor(var.alarm_evaluation_periods) == var.alarm_evaluation_periods
    error_message = "alarm_evaluation_periods must be a whole number of at least 1."
  }
}

variable "alarm_iterator_age_ms" {
  description = "Alarm when the Lambda's oldest unprocessed record is older than this many milliseconds."
  type        = number
  default     = 60000

  validation {
    condition     = var.alarm_iterator_age_ms > 0
    error_message = "alarm_iterator_age_ms must be positive."
  }
}

variable "alarm_lambda_errors" {
  description = "Alarm when the Lambda function fails more than this many invocations in one period."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_lambda_errors >= 0
    error_message = "alarm_lambda_errors must be at least 0."
  }
}

variable "alarm_dlq_messages" {
  description = "Alarm when the dead-letter queue holds more than this many messages."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_dlq_messages >= 0
    error_message = "alarm_dlq_messages must be at least 0."
  }
}

variable "alarm_kinesis_write_throttles" {
  description = "Alarm when more than this many writes to the stream are throttled in one period."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_kinesis_write_throttles >= 0
    error_message = "alarm_kinesis_write_throttles must be at least 0."
  }
}

variable "alarm_flink_downtime_ms" {
  description = "Alarm when the Flink job has been down (failing or restarting) for more than this many milliseconds."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_flink_downtime_ms >= 0
    error_message = "alarm_flink_downtime_ms must be at least 0."
  }
}
