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
  description = "Days until a stored trade expires through DynamoDB TTL; 0 keeps trades forever. Unset (null): 30 when the lake holds every trade (lake.tf), else 0."
  type        = number
  default     = null

  validation {
    condition     = var.trade_ttl_days == null ? true : var.trade_ttl_days >= 0 && floor(var.trade_ttl_days) == var.trade_ttl_days
    error_message = "trade_ttl_days must be a whole number of at least 0."
  }
}

################################################################################
# Lambda
################################################################################

variable "lambda_jar_path" {
  description = "Path of the built lambda-consumer jar, relative to this directory (mvn package builds it)."
  type        = string
  default     = "../lambda-consumer/target/lambda-consumer.jar"

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
  description = "Records older than this are sent to the dead-letter queue instead of the function (-1: retried until they leave the stream, otherwise 60 to 604800). The default, 167 h, retries a failing batch for all but the last hour of the default 168 h retention, which leaves ./datalake redrive that hour to re-read it from the stream."
  type        = number
  default     = 601200

  validation {
    condition     = var.lambda_maximum_record_age_seconds == -1 || (var.lambda_maximum_record_age_seconds >= 60 && var.lambda_maximum_record_age_seconds <= 604800)
    error_message = "lambda_maximum_record_age_seconds must be -1 or between 60 and 604800."
  }
}

