################################################################################
# IAM: one role per component, least privilege.
# Every statement names its actions one by one (no wildcards) and the resources of this stack.
# TerraformConventionsTest fails on a wildcard action, on a "*" resource outside its allow-list,
# and on a policy that does not come from an aws_iam_policy_document below.
# The stream's KMS key is granted only through Kinesis (kms:ViaService), never for direct use.
################################################################################

locals {
  flink_log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.flink_log_group}"
}

################################################################################
# Lambda
################################################################################

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    sid     = "LambdaAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = [data.aws_service_principal.this["lambda"].name]
    }
  }
}

# What a polling (shared-throughput) consumer of the stream calls, no enhanced fan-out: both the
# Lambda's event source mapping and the Flink job read the stream this way.
data "aws_iam_policy_document" "read_stream" {
  statement {
    sid    = "ReadStream"
    effect = "Allow"
    actions = [
      "kinesis:DescribeStream",
      "kinesis:DescribeStreamSummary",
      "kinesis:GetRecords",
      "kinesis:GetShardIterator",
      "kinesis:ListShards",
    ]
    resources = [aws_kinesis_stream.trades.arn]
  }

  statement {
    sid       = "DecryptStream"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.stream.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.kinesis_service]
    }
  }
}

data "aws_iam_policy_document" "lambda" {
  source_policy_documents = [data.aws_iam_policy_document.read_stream.json]

  # Writes only (no reads, updates or deletes): BatchWriteItem for batches, PutItem for one item.
  statement {
    sid    = "WriteTradesTable"
    effect = "Allow"
    actions = [
      "dynamodb:BatchWriteItem",
      "dynamodb:PutItem",
    ]
    resources = [aws_dynamodb_table.trades.arn]
  }

  # Both the function (invalid records) and the event source mapping (on-failure destination)
  # send to the queue with this role. SendMessageBatch is authorised by sqs:SendMessage.
  statement {
    sid       = "SendToDeadLetterQueue"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]
  }

  # The log group is created by Terraform, so the role needs no logs:CreateLogGroup.
  statement {
    sid    = "WriteLogs"
    effect = "Allow"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${aws_cloudwatch_log_group.lambda.arn}:log-stream:*"]
  }
}

resource "aws_iam_role" "lambda" {
  name               = "${local.function_name}-lambda"
  description        = "Execution role of the ${local.function_name} Lambda function"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy" "lambda" {
  name   = "trade-storage"
  role   = aws_iam_role.lambda.id
  policy = data.aws_iam_policy_document.lambda.json
}

################################################################################
# Managed Flink
################################################################################

data "aws_iam_policy_document" "flink_assume" {
  count = local.flink_count

  statement {
    sid     = "ManagedFlinkAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = [data.aws_service_principal.this["kinesisanalytics"].name]
    }

    # Confused-deputy protection: only this application of this account may use the role.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.flink_app_arn]
    }
  }
}

data "aws_iam_policy_document" "flink" {
  count = local.flink_count

  source_policy_documents = [data.aws_iam_policy_document.read_stream.json]

  statement {
    sid    = "ReadJar"
    effect = "Allow"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
    ]
    resources = ["${aws_s3_bucket.artifacts[0].arn}/${local.flink_jar_key}"]
  }

  # Bars are conditional updates: a write lands only over a version with fewer trades.
  statement {
    sid    = "WriteBarsTable"
    effect = "Allow"
    actions = [
      "dynamodb:UpdateItem",
    ]
    resources = [aws_dynamodb_table.bars.arn]
  }

  # The service looks the log group up by listing the account's log groups in the region,
  # which can only be granted on the log-group:* pattern (no resource-level filtering).
  statement {
    sid       = "FindLogGroup"
    effect    = "Allow"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
  }

  statement {
    sid       = "FindLogStream"
    effect    = "Allow"
    actions   = ["logs:DescribeLogStreams"]
    resources = ["${local.flink_log_group_arn}:log-stream:*"]
  }

  statement {
    sid       = "WriteLogs"
    effect    = "Allow"
    actions   = ["logs:PutLogEvents"]
    resources = ["${local.flink_log_group_arn}:log-stream:${local.flink_log_stream}"]
  }
}

resource "aws_iam_role" "flink" {
  count = local.flink_count

  name               = "${local.flink_app_name}-flink"
  description        = "Service execution role of the ${local.flink_app_name} Managed Flink application"
  assume_role_policy = data.aws_iam_policy_document.flink_assume[0].json
}

resource "aws_iam_role_policy" "flink" {
  count = local.flink_count

  name   = "bars"
  role   = aws_iam_role.flink[0].id
  policy = data.aws_iam_policy_document.flink[0].json
}

################################################################################
# Ingest: a managed policy for whoever runs the ingest jar, and optionally a role
################################################################################