variable "dlq_replay_window_hours" {
  description = "Shortest time, in hours, during which a batch reported to the dead-letter queue can still be replayed from the stream: kinesis_retention_hours minus lambda_maximum_record_age_seconds must leave at least this much."
  type        = number
  default     = 1

  validation {
    condition     = var.dlq_replay_window_hours >= 0
    error_message = "dlq_replay_window_hours must be at least 0."
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
  default     = "../flink-job/target/flink-job.jar"

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
  description = "Granularity of the Flink metrics in CloudWatch: APPLICATION, OPERATOR, TASK or PARALLELISM. The job's own metrics (late, rejected and duplicate trades, sink retries; terraform/flink-alarms.tf) need OPERATOR or finer."
  type        = string
  default     = "OPERATOR"

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
  description = "Where the Flink job starts reading the stream when it has no snapshot: LATEST, TRIM_HORIZON or AT_TIMESTAMP (with flink_initial_timestamp)."
  type        = string
  default     = "LATEST"

  validation {
    condition     = contains(["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"], var.flink_initial_position)
    error_message = "flink_initial_position must be LATEST, TRIM_HORIZON or AT_TIMESTAMP."
  }
}

variable "flink_initial_timestamp" {
  description = "With flink_initial_position = AT_TIMESTAMP only: the ISO-8601 instant the Flink job starts reading at, such as 2026-11-30T14:00:00Z; empty otherwise."
  type        = string
  default     = ""

  validation {
    condition     = var.flink_initial_timestamp == "" || can(regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$", var.flink_initial_timestamp))
    error_message = "flink_initial_timestamp must be empty or an instant such as 2026-11-30T14:00:00Z."
  }
}

variable "flink_bar_windows" {
  description = "Bar sizes the Flink job stores, each a number and a unit (ms, s, m, h, d), such as [\"1m\", \"5m\"]; a size a smaller one divides is rolled up from it."
  type        = list(string)
  default     = ["1m", "1h", "1d"]

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
    condition     = var.flink_allowed_lateness_ms >= 0 && floor(var.flink_allowed_lateness_ms) == var.flink_allowed_lateness_ms
    error_message = "flink_allowed_lateness_ms must be a whole number of at least 0."
  }
}

variable "flink_watermark_out_of_orderness_ms" {
  description = "Bounded out-of-orderness of trade times, in milliseconds."
  type        = number
  default     = 5000

  validation {
    condition     = var.flink_watermark_out_of_orderness_ms >= 0 && floor(var.flink_watermark_out_of_orderness_ms) == var.flink_watermark_out_of_orderness_ms
    error_message = "flink_watermark_out_of_orderness_ms must be a whole number of at least 0."
  }
}

variable "flink_close_after_quiet_ms" {
  description = "After this many milliseconds without a trade, open windows are closed so that the last bar is written."
  type        = number
  default     = 10000

  validation {
    condition     = var.flink_close_after_quiet_ms >= 1 && floor(var.flink_close_after_quiet_ms) == var.flink_close_after_quiet_ms
    error_message = "flink_close_after_quiet_ms must be a whole number of at least 1."
  }
}

variable "flink_stream_poll_interval_ms" {
  description = "How often the Flink job polls each shard. A shard serves 5 GetRecords calls/s to all its consumers and the Lambda takes about one a second."
  type        = number
  default     = 1000

  validation {
    condition     = var.flink_stream_poll_interval_ms >= 200 && floor(var.flink_stream_poll_interval_ms) == var.flink_stream_poll_interval_ms
    error_message = "flink_stream_poll_interval_ms must be a whole number of at least 200: faster polling alone exhausts a shard's 5 reads/s."
  }
}

################################################################################
# Artifact bucket (the Flink and ingest jars)
################################################################################

variable "artifact_noncurrent_version_days" {
  description = "Days after which a replaced jar version in the artifact bucket expires (the newest artifact_noncurrent_versions_kept are kept regardless)."
  type        = number
  default     = 30

  validation {
    condition     = var.artifact_noncurrent_version_days >= 1 && floor(var.artifact_noncurrent_version_days) == var.artifact_noncurrent_version_days
    error_message = "artifact_noncurrent_version_days must be a whole number of at least 1."
  }
}

variable "artifact_noncurrent_versions_kept" {
  description = "Replaced versions of each jar kept in the artifact bucket whatever their age, for a rollback by hand (0 to 100)."
  type        = number
  default     = 3

  validation {
    condition     = var.artifact_noncurrent_versions_kept >= 0 && var.artifact_noncurrent_versions_kept <= 100 && floor(var.artifact_noncurrent_versions_kept) == var.artifact_noncurrent_versions_kept
    error_message = "artifact_noncurrent_versions_kept must be a whole number from 0 to 100."
  }
}

################################################################################
# Ingest
################################################################################

variable "ingest_symbols" {
  description = "Finnhub symbols the ingest subscribes to: the ECS service's, and the printed run command's. Include a crypto pair (BINANCE:BTCUSDT) to keep trades flowing around the clock, which the incoming-records alarm expects."
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

variable "ingest_enabled" {
  description = "Run the ingest on AWS: an ECS Fargate service of one task, restarted when it stops, reading the Finnhub token from Secrets Manager. Needs ingest_subnet_ids."
  type        = bool
  default     = false
}

variable "ingest_subnet_ids" {
  description = "Subnets of one VPC the ingest task may run in, each in a different availability zone. They need a route to the internet (Finnhub, ECR Public, AWS APIs): public subnets with ingest_assign_public_ip = true, or private subnets behind a NAT gateway."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.ingest_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "ingest_subnet_ids must hold subnet IDs such as subnet-0123456789abcdef0."
  }
}

variable "ingest_assign_public_ip" {
  description = "Give the ingest task a public IP address: needed in public subnets (such as the default VPC's), not behind a NAT gateway."
  type        = bool
  default     = true
}

variable "ingest_jar_path" {
  description = "Path of the built ingest jar, relative to this directory (mvn package builds it). Uploaded to the artifact bucket when ingest_enabled."
  type        = string
  default     = "../ingest/target/ingest.jar"

  validation {
    condition     = endswith(var.ingest_jar_path, ".jar")
    error_message = "ingest_jar_path must point to a .jar file."
  }
}

variable "ingest_architecture" {
  description = "CPU architecture of the ingest task: ARM64 (Graviton, cheaper) or X86_64. Both images are multi-architecture."
  type        = string
  default     = "ARM64"

  validation {
    condition     = contains(["ARM64", "X86_64"], var.ingest_architecture)
    error_message = "ingest_architecture must be ARM64 or X86_64."
  }
}

variable "ingest_cpu" {
  description = "CPU units of the ingest task (1024 = 1 vCPU): 256, 512, 1024, 2048 or 4096."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.ingest_cpu)
    error_message = "ingest_cpu must be 256, 512, 1024, 2048 or 4096."
  }
}

variable "ingest_memory_mb" {
  description = "Memory of the ingest task in MiB; Fargate allows 512-2048 for 256 CPU units, 1024-4096 for 512, 2048-8192 for 1024, 4096-16384 for 2048, 8192-30720 for 4096."
  type        = number
  default     = 512

  validation {
    condition     = var.ingest_memory_mb >= 512 && var.ingest_memory_mb % 512 == 0
    error_message = "ingest_memory_mb must be a multiple of 512 of at least 512."
  }
}

variable "ingest_heap_mb" {
  description = "Java heap of the ingest (-Xmx), in MiB; at most half of ingest_memory_mb, the rest is for the JVM's own memory."
  type        = number
  default     = 128

  validation {
    condition     = var.ingest_heap_mb >= 64 && floor(var.ingest_heap_mb) == var.ingest_heap_mb
    error_message = "ingest_heap_mb must be a whole number of at least 64."
  }
}

variable "ingest_shutdown_timeout_seconds" {
  description = "On SIGTERM, how long the ingest may take to write what it accepted before it exits (its --shutdown-timeout)."
  type        = number
  default     = 90

  validation {
    condition     = var.ingest_shutdown_timeout_seconds >= 1 && floor(var.ingest_shutdown_timeout_seconds) == var.ingest_shutdown_timeout_seconds
    error_message = "ingest_shutdown_timeout_seconds must be a whole number of at least 1."
  }
}

variable "ingest_stop_timeout_seconds" {
  description = "Time ECS gives the ingest between SIGTERM and SIGKILL (Fargate allows at most 120 s). Must exceed ingest_shutdown_timeout_seconds by at least 10 s, for the JVM's exit."
  type        = number
  default     = 120

  validation {
    condition     = var.ingest_stop_timeout_seconds >= 2 && var.ingest_stop_timeout_seconds <= 120
    error_message = "ingest_stop_timeout_seconds must be between 2 and 120 (the Fargate maximum)."
  }
}

variable "ingest_journal_on_efs" {
  description = "Keep the ingest's journal on an encrypted EFS file system, so that trades accepted but not yet written survive a task replacement; false keeps it in the task's ephemeral storage, lost with the task."
  type        = bool
  default     = true
}

variable "ingest_java_image" {
  description = "Public image that runs the ingest jar: a Java 17+ runtime with java on the PATH."
  type        = string
  default     = "public.ecr.aws/amazoncorretto/amazoncorretto:21-al2023-headless"
}

variable "ingest_fetch_image" {
  description = "Public image of the AWS CLI that copies the ingest jar from the artifact bucket before the ingest starts (its entry point is aws)."
  type        = string
  default     = "public.ecr.aws/aws-cli/aws-cli:2.31.9"
}

variable "ingest_log_retention_days" {
  description = "Retention of the ingest's CloudWatch log group, in days."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.ingest_log_retention_days)
    error_message = "ingest_log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "ingest_secret_recovery_days" {
  description = "Days during which the Finnhub token's secret can be restored after terraform destroy (7 to 30), or 0 to delete it at once."
  type        = number
  default     = 7

  validation {
    condition     = var.ingest_secret_recovery_days == 0 || (var.ingest_secret_recovery_days >= 7 && var.ingest_secret_recovery_days <= 30)
    error_message = "ingest_secret_recovery_days must be 0 or between 7 and 30."
  }
}

################################################################################
# Alarms
################################################################################