data "aws_iam_policy_document" "ingest" {
  statement {
    sid    = "WriteStream"
    effect = "Allow"
    actions = [
      "kinesis:DescribeStreamSummary",
      "kinesis:ListShards",
      "kinesis:PutRecord",
      "kinesis:PutRecords",
    ]
    resources = [aws_kinesis_stream.trades.arn]
  }

  # Writing to a KMS-encrypted stream needs a data key from the stream's key.
  statement {
    sid       = "EncryptStream"
    effect    = "Allow"
    actions   = ["kms:GenerateDataKey"]
    resources = [aws_kms_key.stream.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.kinesis_service]
    }
  }
}

resource "aws_iam_policy" "ingest" {
  name        = local.ingest_name
  description = "Lets the ingest write trade records to the ${local.stream_name} stream, and nothing else"
  policy      = data.aws_iam_policy_document.ingest.json
}

data "aws_iam_policy_document" "ingest_assume" {
  count = length(var.ingest_trusted_principal_arns) > 0 ? 1 : 0

  statement {
    sid     = "TrustedPrincipalsAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = var.ingest_trusted_principal_arns
    }
  }
}

resource "aws_iam_role" "ingest" {
  count = length(var.ingest_trusted_principal_arns) > 0 ? 1 : 0

  name               = local.ingest_name
  description        = "Assumed by the ingest to write trade records to the ${local.stream_name} stream"
  assume_role_policy = data.aws_iam_policy_document.ingest_assume[0].json
}

resource "aws_iam_role_policy_attachment" "ingest" {
  count = length(var.ingest_trusted_principal_arns) > 0 ? 1 : 0

  role       = aws_iam_role.ingest[0].name
  policy_arn = aws_iam_policy.ingest.arn
}

################################################################################
# Ingest on ECS (ingest_enabled): an execution role for ECS itself, a task role for the ingest
################################################################################

# ECS pulls the public images (no permission needed), creates the log streams and reads the
# Finnhub token with this role, before the containers start.
data "aws_iam_policy_document" "ingest_execution_assume" {
  count = local.ingest_count

  statement {
    sid     = "EcsTasksAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = [data.aws_service_principal.this["ecs-tasks"].name]
    }
  }
}

data "aws_iam_policy_document" "ingest_execution" {
  count = local.ingest_count

  statement {
    sid    = "WriteLogs"
    effect = "Allow"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${aws_cloudwatch_log_group.ingest[0].arn}:log-stream:*"]
  }

  statement {
    sid       = "ReadFinnhubToken"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.finnhub[0].arn]
  }
}

resource "aws_iam_role" "ingest_execution" {
  count = local.ingest_count

  name               = "${local.ingest_name}-execution"
  description        = "ECS task execution role of the ${local.ingest_name} service: logs and the Finnhub token"
  assume_role_policy = data.aws_iam_policy_document.ingest_execution_assume[0].json
}

resource "aws_iam_role_policy" "ingest_execution" {
  count = local.ingest_count

  name   = "ingest-execution"
  role   = aws_iam_role.ingest_execution[0].id
  policy = data.aws_iam_policy_document.ingest_execution[0].json
}

# The containers' role: the jar copy reads the jar, the ingest writes the stream (the same
# managed policy as an ingest run by hand) and mounts its journal.
data "aws_iam_policy_document" "ingest_task_assume" {
  count = local.ingest_count

  statement {
    sid     = "EcsTasksAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = [data.aws_service_principal.this["ecs-tasks"].name]
    }

    # Confused-deputy protection: only ECS tasks of this account.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

data "aws_iam_policy_document" "ingest_task" {
  count = local.ingest_count

  statement {
    sid    = "ReadJar"
    effect = "Allow"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
    ]
    resources = ["${aws_s3_bucket.artifacts[0].arn}/${local.ingest_jar_key}"]
  }
}

data "aws_iam_policy_document" "ingest_journal" {
  count = local.ingest_efs_count

  statement {
    sid    = "MountJournal"
    effect = "Allow"
    actions = [
      "elasticfilesystem:ClientMount",
      "elasticfilesystem:ClientWrite",
    ]
    resources = [aws_efs_file_system.journal[0].arn]

    condition {
      test     = "StringEquals"
      variable = "elasticfilesystem:AccessPointArn"
      values   = [aws_efs_access_point.journal[0].arn]
    }
  }
}

resource "aws_iam_role" "ingest_task" {
  count = local.ingest_count

  name               = "${local.ingest_name}-task"
  description        = "Task role of the ${local.ingest_name} service: reads its jar, writes the ${local.stream_name} stream"
  assume_role_policy = data.aws_iam_policy_document.ingest_task_assume[0].json
}

resource "aws_iam_role_policy" "ingest_task" {
  count = local.ingest_count

  name   = "ingest-task"
  role   = aws_iam_role.ingest_task[0].id
  policy = data.aws_iam_policy_document.ingest_task[0].json
}

resource "aws_iam_role_policy" "ingest_journal" {
  count = local.ingest_efs_count

  name   = "ingest-journal"
  role   = aws_iam_role.ingest_task[0].id
  policy = data.aws_iam_policy_document.ingest_journal[0].json
}

resource "aws_iam_role_policy_attachment" "ingest_task_stream" {
  count = local.ingest_count

  role       = aws_iam_role.ingest_task[0].name
  policy_arn = aws_iam_policy.ingest.arn
}