variable "alarm_email_addresses" {
  description = "Email addresses subscribed to the stack's alarm topic (each must confirm the subscription from the email AWS sends)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.alarm_email_addresses : can(regex("^[^@[:space:]]+@[^@[:space:]]+$", address))])
    error_message = "alarm_email_addresses must hold email addresses."
  }
}

variable "alarm_actions" {
  description = "More ARNs notified when an alarm fires or clears, besides the stack's own SNS topic (output alarm_topic_arn)."
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

variable "alarm_incoming_records_min" {
  description = "Alarm when the stream receives fewer records than this in one period, no data counting as none: a dead ingest or a silent feed. Subscribe a crypto pair to trade around the clock, or the alarm fires every night and weekend. 0 leaves the alarm out."
  type        = number
  default     = 1

  validation {
    condition     = var.alarm_incoming_records_min >= 0
    error_message = "alarm_incoming_records_min must be at least 0."
  }
}

variable "alarm_stream_iterator_age_ms" {
  description = "Alarm when the slowest polling reader of the stream (the Flink job, or the Lambda) reads records older than this many milliseconds (GetRecords.IteratorAgeMilliseconds)."
  type        = number
  default     = 120000

  validation {
    condition     = var.alarm_stream_iterator_age_ms > 0
    error_message = "alarm_stream_iterator_age_ms must be positive."
  }
}

variable "alarm_dynamodb_write_throttles" {
  description = "Alarm when more than this many writes to a table are throttled in one period."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_dynamodb_write_throttles >= 0
    error_message = "alarm_dynamodb_write_throttles must be at least 0."
  }
}

variable "alarm_lambda_throttles" {
  description = "Alarm when more than this many invocations of the Lambda are throttled in one period."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_lambda_throttles >= 0
    error_message = "alarm_lambda_throttles must be at least 0."
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

################################################################################
# Lake (lake.tf): Parquet history in S3, Glue tables, Athena
################################################################################

variable "lake_enabled" {
  description = "Write trades and final bars as Parquet to the lake bucket, with Glue tables and an Athena workgroup over them (needs flink_enabled)."
  type        = bool
  default     = true
}

variable "lake_first_date" {
  description = "The first UTC date (YYYY-MM-DD) partition projection considers; Athena never lists dates before it."
  type        = string
  default     = "2024-01-01"

  validation {
    condition     = can(regex("^\\d{4}-\\d{2}-\\d{2}$", var.lake_first_date)) && can(formatdate("YYYY", "${var.lake_first_date}T00:00:00Z"))
    error_message = "lake_first_date must be a date such as 2024-01-01."
  }
}

variable "lake_infrequent_access_days" {
  description = "Days after which lake files move to S3 Standard-IA (30 at the least, S3's minimum)."
  type        = number
  default     = 30

  validation {
    condition     = var.lake_infrequent_access_days >= 30 && floor(var.lake_infrequent_access_days) == var.lake_infrequent_access_days
    error_message = "lake_infrequent_access_days must be a whole number of at least 30."
  }
}

variable "lake_expiration_days" {
  description = "Days after which lake files are deleted; 0 keeps the history forever."
  type        = number
  default     = 0

  validation {
    condition     = var.lake_expiration_days >= 0 && floor(var.lake_expiration_days) == var.lake_expiration_days
    error_message = "lake_expiration_days must be a whole number of at least 0."
  }
}

variable "athena_results_days" {
  description = "Days Athena query results are kept in the lake bucket."
  type        = number
  default     = 7

  validation {
    condition     = var.athena_results_days >= 1 && floor(var.athena_results_days) == var.athena_results_days
    error_message = "athena_results_days must be a whole number of at least 1."
  }
}

variable "athena_bytes_scanned_cutoff" {
  description = "Athena cancels a query of the lake workgroup that scans more than this many bytes (10 MB at the least)."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.athena_bytes_scanned_cutoff >= 10485760
    error_message = "athena_bytes_scanned_cutoff must be at least 10485760 (10 MB)."
  }
}
